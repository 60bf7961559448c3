/** IDBObjectStore: requests on one store of a transaction; schema changes during an upgrade. */

import { indexKeyOf, type IndexMeta, type StoreMeta } from './catalog.js';
import { SqliteCursor, toDirection } from './cursor.js';
import { idbError } from './errors.js';
import { nameList, type NameList } from './events.js';
import { SqliteIndex } from './indexHandle.js';
import { canInjectKey, evaluateKeyPath, injectKey, NO_VALUE, toKeyPath, type KeyPath } from './keyPath.js';
import { boundsOf, toRange } from './keyRange.js';
import { decodeKey, encodeKey } from './keys.js';
import { serializeValue } from './jsonValue.js';
import type { SqliteRequest } from './request.js';
import type { SqliteTransaction } from './transaction.js';

/** getAll's count: absent or 0 means all (-1 to SQL's LIMIT). */
export const limitOf = (count: unknown): number => {
  if (count === undefined) return -1;
  const value = Number(count);
  if (!Number.isFinite(value) || value < 0 || value > 2 ** 32 - 1) throw new TypeError('count must be an unsigned long.');
  return Math.floor(value) === 0 ? -1 : Math.floor(value);
};

export const copyKeyPath = (keyPath: KeyPath | null): KeyPath | null => (Array.isArray(keyPath) ? [...keyPath] : keyPath);

export class SqliteObjectStore {
  /** @internal */
  _deleted = false;
  private readonly indexHandles = new Map<string, SqliteIndex>();

  constructor(
    readonly transaction: SqliteTransaction,
    /** @internal */
    readonly _meta: StoreMeta,
  ) {}

  get name(): string {
    return this._meta.name;
  }

  get keyPath(): KeyPath | null {
    return copyKeyPath(this._meta.keyPath);
  }

  get autoIncrement(): boolean {
    return this._meta.autoIncrement;
  }

  get indexNames(): NameList {
    return nameList(this._meta.indexes.keys());
  }

  /** @internal */
  _markDeleted(): void {
    this._deleted = true;
  }

  /** @internal checks shared by every request: the store exists and the transaction takes requests */
  _assertUsable(): void {
    if (this._deleted) throw idbError('InvalidStateError', 'The object store was deleted.');
    this.transaction._assertActive();
  }

  /** @internal */
  _assertWritable(): void {
    this._assertUsable();
    if (this.transaction.mode === 'readonly') throw idbError('ReadOnlyError', 'The transaction is read-only.');
  }

  put(value: unknown, key?: unknown): SqliteRequest {
    return this._write(value, key, true, this);
  }

  add(value: unknown, key?: unknown): SqliteRequest {
    return this._write(value, key, false, this);
  }

  /** @internal stores a record; the cursor's update() comes through here too, as its own request source */
  _write(value: unknown, key: unknown, overwrite: boolean, source: unknown): SqliteRequest {
    this._assertWritable();
    const meta = this._meta;
    const text = serializeValue(value);
    let keyValue: unknown = key;
    if (meta.keyPath !== null) {
      if (key !== undefined) throw idbError('DataError', 'The store has a key path: the key comes from the value.');
      const found = evaluateKeyPath(value, meta.keyPath);
      keyValue = found === NO_VALUE ? undefined : found;
      if (keyValue === undefined && (!meta.autoIncrement || !canInjectKey(value, meta.keyPath as string))) {
        throw idbError('DataError', 'The value has no valid key at the store\'s key path.');
      }
    } else if (key === undefined && !meta.autoIncrement) {
      throw idbError('DataError', 'The store has no key path and no key generator: give a key.');
    }
    const primary = keyValue === undefined ? undefined : encodeKey(keyValue);
    const indexes = [...meta.indexes.values()];
    const indexKeys = indexes.map((index) => indexKeyOf(value, index));
    const shape = meta.shape;
    const { catalog, records } = this.transaction._engine;
    return this.transaction._place(source, () => {
      let primaryKey = primary;
      let stored = text;
      let keys = indexKeys;
      if (!primaryKey) {
        const generated = catalog.generateKey(meta);
        primaryKey = encodeKey(generated);
        if (meta.keyPath !== null) {
          const copy = JSON.parse(text) as Record<string, unknown>;
          injectKey(copy, meta.keyPath as string, generated);
          stored = JSON.stringify(copy);
          keys = [...meta.indexes.values()].map((index) => indexKeyOf(copy, index));
        }
      } else {
        if (meta.autoIncrement && typeof keyValue === 'number') catalog.noteExplicitKey(meta, keyValue);
        // Indexes created since the request was placed: derive its keys from the value as it was then.
        if (meta.shape !== shape) keys = [...meta.indexes.values()].map((index) => indexKeyOf(JSON.parse(text), index));
      }
      records.put(meta, primaryKey, stored, keys, overwrite);
      return decodeKey(primaryKey);
    });
  }

  delete(query: unknown): SqliteRequest {
    this._assertWritable();
    const bounds = boundsOf(toRange(query, false) ?? requiredRange());
    return this.transaction._place(this, () => {
      this.transaction._engine.records.delete(this._meta, bounds);
      return undefined;
    });
  }

