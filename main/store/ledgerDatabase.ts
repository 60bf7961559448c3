/** Opens the RxDB database of one data dir (or of memory) with every collection Fidelis keeps. */

import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { commitSchema, type CommitDocument } from './commitSchema.js';
import type { IndexedDbProvider } from './indexedDb/indexedDbProvider.js';

export interface LedgerCollections {
  commits: RxCollection<CommitDocument>;
}

export type LedgerDatabase = RxDatabase<LedgerCollections>;

export async function openLedgerDatabase(provider: IndexedDbProvider): Promise<LedgerDatabase> {
  const database = await createRxDatabase<LedgerCollections>({
    name: 'fidelis',
    storage: getRxStorageDexie({ indexedDB: provider.indexedDB, IDBKeyRange: provider.IDBKeyRange }),
    // Main is the only writer (the data-dir lock guarantees it); no cross-tab coordination to pay for.
    multiInstance: false,
    eventReduce: false,
  });
  await database.addCollections({ commits: { schema: commitSchema } });
  return database;
}
