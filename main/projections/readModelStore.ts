/**
 * Every read model's documents in one RxDB collection, keyed by slot (model, version, build) and key. Projections
 * write through batches: documents are read once, changed in memory event by event, and written together; each
 * document remembers the last `seq` folded into it, so an event redelivered after a crash is not applied twice.
 */

import { clone, type RxCollection, type RxDocumentData } from 'rxdb';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { ReadModelDocument } from '../processing/processingSchemas.js';
import { writeDocuments, type DocumentChange } from '../store/documentWrite.js';
import { queryDocuments, readDocumentsById } from '../store/documentRead.js';
import { KeyFilter } from './keyFilter.js';
import { SlotReaders } from './slotReaders.js';

export interface ReadModelQuery {
  /** Conditions on the documents' data, Mango style (`{ status: 'ACTIVE' }`). */
  readonly where?: Record<string, unknown>;
  /** Keys from `gte` (inclusive) to `lt` (exclusive), read through the (slot, key) index: prefix searches, time ranges. */
  readonly keyRange?: { readonly gte: string; readonly lt: string };
  readonly orderBy?: 'key' | 'seq';
  readonly descending?: boolean;
  readonly limit?: number;
  readonly skip?: number;
}

/** What a projection sees while it folds one event. */
export interface ProjectionView {
  get<T>(key: string): Promise<T | undefined>;
  /** Changes one document; skipped when the document already holds this event. Returning undefined deletes it. */
  update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<void>;
  /**
   * As `update`, but `change` gets the batch's own copy of the document (made at its first change in the batch) and
   * may change it in place and return it: a document every event of a batch folds into is copied once a batch, not
   * once an event. `change` must not throw once it has changed the draft, which the batch keeps.
   */
  revise<T extends object>(key: string, change: (draft: T | undefined) => T | undefined): Promise<void>;
}

export interface SlotBatch {
  /**
   * Reads these documents in one query before the events that need them are folded. `own`: keys only the event of
   * that `seq` writes; past the highest `seq` the slot holds, they are known absent without a read.
   */
  prefetch(keys: readonly string[], own?: readonly { readonly key: string; readonly seq: number }[]): Promise<void>;
  /** Folds one event; its changes join the batch only if `apply` succeeds. */
  apply(event: LedgerEvent, replay: boolean, fold: (view: ProjectionView) => Promise<void>): Promise<void>;
  commit(): Promise<void>;
}

export interface ReadModelStore {
  get<T>(slot: string, key: string): Promise<T | undefined>;
  find<T>(slot: string, query?: ReadModelQuery): Promise<T[]>;
  count(slot: string, where?: Record<string, unknown>, keyRange?: ReadModelQuery['keyRange']): Promise<number>;
  /** Writes a document outright (a handler's own record, such as an alert a rule raised): derived from events, as every read model is. */
  put(slot: string, key: string, data: Record<string, unknown>, seq?: number): Promise<void>;
  /** Writes it unless it exists: true when it was written. */
  insertOnce(slot: string, key: string, data: Record<string, unknown>, seq: number): Promise<boolean>;
  /** Deletes every document of a slot, a page at a time; returns how many. */
  truncate(slot: string): Promise<number>;
  /** Deletes a build readers were switched away from, once the reads that still named it are done (slotReaders.ts). */
  retire(slot: string): Promise<number>;
  /**
   * Empties a slot a build is about to fill: while it fills, a document not yet written there is known absent without
   * a read (this store is the slot's only writer; after a restart, reads go to the disk again).
   */
  clearForBuild(slot: string): Promise<void>;
  /** A batch writer for a projection's slot. */
  batch(slot: string): SlotBatch;
  /** What the documents kept in memory between batches weigh, all slots together (bounded by `cacheBytes`). */
  cachedBytes(): number;
}

export interface ReadModelStoreOptions {
  /** The most the documents kept in memory may weigh, all slots together, in (estimated) bytes. */
  readonly cacheBytes?: number;
  /** How long no read of a retired build must begin before it is deleted. */
  readonly retireQuietMs?: number;
}

interface Stored {
  seq: number;
  replayed: string[];
  data: Record<string, unknown> | undefined;
  /** The stored version as last read or written (absent while it does not exist): the next write starts from it, without a read. */
  version: RxDocumentData<ReadModelDocument> | undefined;
}

const docId = (slot: string, key: string): string => `${slot}|${key}`;
const PAGE = 1_000;

