/**
 * Temporal loads: an aggregate as it stood at a version or as of a time, from the nearest usable snapshot. The
 * result is a view: nothing in it can be executed against, so history is never decided upon by mistake.
 */

import type { DomainEvent } from '@fidelis/shared/decider.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { EventStore } from '../store/eventStore.js';
import type { AggregateSlice } from './aggregateSlice.js';
import { foldFrom, readRange, startingPoint, type Fold } from './loadAggregate.js';
import type { SnapshotStore } from './snapshots.js';

/** A point in a stream's past: exactly one of a version or a time. */
export type TemporalPoint = { readonly atVersion: number } | { readonly asOf: string };

export interface TemporalLoad<S> {
  readonly state: S;
  readonly version: number;
  readonly point: TemporalPoint;
  readonly snapshotVersion: number | undefined;
  /** Events folded after the snapshot (or from the start). */
  readonly replayed: number;
}

/** How many events an as-of load reads at a time while it looks for the first one past its time. */
const PAGE = 500;

/** Checks what a caller gave (a CLI, the renderer): both options, neither, or a malformed one is a VALIDATION error. */
export function parseTemporalPoint(input: { atVersion?: string | number | undefined; asOf?: string | undefined }): TemporalPoint {
  const { atVersion, asOf } = input;
  if (atVersion !== undefined && asOf !== undefined) {
    throw new DomainError('VALIDATION', 'Give either a version (--at-version) or a time (--as-of), not both.', 'asOf');
  }
  if (atVersion !== undefined) {
    const text = String(atVersion);
    if (!/^\d+$/.test(text)) throw new DomainError('VALIDATION', 'The version is a whole number (0 is the opening).', 'atVersion');
    return { atVersion: Number(text) };
  }
  if (asOf !== undefined) {
    // Date.parse accepts far too much ("1"); insist on an ISO date, with a time and zone if a time is given.
    const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
    const millis = Date.parse(asOf);
    if (!iso.test(asOf) || Number.isNaN(millis)) {
      throw new DomainError('VALIDATION', `"${asOf}" is not an ISO time such as 2026-11-26T14:30:00Z.`, 'asOf');
    }
    return { asOf: new Date(millis).toISOString() };
  }
  throw new DomainError('VALIDATION', 'Give a version (--at-version) or a time (--as-of).', 'atVersion');
}

export async function loadAggregateAt<C extends { type: string }, E extends DomainEvent, S>(
  deps: { readonly store: EventStore; readonly registry: EventRegistry; readonly snapshots?: SnapshotStore | undefined },
  slice: AggregateSlice<C, E, S>,
  aggregateId: string,
  point: TemporalPoint,
): Promise<TemporalLoad<S>> {
  const streamId = streamIdOf(slice.category, aggregateId);
  const head = await deps.store.streamVersion(streamId);
  if (head < 0) throw new DomainError('ACCOUNT_NOT_FOUND', `No ${slice.category} ${aggregateId}.`, 'accountId');

  if ('atVersion' in point) {
    if (point.atVersion > head) {
      throw new DomainError('VALIDATION', `${slice.category} ${aggregateId} is at version ${head}; version ${point.atVersion} does not exist yet.`, 'atVersion');
    }
    const start = await startingPoint(slice, streamId, deps.snapshots, { maxVersion: point.atVersion });
    const events = await readRange(deps.store, streamId, start.version + 1, point.atVersion);
    const fold = foldFrom(deps.registry, slice, streamId, start, events);
    return { state: fold.state, version: fold.version, point, snapshotVersion: start.snapshotVersion, replayed: events.length };
  }

  // As of a time: what the ledger had recorded by then. Events are read a page at a time until one is later.
  const start = await startingPoint(slice, streamId, deps.snapshots, { maxRecordedAt: point.asOf });
  const reader = createStreamReader(deps.registry, streamId, start.facts);
  let fold: Fold<S> = { state: start.state, version: start.version, facts: start.facts, skippedUnknown: 0, unreadable: [] };
  let replayed = 0;
  let firstRecordedAt: string | undefined;
  for (let from = start.version + 1; from <= head; from += PAGE) {
    const page = await deps.store.readStream(streamId, { fromVersion: from, toVersion: Math.min(from + PAGE - 1, head) });
    firstRecordedAt ??= page[0]?.recordedAt;
    const cut = page.findIndex((event) => event.recordedAt > point.asOf);
    const included = cut < 0 ? page : page.slice(0, cut);
    fold = foldFrom(deps.registry, slice, streamId, { ...start, state: fold.state, version: fold.version }, included, reader, fold.skippedUnknown);
    replayed += included.length;
    if (cut >= 0 || page.length === 0) break;
  }
  if (fold.version < 0) {
    throw new DomainError(
      'ACCOUNT_NOT_FOUND',
      `${capitalise(slice.category)} ${aggregateId} did not exist yet at ${point.asOf}: it was opened at ${firstRecordedAt ?? 'a later time'}.`,
      'asOf',
    );
  }
  return { state: fold.state, version: fold.version, point, snapshotVersion: start.snapshotVersion, replayed };
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
