/**
 * Durable IndexedDB in SQLite files under the data dir (indexeddbshim over better-sqlite3), tuned with the levers
 * measured in FACTS.md: SQLite-backed indexes, WAL with synchronous=FULL, and a prepared-statement cache.
 * Uses the shim's internals (its SQLite class and websql-configurable's factory): the shim's version is pinned.
 */

import { mkdirSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import setGlobalVars from 'indexeddbshim';
import SQLiteDatabase from 'indexeddbshim/src/nodeSQLiteDatabase.js';
import customOpenDatabase from 'websql-configurable/custom/index.js';
import { shimFiles } from './diskFiles.js';
import type { IndexedDbProvider } from './indexedDbProvider.js';

/** Statements the shim builds are few and repeat endlessly; a bounded cache avoids re-preparing each one. */
const STATEMENT_CACHE_SIZE = 512;

let configuredPath: string | undefined;

export function onDiskIndexedDb(directory: string): IndexedDbProvider {
  // The shim keeps one global configuration and caches connections per file: one data dir per process.
  if (configuredPath !== undefined && configuredPath !== directory) {
    throw new Error(`This process already opened the data dir ${configuredPath}; open ${directory} in another process.`);
  }
  mkdirSync(directory, { recursive: true });
  // The shim fills the object it is given instead of the global scope, so nothing leaks into globalThis.
  const shim = setGlobalVars({} as Parameters<typeof setGlobalVars>[0], {
    checkOrigin: false,
    databaseBasePath: directory,
    deleteDatabaseFiles: false,
    // Off by default, and only applies to stores created with it: every index query would otherwise scan.
    useSQLiteIndexes: true,
    win: { openDatabase: customOpenDatabase(tunedSqliteDatabase, { websql: { concurrentReaders: true } }) },
  });
  configuredPath = directory;
  const { indexedDB, IDBKeyRange } = shim as unknown as { indexedDB: IDBFactory; IDBKeyRange: typeof globalThis.IDBKeyRange };
  return { indexedDB, IDBKeyRange, location: directory, files: () => shimFiles(directory) };
}

interface ShimSqliteDatabase {
  _db: { _db: BetterSqlite3.Database };
}

/** Called with `new` by websql-configurable; returning an object makes that object the instance. */
function tunedSqliteDatabase(name: string): ShimSqliteDatabase {
  const database = new (SQLiteDatabase as unknown as new (name: string, options: object) => ShimSqliteDatabase)(name, {});
  const sqlite = database._db._db;
  // Durable at commit, including on power loss; WAL lets readers run beside the writer.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  cachePreparedStatements(sqlite);
  return database;
}

function cachePreparedStatements(sqlite: BetterSqlite3.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, BetterSqlite3.Statement>();
  sqlite.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      // Refresh its place so the least recently used statement is the one evicted.
      cache.delete(sql);
    } else {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  }) as typeof sqlite.prepare;
}
