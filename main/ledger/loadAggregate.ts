/**
 * Rebuilds an aggregate's state by folding its stream's events, upcast to today's versions, starting from the newest
 * usable snapshot when there is one; a load that replays more than the threshold leaves a snapshot behind.
 */

import type { DomainEvent } from '@fidelis/shared/decider.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry, StreamFacts } from '@fidelis/shared/events/registry.js';
import { createStreamReader, type StreamReader } from '@fidelis/shared/events/streamReader.js';
import { parseWithBigints, stringifyWithBigints } from '@fidelis/shared/json/bigintJson.js';
import type { EventStore, StreamRange } from '../store/eventStore.js';
import type { AggregateSlice } from './aggregateSlice.js';
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
  /** Stream facts recorded up to `version` (kept in snapshots for upcasting what follows). */
  readonly facts: StreamFacts;
}

/** Where a fold starts: the initial state, or a snapshot's state with the stream facts it had recorded. */
export interface FoldStart<State> {
  readonly state: State;
  readonly version: number;
  readonly facts: StreamFacts;
  readonly snapshotVersion: number | undefined;
}

export async function loadAggregate<C extends { type: string }, E extends DomainEvent, S>(
  store: EventStore,
  registry: EventRegistry,
  slice: AggregateSlice<C, E, S>,
  aggregateId: string,
  range: StreamRange = {},
  snapshots?: SnapshotStore,
): Promise<LoadedAggregate<S>> {
  const streamId = streamIdOf(slice.category, aggregateId);
  // A partial fold (from a later version) is a diagnostic, not a state: no snapshot can serve it.
  const partial = (range.fromVersion ?? 0) > 0;
  const start = partial ? initialStart(slice) : await startingPoint(slice, streamId, snapshots, { maxVersion: range.toVersion });
  // From a snapshot at the head there is nothing to read: asking the store would make it fetch the last commit whole.
  const upTo = range.toVersion ?? (start.snapshotVersion === undefined ? undefined : await store.streamVersion(streamId));
  const events = await readRange(store, streamId, partial ? range.fromVersion! : start.version + 1, upTo);
  const fold = foldFrom(registry, slice, streamId, start, events);
  const loaded = { ...fold, events, snapshotVersion: start.snapshotVersion };

  // Only loads of the whole, current stream leave a snapshot: they are the loads that will repeat.
  const isHeadLoad = range.toVersion === undefined && !partial;
  if (snapshots && isHeadLoad && events.length > snapshots.thresholdFor(slice.category) && fold.version >= 0) {
    snapshots.saveLater(snapshotOf(slice, streamId, fold, events[events.length - 1]!.recordedAt));
  }
  return loaded;
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
  return { state: parseWithBigints<S>(snapshot.state), version: snapshot.version, facts: snapshot.facts, snapshotVersion: snapshot.version };
}

export interface Fold<S> {
  readonly state: S;
  readonly version: number;
  readonly facts: StreamFacts;
  readonly skippedUnknown: number;
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
  for (const envelope of events) {
    const event = reader.decode(envelope);
    version = envelope.version;
    if (event) {
      state = slice.decider.evolve(state, event);
    } else {
      // A type this build does not know (written by a newer app) cannot change rules it does not know either;
      // the state's version still moves past it, or the next append would expect a version the stream left behind.
      skippedUnknown++;
      state = atStreamVersion(state, version);
    }
  }
  return { state, version, facts: reader.facts(), skippedUnknown };
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
