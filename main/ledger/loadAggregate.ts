/**
 * Rebuilds an aggregate's state by folding its stream's events, upcast to today's versions, starting from the state
 * this process folded last (recentStates.ts) or else the newest usable snapshot; once more than the threshold of
 * events were folded past the last snapshot, a load leaves one behind.
 */

import type { DomainEvent } from '@fidelis/shared/decider.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry, StreamFacts } from '@fidelis/shared/events/registry.js';
import { createStreamReader, type StreamReader } from '@fidelis/shared/events/streamReader.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { parseWithBigints, stringifyWithBigints } from '@fidelis/shared/json/bigintJson.js';
import type { EventStore, StreamRange } from '../store/eventStore.js';
import type { AggregateSlice } from './aggregateSlice.js';
import type { RecentState, RecentStates } from './recentStates.js';
import { stateVersionOf, type NewSnapshot, type SnapshotStore } from './snapshots.js';

export interface LoadedAggregate<State> {
  readonly state: State;
  /** The events folded by this load (after the snapshot it started from, if any). */
  readonly events: readonly EventEnvelope[];
  /** Version of the last event the state includes; -1 for a stream with none. */
  readonly version: number;
  /** The snapshot the load started from, if any. */
  readonly snapshotVersion: number | undefined;
  /** Events of types this build does not know (written by a newer app): kept in the store, not folded. */
  readonly skippedUnknown: number;
  /** Those events, as stored: a state that left them out is incomplete, and nothing is decided on it. */
  readonly unreadable: readonly UnreadableEvent[];
  /** Stream facts recorded up to `version` (kept in snapshots for upcasting what follows). */
  readonly facts: StreamFacts;
}

/** An event whose type or version this build cannot read (written by a newer Fidelis). */
export interface UnreadableEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly seq: number;
}

/** Checked before a command is decided on a stream: a stream whose hash chain fails is refused (LEDGER_DAMAGED). */
export type StreamGuard = (streamId: string) => Promise<void>;

/** Where a fold starts: the initial state, or a snapshot's or a kept state with the stream facts it had recorded. */
export interface FoldStart<State> {
  readonly state: State;
  readonly version: number;
  readonly facts: StreamFacts;
  readonly snapshotVersion: number | undefined;
  /** When the start's last event was recorded (none for the initial state). */
  readonly lastRecordedAt?: string | undefined;
}

export async function loadAggregate<C extends { type: string }, E extends DomainEvent, S>(
  store: EventStore,
  registry: EventRegistry,
  slice: AggregateSlice<C, E, S>,
  aggregateId: string,
  range: StreamRange = {},
  snapshots?: SnapshotStore,
  recent?: RecentStates,
): Promise<LoadedAggregate<S>> {
  const streamId = streamIdOf(slice.category, aggregateId);
  // A partial fold (from a later version) is a diagnostic, not a state: no snapshot can serve it.
  const partial = (range.fromVersion ?? 0) > 0;
  // Only loads of the whole, current stream use and leave what later loads start from: they are the loads that repeat.
  const isHeadLoad = range.toVersion === undefined && !partial;
  const epoch = recent?.epoch() ?? 0;
  const kept = isHeadLoad ? recent?.get<S>(streamId) : undefined;
  const start = kept ? keptStart(kept) : partial ? initialStart(slice) : await startingPoint(slice, streamId, snapshots, { maxVersion: range.toVersion });
  // From a snapshot or a kept state at the head there is nothing to read: asking the store would make it fetch the last commit whole.
  const upTo = range.toVersion ?? (start.version < 0 ? undefined : await store.streamVersion(streamId));
  const events = await readRange(store, streamId, partial ? range.fromVersion! : start.version + 1, upTo);
  const fold = foldFrom(registry, slice, streamId, start, events);
  const loaded = { ...fold, events, snapshotVersion: start.snapshotVersion };
  // A state missing unreadable events is never kept: a later load must meet them again, not start past them.
  if (!isHeadLoad || fold.unreadable.length > 0 || fold.version < 0) return loaded;

  const lastRecordedAt = events.at(-1)?.recordedAt ?? start.lastRecordedAt!;
  let sinceSnapshot = (kept?.sinceSnapshot ?? 0) + events.length;
  if (snapshots && events.length > 0 && sinceSnapshot > snapshots.thresholdFor(slice.category)) {
    snapshots.saveLater(snapshotOf(slice, streamId, fold, lastRecordedAt));
    sinceSnapshot = 0;
  }
  recent?.keep(streamId, { state: fold.state, version: fold.version, facts: fold.facts, lastRecordedAt, sinceSnapshot }, epoch);
  return loaded;
}

const keptStart = <S>(kept: RecentState<S>): FoldStart<S> => ({ ...kept, snapshotVersion: undefined });

/**
 * The aggregate a command is decided on: refused while its stream is damaged (the guard) or holds an event this build
 * cannot read (UNREADABLE_EVENT) — a balance that leaves out a movement is a guess, and nothing is decided on a guess.
 */
