/**
 * Runs a command: remember-or-decide, append with the expected version, re-decide a bounded number of times
 * after losing a race. Returns once the events are durable.
 */

import { createHash } from 'node:crypto';
import type { DomainEvent } from '@fidelis/shared/decider.js';
import type { EventEnvelope, EventMeta } from '@fidelis/shared/events/envelope.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { canonicalJson } from '@fidelis/shared/json/canonicalJson.js';
import { ConcurrencyError } from '../store/errors.js';
import type { EventStore } from '../store/eventStore.js';
import type { AggregateSlice } from './aggregateSlice.js';
import { loadForDecision, type StreamGuard } from './loadAggregate.js';
import type { RecentStates } from './recentStates.js';
import type { SnapshotStore } from './snapshots.js';

export interface CommandOutcome {
  readonly streamId: string;
  readonly aggregateId: string;
  /** The stream's version after the command. */
  readonly version: number;
  readonly events: readonly EventEnvelope[];
  /** True when the command id had been seen: this is the first run's result again. */
  readonly duplicate: boolean;
}

export interface PipelineDeps {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly now: () => Date;
  readonly maxConflictRetries: number;
  /** Loads start from the newest snapshot and leave one past the threshold (main/ledger/snapshots.ts). */
  readonly snapshots?: SnapshotStore;
  /** Loads continue the state this process folded last, when it has one (main/ledger/recentStates.ts). */
  readonly recent?: RecentStates;
  /** Refuses a stream that failed its chain check (main/safety/integrityMonitor.ts). */
  readonly guard?: StreamGuard;
}

export async function runCommand<C extends { type: string }, E extends DomainEvent, S>(
  deps: PipelineDeps,
  slice: AggregateSlice<C, E, S>,
  command: C,
  meta: EventMeta,
  /** Hash of the command as the caller sent it (before ids were assigned), which identifies a retry. */
  commandHash: string = hashCommand(command),
): Promise<CommandOutcome> {
  const aggregateId = slice.aggregateIdOf(command);
  const streamId = streamIdOf(slice.category, aggregateId);

  // A retry must get its first answer even if the world moved on since (a withdrawal that drained the account).
  // Its stream is taken from the first run: an OpenAccount retried without an id was given a new one this time.
  const earlier = await deps.store.findByCommand(meta.commandId);
  if (earlier) {
    if (earlier.commandHash !== commandHash) throw idempotencyConflict(meta.commandId);
    return {
      streamId: earlier.streamId,
      aggregateId: earlier.streamId.slice(slice.category.length + 1),
      version: earlier.version,
      events: earlier.events,
      duplicate: true,
    };
  }

  for (let attempt = 0; ; attempt++) {
    const { state } = await loadForDecision(deps, slice, aggregateId);
    const decision = slice.decider.decide(command, state, { now: deps.now().toISOString() });
    if (decision instanceof DomainError) throw decision;
    const occurredAt = deps.now().toISOString();
    try {
      const result = await deps.store.append({
        streamId,
        expected: (state as { version: number }).version,
        events: decision.map((event) => ({ ...deps.registry.encode(event), occurredAt })),
        meta,
        commandHash,
      });
      return { streamId, aggregateId, version: result.version, events: result.events, duplicate: result.duplicate };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (attempt >= deps.maxConflictRetries) {
        throw new DomainError(
          'CONCURRENCY_CONFLICT',
          `The account changed ${attempt + 1} times while this command was being decided; try again.`,
          'version',
        );
      }
    }
  }
}

/** A stable SHA-256 of a command: its canonical JSON, so field order does not matter. */
export function hashCommand(command: unknown): string {
  return createHash('sha256').update(canonicalJson(command)).digest('hex');
}

const idempotencyConflict = (commandId: string) =>
  new DomainError('IDEMPOTENCY_CONFLICT', `Command id ${commandId} was already used for a different command.`, 'commandId');
