/** Stream heads as the writer needs them (the last version, and the hash the next commit chains from), cached and bounded. */

import { CHAIN_START } from '@fidelis/shared/integrity/ledgerChain.js';
import { BoundedCache } from './boundedCache.js';
import type { CommitDocument } from './commitSchema.js';
import type { CommitIndexReader } from './commitIndexReader.js';

export interface Head {
  readonly version: number;
  readonly hash: string;
}

export const NO_HEAD: Head = { version: -1, hash: CHAIN_START };
export const headOf = (doc: CommitDocument | undefined): Head => (doc ? { version: doc.version + doc.events.length - 1, hash: doc.hash ?? CHAIN_START } : NO_HEAD);

export interface StreamHeads {
  /** The stream's last version (-1 for none), from memory or one read. */
  version(streamId: string): Promise<number>;
  /** The writer's look-up: these streams' heads, those memory lacks read in one go and remembered. */
  load(streamIds: readonly string[]): Promise<Map<string, Head>>;
  /** A write moved these streams to these heads. */
  written(heads: Iterable<readonly [string, Head]>): void;
  /** A write changed these streams in a way to be read back: forget their heads. */
  forget(streamIds: Iterable<string>): void;
  forgetAll(): void;
}

export function createStreamHeads(reader: CommitIndexReader, capacity: number): StreamHeads {
  const heads = new BoundedCache<string, Head>(capacity);
  // Bumped by every write: a read that started before one must not cache its stale answer.
  let generation = 0;

  return {
    async version(streamId) {
      const cached = heads.get(streamId);
      if (cached !== undefined) return cached.version;
      const started = generation;
      const head = headOf((await reader.streamTails([streamId])).get(streamId));
      if (started === generation) heads.set(streamId, head);
      return head.version;
    },

    async load(streamIds) {
      const found = new Map<string, Head>();
      for (const streamId of streamIds) {
        const head = heads.get(streamId);
        if (head !== undefined) found.set(streamId, head);
      }
      const missing = streamIds.filter((id) => !found.has(id));
      if (missing.length === 0) return found;
      // Called inside the single writer: no write can land between this read and its use.
      for (const [streamId, tail] of await reader.streamTails(missing)) {
        const head = headOf(tail);
        found.set(streamId, head);
        heads.set(streamId, head);
      }
      return found;
    },

    written(entries) {
      generation++;
      for (const [streamId, head] of entries) heads.set(streamId, head);
    },

    forget(streamIds) {
      generation++;
      for (const streamId of streamIds) heads.delete(streamId);
    },

    forgetAll() {
      generation++;
      heads.clear();
    },
  };
}
