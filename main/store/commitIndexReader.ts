/**
 * Reads commit documents straight from the IndexedDB table under RxDB's Dexie storage (getAll on its index ranges):
 * 3–5× faster than RxDB queries for stream loads, scans and look-ups (FACTS.md). Read-only, and the only module that
 * knows RxDB's internal layout — `_deleted` stored as '0'/'1' and leading every index, field names starting with '|'
 * stored as '__…' — so test/integration/store/storeReadPath.test.ts checks it against the RxDB query path.
 */

import type { RxCollection } from 'rxdb';
import type { CommitDocument } from './commitSchema.js';

export interface CommitIndexReader {
  /** Commits of a stream whose first version is within [fromVersion, toVersion], in version order. */
  streamCommits(streamId: string, fromVersion: number, toVersion: number): Promise<CommitDocument[]>;
  /** The stream's last commit whose first version is at most `version` (the one holding `version`, if any). */
  commitAtOrBefore(streamId: string, version: number): Promise<CommitDocument | undefined>;
  /** Versions of the streams' heads (-1 for a stream with no commit), read in one transaction. */
  streamHeads(streamIds: readonly string[]): Promise<Map<string, number>>;
  /** The streams' last commits (undefined for a stream with none), read in one transaction: heads with their hash. */
  streamTails(streamIds: readonly string[]): Promise<Map<string, CommitDocument | undefined>>;
  /** Commits whose last `seq` is greater than `afterSeq`, in `seq` order, at most `limit` of them. */
  commitsAfter(afterSeq: number, limit: number): Promise<CommitDocument[]>;
  /** The commit each command produced, for those that were appended. */
  commitsByCommand(commandIds: readonly string[]): Promise<Map<string, CommitDocument>>;
  /** The commit with the highest `seq`. */
  lastCommit(): Promise<CommitDocument | undefined>;
}

/** What RxDB keeps beside the document's own fields. */
interface StoredCommit extends CommitDocument {
  _deleted?: unknown;
  _rev?: unknown;
  _meta?: unknown;
  _attachments?: unknown;
}

interface DexieInternals {
  dexieDb: { backendDB(): IDBDatabase; _options: { IDBKeyRange: typeof IDBKeyRange } };
}

/** RxDB's Dexie storage: one object store of documents, named `docs`, indexes named `[field+field…]`. */
const DOCS = 'docs';
const LIVE = '0';
const BY_STREAM = '[_deleted+streamId+version+id]';
const BY_SEQ = '[_deleted+lastSeq+id]';
const BY_COMMAND = '[_deleted+commandId+id]';
/** An array sorts after every string and number in IndexedDB: the end of a key prefix. */
const AFTER: unknown[] = [];

