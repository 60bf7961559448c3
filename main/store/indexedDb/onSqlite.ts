/**
 * Durable IndexedDB kept in one SQLite file of the data dir, through this project's engine over better-sqlite3
 * (main/store/sqliteIndexedDb/): JSON values, memcmp-sortable keys, one fsync per group of finished transactions.
 */

import type { DataKey } from '../sqliteCipher.js';
import { SqliteFactory } from '../sqliteIndexedDb/factory.js';
import { SqliteKeyRange } from '../sqliteIndexedDb/keyRange.js';
import { sqliteEngineFiles } from './diskFiles.js';
import type { IndexedDbProvider } from './indexedDbProvider.js';

/** `key` encrypts the file at rest (main/safety/dataKey.ts says where a data dir's key comes from). */
export function sqliteIndexedDb(directory: string, key?: DataKey): IndexedDbProvider {
  // The engine implements the parts of IndexedDB that Dexie and RxDB use; the DOM types describe the whole API.
  return {
    indexedDB: new SqliteFactory(directory, key) as unknown as IDBFactory,
    IDBKeyRange: SqliteKeyRange as unknown as typeof IDBKeyRange,
    location: directory,
    files: () => sqliteEngineFiles(directory),
  };
}
