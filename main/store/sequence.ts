/** The store's `seq`: the position of the last durable event, advanced only by the single writer after a write lands. */

import type { CommitIndexReader } from './commitIndexReader.js';

export interface Sequence {
  /** The `seq` of the last durable event (0 for an empty store). */
  last(): number;
  /** A write that used positions up to `seq` is durable. */
  advance(seq: number): void;
  /** After a refused write: read the position back from the store. */
  reload(): Promise<void>;
}

export async function createSequence(reader: CommitIndexReader): Promise<Sequence> {
  const read = async () => (await reader.lastCommit())?.lastSeq ?? 0;
  let last = await read();
  return {
    last: () => last,
    advance(seq) {
      last = seq;
    },
    async reload() {
      last = await read();
    },
  };
}
