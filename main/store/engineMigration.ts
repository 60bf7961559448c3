/**
 * Opens a data dir's IndexedDB, moving a dir written by indexeddbshim onto the SQLite engine first (once, at open):
 * the shim's files are copied into a backup, every database is copied through the IndexedDB API into a staged SQLite
 * file, the counts are compared, and only then does the staged file take its place and the shim's files leave.
 * The SQLite engine's file is encrypted at rest with the dir's key; a plain one is encrypted at open, backup first.
 */

import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';
import { dataKeyFor } from '../safety/dataKey.js';
import { encryptPlainStore } from '../safety/encryptStore.js';
import { SQLITE_FILE_NAME } from './sqliteIndexedDb/engine.js';
import { isPlainSqliteFile, type DataKey } from './sqliteCipher.js';
import { diskEngine, diskIndexedDb, type DiskEngine } from './indexedDb/diskProvider.js';
import type { IndexedDbProvider } from './indexedDb/indexedDbProvider.js';
import type { Progress } from './formatVersion.js';

/** The shim's catalog and its one file per database, with their WAL companions. */
const SHIM_FILE = /^(__sysdb__|D_.+)\.sqlite(-wal|-shm|-journal)?$/;
const SHIM_CATALOG = '__sysdb__.sqlite';
/** Where the copy is built; a crash before it is complete leaves the shim's files in charge and this folder to redo. */
const STAGING = 'engine-migration.tmp';
/** Records copied per pair of transactions: bounded memory on a ledger of any size. */
const BATCH = 1_000;

export interface EngineMigrationOptions {
  readonly engine?: DiskEngine;
  readonly now?: () => Date;
  readonly progress?: Progress;
}

/** The provider for `dataDir`, after moving a shim-written dir onto the SQLite engine when that engine is chosen. */
export async function openDiskIndexedDb(dataDir: string, options: EngineMigrationOptions = {}): Promise<IndexedDbProvider> {
  const engine = options.engine ?? diskEngine();
  if (engine === 'shim') return diskIndexedDb(dataDir, engine);
  const key = dataKeyFor(dataDir);
  const now = options.now?.() ?? new Date();
  const progress = options.progress ?? (() => {});
  if (needsEngineMigration(dataDir)) await migrateShimToSqlite(dataDir, now, progress, key);
  removeOrphanedShimJournals(dataDir);
  const file = join(dataDir, SQLITE_FILE_NAME);
  if (key && existsSync(file) && isPlainSqliteFile(file)) await encryptPlainStore(dataDir, key, now, progress);
  return diskIndexedDb(dataDir, engine, key);
}

export const needsEngineMigration = (dataDir: string): boolean => existsSync(join(dataDir, SHIM_CATALOG)) && !existsSync(join(dataDir, SQLITE_FILE_NAME));