/** Slots being built whose written keys are remembered (64 KiB each, growing to about 1.3 MiB at a million keys); beyond it the oldest builds read from disk again. */
const BUILDS_TRACKED = 16;

/** Documents kept in memory between batches, all slots together: a projection is its slot's only writer, so they stay true. */
const CACHE_BYTES = 32 * 1024 * 1024;
/** Far longer than the gap between the queries of one read (a search's count and page), which follow each other at once. */
const RETIRE_QUIET_MS = 250;
/** A cached document's weight beyond its JSON: the entry, its key and its arrays. */
const ENTRY_OVERHEAD = 160;

// The data counts twice when the stored document is kept beside it.
const weightOf = (key: string, stored: Stored): number =>
  ENTRY_OVERHEAD +
  2 * (key.length + (stored.data === undefined ? 0 : JSON.stringify(stored.data).length * (stored.version ? 2 : 1)) + stored.replayed.reduce((sum, id) => sum + id.length + 8, 0));

/** The least recently used documents go first once the cache passes its weight; one cache serves every slot. */
class DocumentCache {
  readonly #entries = new Map<string, { stored: Stored; bytes: number }>();
  #bytes = 0;

  constructor(private readonly capacity: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  get(slot: string, key: string): Stored | undefined {
    const id = docId(slot, key);
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.stored;
  }

  has(slot: string, key: string): boolean {
    return this.#entries.has(docId(slot, key));
  }

  set(slot: string, key: string, stored: Stored): void {
    const id = docId(slot, key);
    this.delete(slot, key);
    const bytes = weightOf(id, stored);
    // A document heavier than the whole cache is read from disk each time rather than emptying the cache for it.
    if (bytes > this.capacity) return;
    this.#entries.set(id, { stored, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.capacity) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  delete(slot: string, key: string): void {
    const id = docId(slot, key);
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
  }

  /** Forgets a slot's documents (truncated, or a failed write left memory unsure of the disk). */
  dropSlot(slot: string): void {
    const prefix = docId(slot, '');
    for (const [id, entry] of this.#entries) {
      if (!id.startsWith(prefix)) continue;
      this.#entries.delete(id);
      this.#bytes -= entry.bytes;
    }
  }
}

export function createReadModelStore(collection: RxCollection<ReadModelDocument>, options: ReadModelStoreOptions = {}): ReadModelStore {
  const cache = new DocumentCache(options.cacheBytes ?? CACHE_BYTES);
  const readers = new SlotReaders(options.retireQuietMs ?? RETIRE_QUIET_MS);

  const selectorOf = (slot: string, where: Record<string, unknown> = {}, keyRange?: ReadModelQuery['keyRange']) => ({
    slot,
    ...(keyRange ? { key: { $gte: keyRange.gte, $lt: keyRange.lt } } : {}),
    ...Object.fromEntries(Object.entries(where).map(([field, condition]) => [`data.${field}`, condition])),
  });

  /** Slots being filled from empty, with the keys written to each so far. */
  const builds = new Map<string, KeyFilter>();
  const written = (slot: string, key: string) => builds.get(slot)?.add(key);
  /** The highest `seq` each slot held on disk when first asked, and the highest this store has written into it since. */
  const highestOnDisk = new Map<string, number>();
  const highestWritten = new Map<string, number>();
  const raise = (slot: string, seq: number) => highestWritten.set(slot, Math.max(seq, highestWritten.get(slot) ?? 0));
  /** The slot's lowest `seq` above `seq`, if any: one row read at the start of the ascending [slot, seq] index range. */
  const firstAbove = async (slot: string, seq: number): Promise<number | undefined> =>
    (await collection.findOne({ selector: { slot, seq: { $gt: seq } }, sort: [{ slot: 'asc' }, { seq: 'asc' }] as never }).exec())?.seq;

  /**
   * The slot's highest `seq` on disk, in about 2·log2(seq) one-row look-ups. RxDB answers a descending sort by reading
   * the whole range and sorting it (ActivityFeed and Journal hold a document per event: ~500,000 at 1M events).
   */
  async function highestOnDiskOf(slot: string): Promise<number> {
    let low = await firstAbove(slot, 0);
    if (low === undefined) return 0;
    // Gallop to a `seq` nothing lies above, then halve the gap; `low` is always a seq the slot holds.
    let step = 1;
    let high = low + step;
    for (let above = await firstAbove(slot, high); above !== undefined; above = await firstAbove(slot, high)) {
      low = above;
      step *= 2;
      high = low + step;
    }
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const above = await firstAbove(slot, middle);
      if (above === undefined) high = middle;
      else low = above;
    }
    return low;
  }

