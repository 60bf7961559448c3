/** A projection: a named, versioned read model folded from events into its own slot of the read-model collection. */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { Consumer, SubscriptionMode } from '../processing/subscription.js';
import type { ProjectionView, ReadModelStore } from './readModelStore.js';

export interface ProjectionDefinition {
  readonly name: string;
  /** Bump it when the documents' shape or meaning changes: the new version is built beside the old, which serves until it has caught up. */
  readonly version: number;
  /** Inline: a reader waits for it to hold every event appended before the read. Async: read as far as it has got. */
  readonly mode: SubscriptionMode;
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
  apply(event: LedgerEvent, view: ProjectionView): Promise<void>;
  /** The document keys an event will touch, read from its stored payload, so a batch reads them in one query. */
  prefetch?(envelope: EventEnvelope): readonly string[];
  /**
   * Keys only this event ever writes (its own entry): absent until it is folded, so an event past everything the slot
   * holds needs no read of them.
   */
  ownKeys?(envelope: EventEnvelope): readonly string[];
}

/** `AccountSummary@v1#3`: the third build of version 1. */
export const slotName = (name: string, version: number, build: number): string => `${name}@v${version}#${build}`;

export function parseSlot(slot: string): { name: string; version: number; build: number } | undefined {
  const match = /^(.+)@v(\d+)#(\d+)$/.exec(slot);
  return match ? { name: match[1]!, version: Number(match[2]), build: Number(match[3]) } : undefined;
}

export const projectionSubscriptionName = (name: string): string => `projection:${name}`;

/** The projection as a subscription consumer writing into the slot `slotOf()` names at the time. */
export function projectionConsumer(definition: ProjectionDefinition, readModels: ReadModelStore, slotOf: () => string, name = projectionSubscriptionName(definition.name)): Consumer {
  return {
    name,
    kind: 'projection',
    mode: definition.mode,
    ...(definition.categories ? { categories: definition.categories } : {}),
    ...(definition.eventTypes ? { eventTypes: definition.eventTypes } : {}),
    beginBatch() {
      const batch = readModels.batch(slotOf());
      const { prefetch, ownKeys } = definition;
      return {
        ...(prefetch || ownKeys
          ? {
              prepare: (envelopes: readonly EventEnvelope[]) =>
                batch.prefetch(
                  envelopes.flatMap((e) => prefetch?.(e) ?? []),
                  envelopes.flatMap((e) => (ownKeys?.(e) ?? []).map((key) => ({ key, seq: e.seq }))),
                ),
            }
          : {}),
        handle: (event, delivery) => batch.apply(event, delivery.replay, (view) => definition.apply(event, view)),
        commit: () => batch.commit(),
      };
    },
  };
}