/** Copies every database from the shim to the SQLite engine; returns the backup folder that now holds the shim's files. */
export async function migrateShimToSqlite(dataDir: string, now: Date, progress: Progress, key?: DataKey): Promise<string> {
  const shimFiles = readdirSync(dataDir).filter((name) => SHIM_FILE.test(name));
  const backup = join(dataDir, 'backups', `engine-shim-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(backup, { recursive: true });
  // Copied before the shim opens them: nothing has them open (the data-dir lock is held), so the copy is consistent.
  for (const name of shimFiles) copyFileSync(join(dataDir, name), join(backup, name));
  const staging = join(dataDir, STAGING);
  rmSync(staging, { recursive: true, force: true });
  const source = await diskIndexedDb(dataDir, 'shim');
  const target = await diskIndexedDb(staging, 'sqlite', key);
  const names = (await source.indexedDB.databases()).map((database) => database.name).filter((name): name is string => name !== undefined);
  const copied: Record<string, Record<string, number>> = {};
  for (const name of names) copied[name] = await copyDatabase(name, source, target, progress);
  // The engine closes the staged file with its last connection, folding its WAL in; complete, it takes the shim's place.
  await closedFile(join(staging, SQLITE_FILE_NAME));
  renameSync(join(staging, SQLITE_FILE_NAME), join(dataDir, SQLITE_FILE_NAME));
  rmSync(staging, { recursive: true, force: true });
  for (const name of shimFiles) rmSync(join(dataDir, name), { force: true });
  writeFileSync(join(backup, 'engine-migration.json'), `${JSON.stringify({ from: 'indexeddbshim', to: 'sqlite', at: now.toISOString(), records: copied }, null, 2)}\n`);
  return backup;
}

/**
 * The shim keeps its files open until the process ends and may leave a -wal/-shm behind after its database file moved
 * into the backup: with no database file beside them they hold nothing, and go at the next open.
 */
function removeOrphanedShimJournals(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  for (const name of readdirSync(dataDir)) {
    const journal = /^(.+\.sqlite)-(wal|shm|journal)$/.exec(name);
    if (journal && SHIM_FILE.test(name) && !existsSync(join(dataDir, journal[1]!))) rmSync(join(dataDir, name), { force: true });
  }
}

/** One database: its schema, then each store's records in key order, batch by batch; returns each store's count. */
async function copyDatabase(name: string, source: IndexedDbProvider, target: IndexedDbProvider, progress: Progress): Promise<Record<string, number>> {
  const from = await opened(source.indexedDB.open(name));
  const storeNames = [...from.objectStoreNames];
  const schema = storeNames.length === 0 ? [] : describeStores(from.transaction(storeNames, 'readonly'), storeNames);
  const to = await opened(target.indexedDB.open(name, from.version), (database) => {
    for (const store of schema) {
      const created = database.createObjectStore(store.name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement });
      for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  });
  const counts: Record<string, number> = {};
  try {
    for (const store of schema) {
      const total = await request(from.transaction(store.name, 'readonly').objectStore(store.name).count());
      let done = 0;
      let after: IDBValidKey | undefined;
      for (;;) {
        const read = from.transaction(store.name, 'readonly').objectStore(store.name);
        const range = after === undefined ? null : source.IDBKeyRange.lowerBound(after, true);
        const [keys, values] = await Promise.all([request(read.getAllKeys(range, BATCH)), request(read.getAll(range, BATCH))]);
        if (keys.length === 0) break;
        const write = to.transaction(store.name, 'readwrite');
        const into = write.objectStore(store.name);
        keys.forEach((key, i) => (store.keyPath === null ? into.put(values[i], key) : into.put(values[i])));
        await finished(write);
        done += keys.length;
        after = keys[keys.length - 1];
        progress(done, total, `moving ${name}/${store.name} to the SQLite engine`);
      }
      const landed = await request(to.transaction(store.name, 'readonly').objectStore(store.name).count());
      if (landed !== total || done !== total) {
        throw new DomainError('MIGRATION_FAILED', `Moving ${name}/${store.name} to the SQLite engine copied ${landed} of ${total} records; the data dir was left as it was.`, 'dataDir');
      }
      counts[store.name] = total;
    }
  } finally {
    from.close();
    to.close();
  }
  return counts;
}

interface StoreSchema {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

function describeStores(transaction: IDBTransaction, names: string[]): StoreSchema[] {
  return names.map((name) => {
    const store = transaction.objectStore(name);
    const indexes = [...store.indexNames].map((indexName) => {
      const index = store.index(indexName);
      return { name: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
    });
    return { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  });
}

async function closedFile(path: string): Promise<void> {
  for (let waited = 0; existsSync(`${path}-wal`); waited += 10) {
    if (waited > 10_000) throw new DomainError('MIGRATION_FAILED', `The staged copy ${path} did not close; the data dir was left as it was.`, 'dataDir');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function opened(open: IDBOpenDBRequest, upgrade?: (database: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    open.onupgradeneeded = () => upgrade?.(open.result);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error('The database is open elsewhere.'));
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function finished(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('The copy was aborted.'));
  });
}
