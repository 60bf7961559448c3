/**
 * The aggregate states this process folded last, kept in memory: a later load of the same stream folds only the
 * events appended since, instead of reading and parsing a snapshot and every event after it. Like snapshots, a cache
 * and never the truth. A state is valid only while the history it was folded from stands: when sync removes
 * superseded commits the store's history epoch moves, and every state folded before is dropped.
 */

import type { StreamFacts } from '@fidelis/shared/events/registry.js';
import { BoundedCache } from '../store/boundedCache.js';

/** A folded state at a version, with what a load continues from (facts for upcasting) and what snapshots need. */
export interface RecentState<S = unknown> {
  readonly state: S;
  readonly version: number;
  readonly facts: StreamFacts;
  /** When the last event it includes was recorded. */
  readonly lastRecordedAt: string;
  /** Events folded into it since the snapshot its fold started from (or the stream's start): a snapshot is due past the threshold. */
  readonly sinceSnapshot: number;
}

export interface RecentStates {
  /** The store's history epoch now; a load reads it before its first read and hands it to `keep`. */
  epoch(): number;
  /** The stream's newest state kept, unless history changed since. */
  get<S>(streamId: string): RecentState<S> | undefined;
  /** Keeps a fold's result, unless history changed since `epoch` (the load may have read what is gone) or a newer state is kept. */
  keep(streamId: string, recent: RecentState, epoch: number): void;
}

interface Kept {
  readonly recent: RecentState;
  readonly epoch: number;
}

/** At most `capacity` streams, the least recently loaded forgotten first. */
export function createRecentStates(historyEpoch: () => number, capacity: number): RecentStates {
  const kept = new BoundedCache<string, Kept>(capacity);
  return {
    epoch: historyEpoch,

    get<S>(streamId: string) {
      const entry = kept.get(streamId);
      if (entry === undefined) return undefined;
      if (entry.epoch !== historyEpoch()) {
        kept.delete(streamId);
        return undefined;
      }
      return entry.recent as RecentState<S>;
    },

    keep(streamId, recent, epoch) {
      if (epoch !== historyEpoch()) return;
      const current = kept.get(streamId);
      // Two loads of one stream may finish out of order: the older fold must not replace the newer.
      if (current !== undefined && current.epoch === epoch && current.recent.version > recent.version) return;
      kept.set(streamId, { recent, epoch });
    },
  };
}
