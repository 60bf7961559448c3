/**
 * Data-dir migration to format 3, before any append: gives every commit without a hash its chain hash, stream by
 * stream in version order. Commits are read in `seq` pages; a stream whose commits do not come in version order by
 * `seq` is hashed again from its own index at the end. A commit already hashed (an interrupted migration running
 * again) keeps its hash: the chain goes on from it.
 */

import type { RxCollection } from 'rxdb';
import { chainEvents } from '../integrity/chainHash.js';
import type { CommitDocument } from './commitSchema.js';
import type { CommitIndexReader } from './commitIndexReader.js';
import { NO_HEAD, type Head } from './streamHeads.js';

/** Commits read and re-written per step. */
const FILL_PAGE = 1000;

/** Resolves with the number of commits it hashed; `progress` hears the `seq` reached out of `total`. */
export async function fillChainHashes(
  commits: RxCollection<CommitDocument>,
  reader: CommitIndexReader,
  total: number,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const streams = new Map<string, Head>();
  const outOfOrder = new Set<string>();
  let hashed = 0;
  const save = async (docs: CommitDocument[]) => {
    if (docs.length === 0) return;
    const { error } = await commits.bulkUpsert(docs);
    if (error.length > 0) throw new Error(`Could not store the chain hash of ${error.length} commit(s): ${error.map((e) => e.documentId).join(', ')}`);
    hashed += docs.length;
  };
  for (let after = 0; ; ) {
    const page = await reader.commitsAfter(after, FILL_PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.lastSeq;
    const changed: CommitDocument[] = [];
    for (const doc of page) {
      if (outOfOrder.has(doc.streamId)) continue;
      const head = streams.get(doc.streamId) ?? NO_HEAD;
      if (doc.version !== head.version + 1) {
        outOfOrder.add(doc.streamId);
        continue;
      }
      const hash = doc.hash ?? chainEvents(head.hash, doc.events);
      if (doc.hash === undefined) changed.push({ ...doc, hash });
      streams.set(doc.streamId, { version: doc.version + doc.events.length - 1, hash });
    }
    await save(changed);
    progress?.(after, total);
  }
  for (const streamId of outOfOrder) {
    let head = NO_HEAD;
    const changed: CommitDocument[] = [];
    for (const doc of await reader.streamCommits(streamId, 0, Number.MAX_SAFE_INTEGER)) {
      const hash = doc.hash ?? chainEvents(head.hash, doc.events);
      if (doc.hash === undefined) changed.push({ ...doc, hash });
      head = { version: doc.version + doc.events.length - 1, hash };
    }
    await save(changed);
  }
  return hashed;
}