  clear(): SqliteRequest {
    this._assertWritable();
    return this.transaction._place(this, () => {
      this.transaction._engine.records.delete(this._meta, {});
      return undefined;
    });
  }

  get(query: unknown): SqliteRequest {
    this._assertUsable();
    const bounds = boundsOf(toRange(query, false) ?? requiredRange());
    return this.transaction._place(this, () => {
      const [value] = this.transaction._engine.records.values(this._meta, undefined, bounds, 'next', 1);
      return value === undefined ? undefined : JSON.parse(value);
    });
  }

  getKey(query: unknown): SqliteRequest {
    this._assertUsable();
    const bounds = boundsOf(toRange(query, false) ?? requiredRange());
    return this.transaction._place(this, () => {
      const [row] = this.transaction._engine.records.rows(this._meta, undefined, bounds, 'next', 1, false);
      return row && decodeKey(row[1]);
    });
  }

  getAll(query?: unknown, count?: unknown): SqliteRequest {
    this._assertUsable();
    const bounds = boundsOf(toRange(query));
    const limit = limitOf(count);
    return this.transaction._place(this, () => this.transaction._engine.records.values(this._meta, undefined, bounds, 'next', limit).map((value) => JSON.parse(value) as unknown));
  }

  getAllKeys(query?: unknown, count?: unknown): SqliteRequest {
    this._assertUsable();
    const bounds = boundsOf(toRange(query));
    const limit = limitOf(count);
    return this.transaction._place(this, () => this.transaction._engine.records.rows(this._meta, undefined, bounds, 'next', limit, false).map((row) => decodeKey(row[1])));
  }

  count(query?: unknown): SqliteRequest {
    this._assertUsable();
    const bounds = boundsOf(toRange(query));
    return this.transaction._place(this, () => this.transaction._engine.records.count(this._meta, undefined, bounds));
  }

  openCursor(query?: unknown, direction?: unknown): SqliteRequest {
    return this.cursor(query, direction, true);
  }

  openKeyCursor(query?: unknown, direction?: unknown): SqliteRequest {
    return this.cursor(query, direction, false);
  }

  private cursor(query: unknown, direction: unknown, withValues: boolean): SqliteRequest {
    this._assertUsable();
    const cursor = new SqliteCursor(this, undefined, toRange(query), toDirection(direction), withValues, this);
    return cursor._open();
  }

  index(name: string): SqliteIndex {
    if (this._deleted) throw idbError('InvalidStateError', 'The object store was deleted.');
    if (this.transaction._phase === 'finished') throw idbError('InvalidStateError', 'The transaction has finished.');
    let handle = this.indexHandles.get(name);
    if (handle && !handle._deleted) return handle;
    const meta = this._meta.indexes.get(name);
    if (!meta) throw idbError('NotFoundError', `No index named ${name} on ${this.name}.`);
    handle = new SqliteIndex(this, meta);
    this.indexHandles.set(name, handle);
    return handle;
  }

  createIndex(name: string, keyPath: unknown, options: { unique?: boolean; multiEntry?: boolean } = {}): SqliteIndex {
    this.assertUpgrading();
    if (this._meta.indexes.has(name)) throw idbError('ConstraintError', `An index named ${name} exists.`);
    const path = toKeyPath(keyPath);
    if (options.multiEntry && Array.isArray(path)) throw idbError('InvalidAccessError', 'A multiEntry index cannot have a compound key path.');
    if (options.multiEntry) throw idbError('NotSupportedError', 'This IndexedDB does not support multiEntry indexes.');
    let meta: IndexMeta;
    try {
      meta = this.transaction._engine.catalog.createIndex(this._meta, name, path, Boolean(options.unique));
    } catch (error) {
      if (!(error instanceof DOMException) || error.name !== 'ConstraintError') throw error;
      // Stored records break the unique index: IndexedDB aborts the upgrade, after createIndex has returned.
      this.transaction._abortInTurn(error);
      meta = { id: -1, name, keyPath: path, unique: true, distinct: true, column: 'NULL' };
    }
    const handle = new SqliteIndex(this, meta);
    this.indexHandles.set(name, handle);
    return handle;
  }

  deleteIndex(name: string): void {
    this.assertUpgrading();
    const meta = this._meta.indexes.get(name);
    if (!meta) throw idbError('NotFoundError', `No index named ${name} on ${this.name}.`);
    this.transaction._engine.catalog.deleteIndex(this._meta, meta);
    this.indexHandles.get(name)?._markDeleted();
    this.indexHandles.delete(name);
  }

  private assertUpgrading(): void {
    if (this.transaction.mode !== 'versionchange') throw idbError('InvalidStateError', 'Indexes change only in an upgrade.');
    if (this._deleted) throw idbError('InvalidStateError', 'The object store was deleted.');
    this.transaction._assertActive();
  }

  get [Symbol.toStringTag](): string {
    return 'IDBObjectStore';
  }
}

function requiredRange(): never {
  throw idbError('DataError', 'A key or key range is required.');
}