  async function highestSeq(slot: string): Promise<number> {
    let onDisk = highestOnDisk.get(slot);
    if (onDisk === undefined) {
      onDisk = await highestOnDiskOf(slot);
      highestOnDisk.set(slot, onDisk);
    }
    return Math.max(onDisk, highestWritten.get(slot) ?? 0);
  }

  async function load(slot: string, keys: readonly string[]): Promise<Map<string, Stored>> {
    const filter = builds.get(slot);
    const stored = filter ? keys.filter((key) => filter.mayHave(key)) : keys;
    // The stored versions straight from the storage: this store keeps what it reads in a cache of its own, and the
    // RxDocuments findByIds would build (and RxDB's document cache keep an entry for) would only be garbage.
    const found = await readDocumentsById(collection, stored.map((k) => docId(slot, k)));
    const result = new Map<string, Stored>();
    for (const key of keys) {
      const doc = found.get(docId(slot, key));
      result.set(key, doc ? { seq: doc.seq, replayed: [...doc.replayed], data: clone(doc.data), version: doc } : { seq: 0, replayed: [], data: undefined, version: undefined });
    }
    return result;
  }

  const store: ReadModelStore = {
    // Reads take the stored versions straight from the storage (documentRead.ts): each is read once and handed over,
    // so RxDocuments and RxDB's caches would only add work and garbage.
    get<T>(slot: string, key: string) {
      const id = docId(slot, key);
      return readers.read(slot, async () => (await readDocumentsById(collection, [id])).get(id)?.data as T | undefined);
    },

    find<T>(slot: string, { where, keyRange, orderBy = 'key', descending = false, limit, skip }: ReadModelQuery = {}) {
      const direction = descending ? 'desc' : 'asc';
      return readers.read(slot, async () => {
        const docs = await queryDocuments(collection, {
          selector: selectorOf(slot, where, keyRange),
          sort: [{ slot: direction }, { [orderBy]: direction }] as never,
          ...(limit === undefined ? {} : { limit }),
          ...(skip === undefined ? {} : { skip }),
        });
        return docs.map((d) => d.data as T);
      });
    },

    count(slot, where, keyRange) {
      // A count over data fields is not backed by an index, which RxDB refuses to count slowly: fetch the keys.
      return readers.read(slot, async () => (await queryDocuments(collection, { selector: selectorOf(slot, where, keyRange) })).length);
    },

    async put(slot, key, data, seq = 0) {
      written(slot, key);
      raise(slot, seq);
      await collection.upsert({ id: docId(slot, key), slot, key, seq, replayed: [], data });
      cache.delete(slot, key);
    },

    async insertOnce(slot, key, data, seq) {
      written(slot, key);
      raise(slot, seq);
      const { error } = await collection.bulkInsert([{ id: docId(slot, key), slot, key, seq, replayed: [], data }]);
      if (error.length === 0) return true;
      if (error.every((e) => e.status === 409)) return false;
      throw new Error(`Could not write ${docId(slot, key)}: ${error.map((e) => e.status).join(', ')}`);
    },

    async clearForBuild(slot) {
      await store.truncate(slot);
      builds.set(slot, new KeyFilter());
      while (builds.size > BUILDS_TRACKED) builds.delete(builds.keys().next().value!);
    },

    async truncate(slot) {
      builds.delete(slot);
      highestOnDisk.delete(slot);
      highestWritten.delete(slot);
      cache.dropSlot(slot);
      let removed = 0;
      let previous = '';
      for (;;) {
        // Read from the storage, not through collection.find: RxDocuments for documents about to go would be garbage,
        // and RxDB's caches kept an entry for each (a rebuilt Journal's old build: ~500,000 at 1M events).
        const page = await queryDocuments(collection, { selector: { slot }, sort: [{ slot: 'asc' }, { key: 'asc' }], limit: PAGE });
        if (page.length === 0) return removed;
        // The same page twice means the removal did not take (a closed database): stop rather than spin.
        const ids = page.map((d) => d.id);
        if (ids.join('\n') === previous) throw new Error(`Could not delete the documents of ${slot}.`);
        previous = ids.join('\n');
        // Removed from the versions just read, in one storage write (bulkRemove would read them all again first).
        await writeDocuments(collection, page.map((doc) => ({ previous: doc, data: undefined })), 'fidelis-read-model-truncate');
        removed += page.length;
      }
    },

    async retire(slot) {
      await readers.quiet(slot);
      return store.truncate(slot);
    },

    cachedBytes: () => cache.bytes,

    batch(slot) {
      const dirty = new Map<string, Stored>();

      /** Keys known not to exist yet (an event's own keys, past everything the slot holds). */
      const absent = new Set<string>();
      /**
       * Documents `revise` copied or made in this batch: no one else holds them until the commit writes them (and the
       * cache, the stored version and RxDB's change events share them from then on), so until then they change in place.
       */
      let drafts = new WeakSet<object>();

      const read = async (key: string, staged: Map<string, Stored>): Promise<Stored> => {
        const known = staged.get(key) ?? dirty.get(key) ?? cache.get(slot, key);
        if (known) return known;
        if (absent.has(key)) return { seq: 0, replayed: [], data: undefined, version: undefined };
        const loaded = (await load(slot, [key])).get(key)!;
        cache.set(slot, key, loaded);
        return loaded;
      };

      return {
        async prefetch(keys, own = []) {
          const top = own.length === 0 ? 0 : await highestSeq(slot);
          const wanted = [...keys];
          for (const { key, seq } of own) {
            if (seq > top) absent.add(key);
            else wanted.push(key);
          }
          const missing = [...new Set(wanted)].filter((key) => !dirty.has(key) && !cache.has(slot, key));
          if (missing.length === 0) return;
          for (const [key, stored] of await load(slot, missing)) cache.set(slot, key, stored);
        },
        async apply(event, replay, fold) {
          const staged = new Map<string, Stored>();
          const change = async (key: string, next: (current: Stored['data']) => Stored['data']) => {
            const current = await read(key, staged);
            // Already folded in: delivered again after a crash, or replayed twice.
            if (replay ? current.replayed.includes(event.id) : current.seq >= event.seq) return;
            const data = next(current.data);
            if (data === undefined && current.data === undefined) return;
            staged.set(key, {
              seq: Math.max(current.seq, event.seq),
              replayed: replay ? [...current.replayed, event.id] : current.replayed,
              data,
              version: current.version,
            });
          };
          await fold({
            async get<T>(key: string) {
              return (await read(key, staged)).data as T | undefined;
            },
            update: <T>(key: string, next: (current: T | undefined) => T | undefined) =>
              change(key, (current) => next(current as T | undefined) as Stored['data']),
            revise: <T extends object>(key: string, next: (draft: T | undefined) => T | undefined) =>
              change(key, (current) => {
                const draft = current === undefined || drafts.has(current) ? current : clone(current);
                const data = next(draft as T | undefined) as Stored['data'];
                if (data !== undefined) drafts.add(data);
                return data;
              }),
          });
          for (const [key, stored] of staged) dirty.set(key, stored);
        },

        async commit() {
          if (dirty.size === 0) return;
          // New, changed and removed documents in one storage write, from the versions already in hand: one transaction,
          // one durable write (an upsert would insert, wait for that commit, then update in another).
          const changes: DocumentChange<ReadModelDocument>[] = [...dirty].map(([key, entry]) => ({
            previous: entry.version,
            data: entry.data === undefined ? undefined : { id: docId(slot, key), slot, key, seq: entry.seq, replayed: entry.replayed, data: entry.data },
          }));
          // Remembered before the write: a key marked but never written only costs a read.
          for (const [key, entry] of dirty) {
            written(slot, key);
            raise(slot, entry.seq);
          }
          let stored: Map<string, RxDocumentData<ReadModelDocument> | undefined>;
          try {
            stored = await writeDocuments(collection, changes, 'fidelis-read-model-batch');
          } catch (error) {
            // What is in memory may now differ from the disk: forget it and read again.
            cache.dropSlot(slot);
            throw error;
          }
          // An event's own entry (Journal's and ActivityFeed's: one per event) is written once and not read again: kept,
          // it would fill the cache with the ledger's newest entries and push out the shared documents batches do read.
          for (const [key, entry] of dirty) if (!absent.has(key)) cache.set(slot, key, { ...entry, version: stored.get(docId(slot, key)) });
          dirty.clear();
          drafts = new WeakSet();
        },
      };
    },
  };
  return store;
}
