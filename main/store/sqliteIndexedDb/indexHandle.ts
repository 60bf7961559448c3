/** IDBIndex: reads through one index of a store, in index key order then primary key order. */

import type { IndexMeta } from './catalog.js';
import { SqliteCursor, toDirection } from './cursor.js';
import { idbError } from './errors.js';
import type { KeyPath } from './keyPath.js';
import { boundsOf, toRange } from './keyRange.js';
import { decodeKey } from './keys.js';
import { copyKeyPath, limitOf, type SqliteObjectStore } from './objectStore.js';
import type { SqliteRequest } from './request.js';

export class SqliteIndex {
  /** @internal */
  _deleted = false;
  readonly multiEntry = false;

  constructor(
    readonly objectStore: SqliteObjectStore,
    /** @internal */
    readonly _meta: IndexMeta,
  ) {}

  get name(): string {
    return this._meta.name;
  }

  get keyPath(): KeyPath {
    return copyKeyPath(this._meta.keyPath)!;
  }

  get unique(): boolean {
    return this._meta.unique;
  }

  /** @internal */
  _markDeleted(): void {
    this._deleted = true;
  }

  private assertUsable(): void {
    if (this._deleted) throw idbError('InvalidStateError', 'The index was deleted.');
    this.objectStore._assertUsable();
  }

  private get records() {
    return this.objectStore.transaction._engine.records;
  }

  private place(operation: () => unknown): SqliteRequest {
    return this.objectStore.transaction._place(this, operation);
  }

  get(query: unknown): SqliteRequest {
    this.assertUsable();
    const bounds = boundsOf(toRange(query, false) ?? requiredRange());
    return this.place(() => {
      const [value] = this.records.values(this.objectStore._meta, this._meta, bounds, 'next', 1);
      return value === undefined ? undefined : JSON.parse(value);
    });
  }

  getKey(query: unknown): SqliteRequest {
    this.assertUsable();
    const bounds = boundsOf(toRange(query, false) ?? requiredRange());
    return this.place(() => {
      const [row] = this.records.rows(this.objectStore._meta, this._meta, bounds, 'next', 1, false);
      return row && decodeKey(row[1]);
    });
  }

  getAll(query?: unknown, count?: unknown): SqliteRequest {
    this.assertUsable();
    const bounds = boundsOf(toRange(query));
    const limit = limitOf(count);
    return this.place(() => this.records.values(this.objectStore._meta, this._meta, bounds, 'next', limit).map((value) => JSON.parse(value) as unknown));
  }

  getAllKeys(query?: unknown, count?: unknown): SqliteRequest {
    this.assertUsable();
    const bounds = boundsOf(toRange(query));
    const limit = limitOf(count);
    return this.place(() => this.records.rows(this.objectStore._meta, this._meta, bounds, 'next', limit, false).map((row) => decodeKey(row[1])));
  }

  count(query?: unknown): SqliteRequest {
    this.assertUsable();
    const bounds = boundsOf(toRange(query));
    return this.place(() => this.records.count(this.objectStore._meta, this._meta, bounds));
  }

  openCursor(query?: unknown, direction?: unknown): SqliteRequest {
    this.assertUsable();
    return new SqliteCursor(this.objectStore, this._meta, toRange(query), toDirection(direction), true, this)._open();
  }

  openKeyCursor(query?: unknown, direction?: unknown): SqliteRequest {
    this.assertUsable();
    return new SqliteCursor(this.objectStore, this._meta, toRange(query), toDirection(direction), false, this)._open();
  }

  get [Symbol.toStringTag](): string {
    return 'IDBIndex';
  }
}

function requiredRange(): never {
  throw idbError('DataError', 'A key or key range is required.');
}
