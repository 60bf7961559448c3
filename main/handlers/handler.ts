/**
 * An event handler (or process manager): a subscription with effects. Delivery is at least once, so a handler
 * makes its effects idempotent — records keyed by event id, commands with an id derived from the event.
 */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { Consumer, Delivery, SubscriptionMode } from '../processing/subscription.js';
import type { ProjectionView, ReadModelStore } from '../projections/readModelStore.js';

export interface HandlerContext {
  readonly delivery: Delivery;
  readonly logger: Logger;
  /**
   * Runs a command caused by this event: its correlation id is the event's, its causation id the event's id,
   * and unless given, its command id is `<handler>:<event id>[:n]` so a redelivery is applied once.
   */
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /**
   * What the handler remembers between events (its `memorySlot`), written once per batch after its effects: an
   * event redelivered after a crash finds its effects done and its memory not yet changed, and changes it once.
   */
  readonly memory: ProjectionView;
}

export interface HandlerDefinition {
  readonly name: string;
  /** Async (the default) for anything that issues commands: an inline handler would wait on itself. */
  readonly mode?: SubscriptionMode;
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
  /** The read-model slot holding the handler's memory (see `HandlerContext.memory`). */
  readonly memorySlot?: string;
  handle(event: LedgerEvent, context: HandlerContext): Promise<void>;
  /** Sees the stored envelopes of a batch (those it reads) before their events are handled. */
  prepare?(envelopes: readonly EventEnvelope[]): void;
  /** Called once per batch before the checkpoint moves: effects a handler gathered (appends) are written here together. */
  flush?(): Promise<void>;
}

export type ExecuteCommand = (request: unknown, meta?: CommandMetaInput) => Promise<CommandOutcome>;

/** Command metadata for a command an event causes: done for the person behind the event, by this handler. */
export function causedBy(event: LedgerEvent, handler: string, index: number, given: CommandMetaInput = {}): CommandMetaInput {
  return {
    ...given,
    actor: given.actor ?? event.meta.actor,
    process: given.process ?? handler,
    commandId: given.commandId ?? `${handler}:${event.id}${index === 0 ? '' : `:${index}`}`,
    correlationId: given.correlationId ?? event.meta.correlationId,
    causationId: given.causationId ?? event.id,
  };
}

export function handlerConsumer(definition: HandlerDefinition, execute: ExecuteCommand, logger: Logger, readModels: ReadModelStore): Consumer {
  return {
    name: definition.name,
    kind: 'handler',
    mode: definition.mode ?? 'async',
    ...(definition.categories ? { categories: definition.categories } : {}),
    ...(definition.eventTypes ? { eventTypes: definition.eventTypes } : {}),
    beginBatch() {
      const memory = readModels.batch(definition.memorySlot ?? `handler:${definition.name}`);
      return {
        ...(definition.prepare ? { prepare: async (envelopes: readonly EventEnvelope[]) => definition.prepare!(envelopes) } : {}),
        async handle(event, delivery) {
          let issued = 0;
          await memory.apply(event, delivery.replay, (view) =>
            definition.handle(event, {
              delivery,
              logger,
              memory: view,
              execute: (request, meta) => execute(request, causedBy(event, definition.name, issued++, meta)),
            }),
          );
        },
        async commit() {
          await definition.flush?.();
          await memory.commit();
        },
      };
    },
  };
}
