/**
 * The ledger's hash chain checked a page at a time from any `seq`, so a pass can stop and resume where it left off:
 * each commit is judged against the commit before it in its stream (from this pass, or read from the store), never
 * against state the pass would have to rebuild from the start.
 */

import { CHAIN_START } from '@fidelis/shared/integrity/ledgerChain.js';
import { BoundedCache } from '../store/boundedCache.js';
import { commitId, type CommitDocument } from '../store/commitSchema.js';
import type { CommitIndexReader } from '../store/commitIndexReader.js';
import { chainEvents } from './chainHash.js';
import { describe, shapeProblem, type BrokenLink } from './ledgerVerify.js';

/** What a pass reads: pages in `seq` order, and the commit before one where the pass has not seen it. */
export type ScrubSource = Pick<CommitIndexReader, 'commitsAfter' | 'commitAtOrBefore' | 'streamCommits'>;

export interface ScrubPage {
  /** The `seq` the page ended at (the next page starts after it). */
  readonly position: number;
  readonly commits: number;
  readonly events: number;
  /** Broken links found in the page, in `seq` order. */
  readonly breaks: readonly BrokenLink[];
}

interface Head {
  readonly version: number;
  readonly hash: string;
}

const NO_HEAD: Head = { version: -1, hash: CHAIN_START };
/** Streams whose head a pass remembers; a stream forgotten costs one look-up when it comes up again. */
const REMEMBERED_STREAMS = 50_000;

export interface ChainScrub {
  /** Checks the commits after `afterSeq` (at most `limit`); undefined at the end of the ledger. */
  page(afterSeq: number, limit: number): Promise<ScrubPage | undefined>;
}

export function createChainScrub(source: ScrubSource): ChainScrub {
  const heads = new BoundedCache<string, Head>(REMEMBERED_STREAMS);

  async function headBefore(doc: CommitDocument): Promise<Head> {
    const known = heads.get(doc.streamId);
    if (known && known.version === doc.version - 1) return known;
    if (doc.version === 0) return NO_HEAD;
    const previous = await source.commitAtOrBefore(doc.streamId, doc.version - 1);
    return previous ? { version: previous.version + previous.events.length - 1, hash: previous.hash ?? CHAIN_START } : NO_HEAD;
  }

  return {
    async page(afterSeq, limit) {
      const docs = await source.commitsAfter(afterSeq, limit);
      if (docs.length === 0) return undefined;
      const breaks: BrokenLink[] = [];
      let events = 0;
      for (const doc of docs) {
        events += doc.events.length;
        const broken = checkCommit(doc, await headBefore(doc));
        if (broken) breaks.push(broken);
        heads.set(doc.streamId, { version: doc.version + doc.events.length - 1, hash: doc.hash ?? CHAIN_START });
      }
      return { position: docs[docs.length - 1]!.lastSeq, commits: docs.length, events, breaks };
    },
  };
}

/** One stream's whole chain, from version 0: the first broken link, or undefined when it holds. */
export async function verifyStream(source: Pick<ScrubSource, 'streamCommits'>, streamId: string): Promise<BrokenLink | undefined> {
  let head = NO_HEAD;
  for (const doc of await source.streamCommits(streamId, 0, Number.MAX_SAFE_INTEGER)) {
    const broken = checkCommit(doc, head);
    if (broken) return broken;
    head = { version: doc.version + doc.events.length - 1, hash: doc.hash ?? CHAIN_START };
  }
  return undefined;
}

/** The commit judged against the head of its stream before it. */
export function checkCommit(doc: CommitDocument, before: Head): BrokenLink | undefined {
  const at = { streamId: doc.streamId, commitId: doc.id, seq: doc.lastSeq };
  const link = (found: Omit<BrokenLink, 'message' | 'streamId' | 'commitId' | 'seq'> & Partial<Pick<BrokenLink, 'commitId'>>): BrokenLink => {
    const whole = { ...at, ...found };
    return { ...whole, message: describe(whole) };
  };
  const next = before.version + 1;
  const shape = shapeProblem(doc);
  if (doc.version > next) return link({ kind: 'commit-removed', commitId: commitId(doc.streamId, next), version: next, expected: `version ${next}`, found: `version ${doc.version} (${doc.id})` });
  if (doc.version < next || shape) return link({ kind: 'version-gap', version: doc.version, expected: `version ${next}`, found: shape ?? `version ${doc.version}` });
  const recomputed = chainEvents(before.hash, doc.events);
  if (!doc.hash) return link({ kind: 'hash-missing', version: doc.version, expected: recomputed, found: 'no hash' });
  if (doc.hash !== recomputed) return link({ kind: 'content-changed', version: doc.version, expected: recomputed, found: doc.hash });
  return undefined;
}
