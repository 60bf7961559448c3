/**
 * `fidelis verify`: recomputes every stream's hash chain from the stored commit documents (read below RxDB, in pages
 * of `seq` order), checks each commit's stored hash and the version continuity of each stream, and names the first
 * broken link. Also the ledger head hash at a cut-off, which report manifests record.
 */

import { CHAIN_START, type ChainHead } from '@fidelis/shared/integrity/ledgerChain.js';
import { commitId, type CommitDocument } from '../store/commitSchema.js';
import type { EventStore } from '../store/eventStore.js';
import { chainEvents, ledgerHeadHash } from './chainHash.js';
import { createSignatureAudit, type SignatureVerification } from './signatureAudit.js';

/**
 * content-changed: the commit's content (or its stored hash) is not what was chained; hash-missing: a commit has no
 * hash; commit-removed: a stream skips versions a commit held; version-gap: a commit's own versions do not follow on.
 */
export type BrokenLinkKind = 'content-changed' | 'hash-missing' | 'commit-removed' | 'version-gap';

export interface BrokenLink {
  readonly kind: BrokenLinkKind;
  readonly streamId: string;
  /** The version where the chain breaks (for a removed commit: the first version missing). */
  readonly version: number;
  /** The commit at fault (for a removed commit: the id it had, keyed by its first version). */
  readonly commitId: string;
  /** The `seq` of the last event of the stored commit where the break was seen. */
  readonly seq: number;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

export interface LedgerVerification {
  readonly ok: boolean;
  readonly commits: number;
  readonly events: number;
  readonly streams: number;
  /** The last `seq` checked. */
  readonly headSeq: number;
  /** Digest of every stream head (stream id, version, hash) as stored: pins the whole ledger. */
  readonly ledgerHeadHash: string;
  /** The first broken link in `seq` order, or null for an intact ledger. */
  readonly firstBreak: BrokenLink | null;
  /** Every broken link found (each stream goes on from the stored hash after a break, so one edit counts once). */
  readonly breaks: number;
  /** Who signed each commit, checked against the staff history before it; `ok` is the chain's alone. */
  readonly signatures: SignatureVerification;
}

export type VerifyProgress = (done: number, total: number, label: string) => void;

/** Commits read per page: bounds memory, and the reader answers a page in one IndexedDB getAll. */
const PAGE = 1000;

interface StreamState {
  /** The version the stream's next commit must start at. */
  next: number;
  hash: string;
}

/** Verifies every commit, or those up to `cutoffSeq` (a backup's pinned head: later commits are not in it). */
export async function verifyLedger(store: Pick<EventStore, 'headSeq' | 'readCommits'>, progress?: VerifyProgress, pageSize = PAGE, cutoffSeq = Infinity): Promise<LedgerVerification> {
  const total = Math.min(store.headSeq(), cutoffSeq);
  const streams = new Map<string, StreamState>();
  let firstBreak: BrokenLink | null = null;
  let breaks = 0;
  let commits = 0;
  let events = 0;
  let after = 0;
  const audit = createSignatureAudit();
  const broken = (link: Omit<BrokenLink, 'message'>) => {
    breaks++;
    firstBreak ??= { ...link, message: describe(link) };
  };

  for (;;) {
    const page = (await store.readCommits(after, pageSize)).filter((doc) => doc.lastSeq <= cutoffSeq);
    if (page.length === 0) break;
    for (const doc of page) {
      commits++;
      events += doc.events.length;
      audit.check(doc);
      const state = streams.get(doc.streamId) ?? { next: 0, hash: CHAIN_START };
      const last = doc.version + doc.events.length - 1;
      const at = { streamId: doc.streamId, commitId: doc.id, seq: doc.lastSeq };
      const shape = shapeProblem(doc);
      if (doc.version > state.next) {
        broken({ kind: 'commit-removed', ...at, commitId: commitId(doc.streamId, state.next), version: state.next, expected: `version ${state.next}`, found: `version ${doc.version} (${doc.id})` });
      } else if (doc.version < state.next || shape) {
        broken({ kind: 'version-gap', ...at, version: doc.version, expected: `version ${state.next}`, found: shape ?? `version ${doc.version}` });
      } else {
        const recomputed = chainEvents(state.hash, doc.events);
        if (!doc.hash) broken({ kind: 'hash-missing', ...at, version: doc.version, expected: recomputed, found: 'no hash' });
        else if (doc.hash !== recomputed) broken({ kind: 'content-changed', ...at, version: doc.version, expected: recomputed, found: doc.hash });
        // After a break the stream goes on from what is stored, so the next commit is judged on its own.
        streams.set(doc.streamId, { next: last + 1, hash: doc.hash || recomputed });
        continue;
      }
      streams.set(doc.streamId, { next: Math.max(state.next, last + 1), hash: doc.hash ?? state.hash });
    }
    after = page[page.length - 1]!.lastSeq;
    progress?.(after, total, 'Verifying the ledger hash chain');
  }
  const heads: ChainHead[] = [...streams].map(([streamId, s]) => ({ streamId, version: s.next - 1, hash: s.hash }));
  return { ok: firstBreak === null, commits, events, streams: streams.size, headSeq: after, ledgerHeadHash: ledgerHeadHash(heads), firstBreak, breaks, signatures: audit.result() };
}

/** The ledger head hash as of `cutoffSeq`: every stream's last commit with `seq` at or below it, as stored. */
export async function ledgerHeadAt(store: EventStore, cutoffSeq: number, pageSize = PAGE): Promise<{ hash: string; streams: number }> {
  const heads = new Map<string, ChainHead>();
  for (let after = 0; after < cutoffSeq; ) {
    const page = await store.readCommits(after, pageSize);
    if (page.length === 0) break;
    for (const doc of page) {
      if (doc.lastSeq > cutoffSeq) break;
      const version = doc.version + doc.events.length - 1;
      if ((heads.get(doc.streamId)?.version ?? -1) < version) heads.set(doc.streamId, { streamId: doc.streamId, version, hash: doc.hash ?? CHAIN_START });
    }
    after = page[page.length - 1]!.lastSeq;
  }
  return { hash: ledgerHeadHash(heads.values()), streams: heads.size };
}

/** A commit whose own key, stream or event versions disagree with each other. */
export function shapeProblem(doc: CommitDocument): string | undefined {
  if (doc.id !== commitId(doc.streamId, doc.version)) return `commit id ${doc.id} for version ${doc.version}`;
  const wrong = doc.events.findIndex((e, i) => e.version !== doc.version + i || e.streamId !== doc.streamId);
  if (wrong >= 0) return `event ${doc.events[wrong]!.id} at version ${doc.events[wrong]!.version} of ${doc.events[wrong]!.streamId}, where version ${doc.version + wrong} of ${doc.streamId} belongs`;
  if (doc.events.length === 0) return 'a commit without events';
  return undefined;
}

const KIND_TEXT: Record<BrokenLinkKind, string> = {
  'content-changed': 'content changed (its stored hash is not the chain over its events)',
  'hash-missing': 'hash missing',
  'commit-removed': 'commit removed (the stream skips versions)',
  'version-gap': 'version gap',
};

export function describe(link: Omit<BrokenLink, 'message'>): string {
  return `Stream ${link.streamId} version ${link.version} (commit ${link.commitId}, seq ${link.seq}): ${KIND_TEXT[link.kind]}; expected ${link.expected}, found ${link.found}.`;
}