export async function createCommitIndexReader(commits: RxCollection<CommitDocument>): Promise<CommitIndexReader> {
  const internals = (await (commits.storageInstance as unknown as { internals: Promise<DexieInternals> }).internals).dexieDb;
  const KeyRange = internals._options.IDBKeyRange;

  /** Runs `body` on a read-only transaction's object store; resolves with what it produced once the transaction is done. */
  function read<T>(body: (store: IDBObjectStore, done: (value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const transaction = internals.backendDB().transaction(DOCS, 'readonly');
      let result: T;
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB read failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB read aborted'));
      body(transaction.objectStore(DOCS), (value) => (result = value));
    });
  }

  /** The last commit in an index range, through one step of a backward cursor. */
  const lastIn = (store: IDBObjectStore, index: string, range: IDBKeyRange, done: (doc: CommitDocument | undefined) => void) => {
    const request = store.index(index).openCursor(range, 'prev');
    request.onsuccess = () => done(request.result ? toCommit(request.result.value as StoredCommit) : undefined);
  };

  const streamRange = (streamId: string, from: number, to: number) => KeyRange.bound([LIVE, streamId, from], [LIVE, streamId, to, AFTER]);

  return {
    streamCommits: (streamId, fromVersion, toVersion) =>
      read((store, done) => {
        const request = store.index(BY_STREAM).getAll(streamRange(streamId, fromVersion, toVersion));
        request.onsuccess = () => done((request.result as StoredCommit[]).map(toCommit));
      }),

    commitAtOrBefore: (streamId, version) => read((store, done) => lastIn(store, BY_STREAM, streamRange(streamId, -Infinity, version), done)),

    streamHeads: (streamIds) =>
      read((store, done) => {
        const heads = new Map<string, number>();
        const unique = [...new Set(streamIds)];
        if (unique.length === 0) done(heads);
        for (const streamId of unique) {
          lastIn(store, BY_STREAM, streamRange(streamId, -Infinity, Infinity), (doc) => {
            heads.set(streamId, doc ? doc.version + doc.events.length - 1 : -1);
            if (heads.size === unique.length) done(heads);
          });
        }
      }),

    streamTails: (streamIds) =>
      read((store, done) => {
        const tails = new Map<string, CommitDocument | undefined>();
        const unique = [...new Set(streamIds)];
        if (unique.length === 0) done(tails);
        for (const streamId of unique) {
          lastIn(store, BY_STREAM, streamRange(streamId, -Infinity, Infinity), (doc) => {
            tails.set(streamId, doc);
            if (tails.size === unique.length) done(tails);
          });
        }
      }),

    commitsAfter: (afterSeq, limit) =>
      read((store, done) => {
        const request = store.index(BY_SEQ).getAll(KeyRange.bound([LIVE, afterSeq, AFTER], [LIVE, Infinity]), limit);
        request.onsuccess = () => done((request.result as StoredCommit[]).map(toCommit));
      }),

    commitsByCommand: (commandIds) =>
      read((store, done) => {
        const found = new Map<string, CommitDocument>();
        const unique = [...new Set(commandIds)];
        let answered = 0;
        if (unique.length === 0) done(found);
        const answer = () => ++answered === unique.length && done(found);
        for (const commandId of unique) {
          // Nearly every id asked about is new: ask for the key only, and decode a document only when there is one.
          const key = store.index(BY_COMMAND).getKey(KeyRange.bound([LIVE, commandId], [LIVE, commandId, AFTER]));
          key.onsuccess = () => {
            if (key.result === undefined) return answer();
            const doc = store.get(key.result);
            doc.onsuccess = () => {
              found.set(commandId, toCommit(doc.result as StoredCommit));
              answer();
            };
          };
        }
      }),

    lastCommit: () => read((store, done) => lastIn(store, BY_SEQ, KeyRange.bound([LIVE, -Infinity], [LIVE, Infinity]), done)),
  };
}

/** The document as RxDB's query path returns it: its own fields only, with RxDB's key substitution undone. */
function toCommit(stored: StoredCommit): CommitDocument {
  const { id, streamId, version, lastSeq, commandId, commandHash, events, hash } = stored;
  const doc: CommitDocument = { id, streamId, version, lastSeq, commandId, commandHash, events: hasSubstitutedKey(events) ? revertKeys(events) : events };
  // A dir from before format 3 holds commits without one until its migration has run.
  if (hash !== undefined) doc.hash = hash;
  return doc;
}

/** RxDB stores a field named `|x` as `__x` (IndexedDB cannot index a leading pipe) and reads any `__x` back as `|x`. */
const SUBSTITUTE = '__';

function hasSubstitutedKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSubstitutedKey);
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) {
    if (key.includes(SUBSTITUTE) || hasSubstitutedKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** RxDB's rule exactly (dexieReplaceIfStartsWithPipeRevert): each dot-separated part of a key is reverted. */
const revertKey = (key: string) =>
  key
    .split('.')
    .map((part) => (part.startsWith(SUBSTITUTE) ? `|${part.slice(SUBSTITUTE.length)}` : part))
    .join('.');

function revertKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(revertKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [revertKey(key), revertKeys(inner)])) as T;
}