export async function loadForDecision<C extends { type: string }, E extends DomainEvent, S>(
  deps: {
    readonly store: EventStore;
    readonly registry: EventRegistry;
    readonly snapshots?: SnapshotStore | undefined;
    readonly recent?: RecentStates | undefined;
    readonly guard?: StreamGuard | undefined;
  },
  slice: AggregateSlice<C, E, S>,
  aggregateId: string,
): Promise<LoadedAggregate<S>> {
  await deps.guard?.(streamIdOf(slice.category, aggregateId));
  const loaded = await loadAggregate(deps.store, deps.registry, slice, aggregateId, {}, deps.snapshots, deps.recent);
  if (loaded.unreadable.length > 0) throw unreadableEventError(streamIdOf(slice.category, aggregateId), loaded.unreadable);
  return loaded;
}

export function unreadableEventError(streamId: string, unreadable: readonly UnreadableEvent[]): DomainError {
  const types = [...new Set(unreadable.map((e) => e.type))].join(', ');
  const first = unreadable[0]!;
  return new DomainError(
    'UNREADABLE_EVENT',
    `${streamId} holds ${unreadable.length} event(s) this Fidelis cannot read (${types}; first at version ${first.version}, seq ${first.seq}): ` +
      'nothing is decided on it until the Fidelis that reads them is installed.',
    'streamId',
  );
}

/** A stream's events in [from, to]; an empty range (a snapshot already at the version asked for) reads nothing. */
export async function readRange(store: EventStore, streamId: string, fromVersion: number, toVersion?: number): Promise<EventEnvelope[]> {
  if (toVersion !== undefined && fromVersion > toVersion) return [];
  return store.readStream(streamId, toVersion === undefined ? { fromVersion } : { fromVersion, toVersion });
}

export const initialStart = <S>(slice: AggregateSlice<{ type: string }, DomainEvent, S>): FoldStart<S> => ({
  state: slice.decider.initialState,
  version: -1,
  facts: {},
  snapshotVersion: undefined,
});

/** The newest snapshot usable for the load (right state schema, not past the version or time asked for), or the initial state. */
export async function startingPoint<S>(
  slice: AggregateSlice<{ type: string }, DomainEvent, S>,
  streamId: string,
  snapshots: SnapshotStore | undefined,
  limits: { maxVersion?: number | undefined; maxRecordedAt?: string | undefined } = {},
): Promise<FoldStart<S>> {
  if (!snapshots) return initialStart(slice);
  const snapshot = await snapshots.latest(streamId, {
    stateVersion: stateVersionOf(slice.category, slice.decider.initialState),
    ...(limits.maxVersion === undefined ? {} : { maxVersion: limits.maxVersion }),
    ...(limits.maxRecordedAt === undefined ? {} : { maxRecordedAt: limits.maxRecordedAt }),
  });
  if (!snapshot) return initialStart(slice);
  return { state: parseWithBigints<S>(snapshot.state), version: snapshot.version, facts: snapshot.facts, snapshotVersion: snapshot.version, lastRecordedAt: snapshot.lastRecordedAt };
}

export interface Fold<S> {
  readonly state: S;
  readonly version: number;
  readonly facts: StreamFacts;
  readonly skippedUnknown: number;
  /** The events of this fold it could not read (not those of earlier pages, counted in skippedUnknown). */
  readonly unreadable: readonly UnreadableEvent[];
}

/** Folds events onto a starting point; keeps a reader for callers that fold a stream page by page. */
export function foldFrom<S>(
  registry: EventRegistry,
  slice: AggregateSlice<{ type: string }, DomainEvent, S>,
  streamId: string,
  start: FoldStart<S>,
  events: readonly EventEnvelope[],
  reader: StreamReader = createStreamReader(registry, streamId, start.facts),
  skippedBefore = 0,
): Fold<S> {
  let state = start.state;
  let version = start.version;
  let skippedUnknown = skippedBefore;
  const unreadable: UnreadableEvent[] = [];
  for (const envelope of events) {
    const event = reader.decode(envelope);
    version = envelope.version;
    if (event) {
      state = slice.decider.evolve(state, event);
    } else {
      // A type this build does not know (written by a newer app) cannot change rules it does not know either;
      // the state's version still moves past it, or the next append would expect a version the stream left behind.
      skippedUnknown++;
      unreadable.push({ id: envelope.id, type: envelope.type, version: envelope.version, seq: envelope.seq });
      state = atStreamVersion(state, version);
    }
  }
  return { state, version, facts: reader.facts(), skippedUnknown, unreadable };
}

/** Folds a whole list of events from the initial state (or `from`); unknown types are skipped. */
export function foldEvents<C extends { type: string }, E extends DomainEvent, S>(
  registry: EventRegistry,
  slice: AggregateSlice<C, E, S>,
  events: readonly EventEnvelope[],
  from: S = slice.decider.initialState,
): S {
  const streamId = events[0]?.streamId ?? '';
  return foldFrom(registry, slice, streamId, { state: from, version: -1, facts: {}, snapshotVersion: undefined }, events).state;
}

export function snapshotOf<S>(slice: AggregateSlice<{ type: string }, DomainEvent, S>, streamId: string, fold: Fold<S>, lastRecordedAt: string): NewSnapshot {
  return {
    streamId,
    category: slice.category,
    version: fold.version,
    stateVersion: stateVersionOf(slice.category, slice.decider.initialState),
    state: stringifyWithBigints(fold.state),
    facts: fold.facts,
    lastRecordedAt,
  };
}

/** States that track their stream version (every Fidelis aggregate) are moved to it; others are left alone. */
function atStreamVersion<S>(state: S, version: number): S {
  if (state && typeof state === 'object' && typeof (state as { version?: unknown }).version === 'number') {
    return { ...state, version };
  }
  return state;
}
