/**
 * The schema of every IndexedDB database in the SQLite file: databases, object stores and indexes, kept in three
 * catalog tables and mirrored in memory. Each object store is one table (`s<id>`: key BLOB, value TEXT) with one
 * column per index (`i<id>`, the encoded index key, NULL when the value has none) and a SQLite index on it, so a put
 * is one row write and SQLite keeps the indexes. Every change here runs inside the caller's SQLite transaction.
 */

import type BetterSqlite3 from 'better-sqlite3';
import { idbError, isConstraintViolation } from './errors.js';
import { evaluateKeyPath, NO_VALUE, type KeyPath } from './keyPath.js';
import { tryEncodeKey } from './keys.js';

export interface IndexMeta {
  readonly id: number;
  readonly name: string;
  readonly keyPath: KeyPath;
  readonly unique: boolean;
  /**
   * An index key names one record at most: the index is unique, or its key path ends with the store's (as every
   * RxDB index does). SQLite then indexes the column alone, not (column, primary key): smaller, fewer pages written.
   */
  readonly distinct: boolean;
  /** The store table's column holding this index's encoded keys. */
  readonly column: string;
}

export interface StoreMeta {
  readonly id: number;
  readonly name: string;
  readonly keyPath: KeyPath | null;
  readonly autoIncrement: boolean;
  readonly table: string;
  readonly indexes: Map<string, IndexMeta>;
  /** Bumped by every write, so cursors know that rows they read ahead may be stale. */
  revision: number;
  /** Bumped when indexes come or go: prepared statements are rebuilt, index keys recomputed. */
  shape: number;
  readonly statements: Map<string, BetterSqlite3.Statement>;
}

export interface DatabaseMeta {
  readonly id: number;
  readonly name: string;
  version: number;
  readonly stores: Map<string, StoreMeta>;
}

