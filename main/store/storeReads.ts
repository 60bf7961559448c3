/** The store's reads, straight from the commit index: a stream (or a version range of it), and everything after a `seq`. */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { CommitIndexReader } from './commitIndexReader.js';
import type { EventStore } from './storeContract.js';

export type StoreReads = Pick<EventStore, 'readStream' | 'readAll' | 'readCommits'>;

export function createStoreReads(reader: CommitIndexReader): StoreReads {
  return {
    async readStream(streamId, { fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) {
      // An empty range (`events read --limit 0`) reads nothing; IndexedDB would throw on an inverted key range.
      if (toVersion < fromVersion) return [];
      const docs = await reader.streamCommits(streamId, fromVersion, toVersion);
      // A commit starting before fromVersion may still hold it.
      if (fromVersion > 0 && docs[0]?.version !== fromVersion) {
        const first = await reader.commitAtOrBefore(streamId, fromVersion - 1);
        if (first) docs.unshift(first);
      }
      const events = docs.flatMap((d) => d.events);
      const whole = events.length === 0 || (events[0]!.version >= fromVersion && events.at(-1)!.version <= toVersion);
      return whole ? events : events.filter((e) => e.version >= fromVersion && e.version <= toVersion);
    },

    readCommits: (afterSeq, limit) => reader.commitsAfter(afterSeq, limit),

    async readAll(afterSeq, limit): Promise<EventEnvelope[]> {
      const docs = await reader.commitsAfter(afterSeq, limit);
      return docs
        .flatMap((d) => d.events)
        .filter((e) => e.seq > afterSeq)
        .slice(0, limit);
    },
  };
}