/** The file layout this code writes (PRAGMA user_version); a file with a higher one is refused. */
export const FILE_FORMAT = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS idb_database (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS idb_store (
    id INTEGER PRIMARY KEY, database_id INTEGER NOT NULL, name TEXT NOT NULL, key_path TEXT,
    auto_increment INTEGER NOT NULL, current_key INTEGER NOT NULL DEFAULT 1, UNIQUE (database_id, name));
  CREATE TABLE IF NOT EXISTS idb_index (
    id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL, name TEXT NOT NULL, key_path TEXT NOT NULL,
    is_unique INTEGER NOT NULL, UNIQUE (store_id, name));
`;

/** Key generators stop here, as IndexedDB's do (2^53). */
const MAX_GENERATED_KEY = 2 ** 53;

/** Rows per page when a new index is filled from an existing store. */
const FILL_PAGE = 500;

interface StoreRow {
  id: number;
  name: string;
  key_path: string | null;
  auto_increment: number;
}

interface IndexRow {
  id: number;
  name: string;
  key_path: string;
  is_unique: number;
}

function storeMeta(row: StoreRow, indexes: IndexRow[]): StoreMeta {
  const keyPath = row.key_path === null ? null : (JSON.parse(row.key_path) as KeyPath);
  return {
    id: row.id,
    name: row.name,
    keyPath,
    autoIncrement: row.auto_increment === 1,
    table: `s${row.id}`,
    indexes: new Map(indexes.map((index) => [index.name, indexMeta(index, keyPath)])),
    revision: 0,
    shape: 0,
    statements: new Map(),
  };
}

function indexMeta(row: IndexRow, storeKeyPath: KeyPath | null): IndexMeta {
  const keyPath = JSON.parse(row.key_path) as KeyPath;
  const unique = row.is_unique === 1;
  const endsWithPrimaryKey = typeof storeKeyPath === 'string' && Array.isArray(keyPath) && keyPath.at(-1) === storeKeyPath;
  return { id: row.id, name: row.name, keyPath, unique, distinct: unique || endsWithPrimaryKey, column: `i${row.id}` };
}

/** The encoded index key of a value, or null when the value has no valid key at the index's key path. */
export function indexKeyOf(value: unknown, index: IndexMeta): Buffer | null {
  const key = evaluateKeyPath(value, index.keyPath);
  return key === NO_VALUE ? null : (tryEncodeKey(key) ?? null);
}

export class Catalog {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    const format = sqlite.pragma('user_version', { simple: true }) as number;
    if (format > FILE_FORMAT) throw new Error(`${sqlite.name} holds IndexedDB format ${format}; this build reads up to ${FILE_FORMAT}.`);
    sqlite.exec(SCHEMA);
    if (format < FILE_FORMAT) sqlite.pragma(`user_version = ${FILE_FORMAT}`);
  }

  databases(): { name: string; version: number }[] {
    return this.sqlite.prepare('SELECT name, version FROM idb_database WHERE version > 0 ORDER BY name').all() as { name: string; version: number }[];
  }

  /** The database's schema as stored (after a rollback, this is what is true again). */
  load(name: string): DatabaseMeta | undefined {
    const row = this.sqlite.prepare('SELECT id, name, version FROM idb_database WHERE name = ?').get(name) as { id: number; name: string; version: number } | undefined;
    if (!row) return undefined;
    const stores = this.sqlite.prepare('SELECT id, name, key_path, auto_increment FROM idb_store WHERE database_id = ?').all(row.id) as StoreRow[];
    const indexes = this.sqlite.prepare('SELECT id, name, key_path, is_unique FROM idb_index WHERE store_id = ? ORDER BY id');
    return {
      id: row.id,
      name: row.name,
      version: row.version,
      stores: new Map(stores.map((store) => [store.name, storeMeta(store, indexes.all(store.id) as IndexRow[])])),
    };
  }

  createDatabase(name: string): DatabaseMeta {
    const { lastInsertRowid } = this.sqlite.prepare('INSERT INTO idb_database (name, version) VALUES (?, 0)').run(name);
    return { id: Number(lastInsertRowid), name, version: 0, stores: new Map() };
  }

  setVersion(database: DatabaseMeta, version: number): void {
    this.sqlite.prepare('UPDATE idb_database SET version = ? WHERE id = ?').run(version, database.id);
    database.version = version;
  }

  deleteDatabase(database: DatabaseMeta): void {
    for (const store of [...database.stores.values()]) this.deleteStore(database, store);
    this.sqlite.prepare('DELETE FROM idb_database WHERE id = ?').run(database.id);
  }

  createStore(database: DatabaseMeta, name: string, keyPath: KeyPath | null, autoIncrement: boolean): StoreMeta {
    const row = { name, key_path: keyPath === null ? null : JSON.stringify(keyPath), auto_increment: autoIncrement ? 1 : 0 };
    const { lastInsertRowid } = this.sqlite
      .prepare('INSERT INTO idb_store (database_id, name, key_path, auto_increment) VALUES (?, ?, ?, ?)')
      .run(database.id, row.name, row.key_path, row.auto_increment);
    const store = storeMeta({ id: Number(lastInsertRowid), ...row }, []);
    this.sqlite.exec(`CREATE TABLE ${store.table} (key BLOB PRIMARY KEY NOT NULL, value TEXT NOT NULL)`);
    database.stores.set(name, store);
    return store;
  }

  deleteStore(database: DatabaseMeta, store: StoreMeta): void {
    this.sqlite.exec(`DROP TABLE ${store.table}`);
    this.sqlite.prepare('DELETE FROM idb_index WHERE store_id = ?').run(store.id);
    this.sqlite.prepare('DELETE FROM idb_store WHERE id = ?').run(store.id);
    database.stores.delete(store.name);
  }

  /** Adds the index and fills it from the records already stored; ConstraintError when a unique index finds a duplicate. */
  createIndex(store: StoreMeta, name: string, keyPath: KeyPath, unique: boolean): IndexMeta {
    const { lastInsertRowid } = this.sqlite
      .prepare('INSERT INTO idb_index (store_id, name, key_path, is_unique) VALUES (?, ?, ?, ?)')
      .run(store.id, name, JSON.stringify(keyPath), unique ? 1 : 0);
    const index = indexMeta({ id: Number(lastInsertRowid), name, key_path: JSON.stringify(keyPath), is_unique: unique ? 1 : 0 }, store.keyPath);
    this.sqlite.exec(`ALTER TABLE ${store.table} ADD COLUMN ${index.column} BLOB`);
    this.fill(store, index);
    try {
      // A distinct index orders by its key alone (a key holds one record); others by key then primary key.
      this.sqlite.exec(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${store.table}_${index.column} ON ${store.table} (${index.column}${index.distinct ? '' : ', key'})`);
    } catch (error) {
      if (isConstraintViolation(error)) throw idbError('ConstraintError', `Index ${name} is unique, but stored records share a key.`);
      throw error;
    }
    store.indexes.set(name, index);
    store.shape++;
    store.statements.clear();
    return index;
  }

  private fill(store: StoreMeta, index: IndexMeta): void {
    const page = this.sqlite.prepare(`SELECT key, value FROM ${store.table} WHERE key > ? ORDER BY key LIMIT ${FILL_PAGE}`);
    const first = this.sqlite.prepare(`SELECT key, value FROM ${store.table} ORDER BY key LIMIT ${FILL_PAGE}`);
    const update = this.sqlite.prepare(`UPDATE ${store.table} SET ${index.column} = ? WHERE key = ?`);
    for (let rows = first.all() as { key: Buffer; value: string }[]; rows.length > 0; rows = page.all(rows.at(-1)!.key) as { key: Buffer; value: string }[]) {
      for (const row of rows) {
        const indexKey = indexKeyOf(JSON.parse(row.value), index);
        if (indexKey) update.run(indexKey, row.key);
      }
    }
  }

  deleteIndex(store: StoreMeta, index: IndexMeta): void {
    this.sqlite.exec(`DROP INDEX ${store.table}_${index.column}`);
    this.sqlite.exec(`ALTER TABLE ${store.table} DROP COLUMN ${index.column}`);
    this.sqlite.prepare('DELETE FROM idb_index WHERE id = ?').run(index.id);
    store.indexes.delete(index.name);
    store.shape++;
    store.statements.clear();
  }

  /** The key generator's next key, advanced; ConstraintError once it is spent. */
  generateKey(store: StoreMeta): number {
    const { current_key: key } = this.sqlite.prepare('SELECT current_key FROM idb_store WHERE id = ?').get(store.id) as { current_key: number };
    if (key > MAX_GENERATED_KEY) throw idbError('ConstraintError', 'The key generator has reached its maximum.');
    this.sqlite.prepare('UPDATE idb_store SET current_key = ? WHERE id = ?').run(key + 1, store.id);
    return key;
  }

  /** An explicit numeric key at or past the generator moves it on, as IndexedDB requires. */
  noteExplicitKey(store: StoreMeta, key: number): void {
    const next = Math.min(Math.floor(key) + 1, MAX_GENERATED_KEY + 1);
    this.sqlite.prepare('UPDATE idb_store SET current_key = ? WHERE id = ? AND current_key < ?').run(next, store.id, next);
  }
}
