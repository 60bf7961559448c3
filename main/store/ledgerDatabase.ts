/** Opens the RxDB database of one data dir (or of memory) with every collection Fidelis keeps. */

import type { Dexie } from 'dexie';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { commitMigrationStrategies, commitSchema, type CommitDocument } from './commitSchema.js';
import type { IndexedDbProvider } from './indexedDb/indexedDbProvider.js';
import { syncStateSchema, type SyncStateDocument } from '../sync/syncStateSchema.js';
import { snapshotSchema, type SnapshotDocument } from '../ledger/snapshotsSchema.js';
import { checkpointSchema, deadLetterSchema, readModelSchema, type CheckpointDocument, type DeadLetterDocument, type ReadModelDocument } from '../processing/processingSchemas.js';

export interface LedgerCollections {
  commits: RxCollection<CommitDocument>;
  checkpoints: RxCollection<CheckpointDocument>;
  deadletters: RxCollection<DeadLetterDocument>;
  readmodels: RxCollection<ReadModelDocument>;
  syncstate: RxCollection<SyncStateDocument>;
  snapshots: RxCollection<SnapshotDocument>;
}

export type LedgerDatabase = RxDatabase<LedgerCollections>;

let memoryDatabases = 0;

// Commits are at schema version 1 (they gained `hash`): a dir written before is migrated when the collection opens.
addRxPlugin(RxDBMigrationSchemaPlugin);

/** Collections holding only what the commits determine (a projection can write them again): their commits may skip the fsync. */
const DERIVED_COLLECTIONS = new Set(['readmodels', 'checkpoints', 'snapshots']);

/**
 * Each collection's Dexie database before it opens (RxDB names it `rxdb-dexie-<database>--<version>--<collection>`).
 * Dexie's liveQuery middlewares go: nothing here uses liveQuery (RxDB keeps its own change stream), and they cost each
 * write key-range bookkeeping and a BroadcastChannel message. Derived collections ask for relaxed durability, which the
 * SQLite engine honours without giving up a prefix-consistent file (main/store/sqliteIndexedDb/engine.ts).
 */
function tuneDexie(db: Dexie, dexieName: string): void {
  db.unuse({ stack: 'dbcore', name: 'Observability' });
  db.unuse({ stack: 'dbcore', name: 'Cache' });
  if (DERIVED_COLLECTIONS.has(dexieName.slice(dexieName.lastIndexOf('--') + 2))) db._options.chromeTransactionDurability = 'relaxed';
}

export async function openLedgerDatabase(provider: IndexedDbProvider): Promise<LedgerDatabase> {
  const database = await createRxDatabase<LedgerCollections>({
    // RxDB refuses two open databases of one name in a process; in-memory stores (tests, sync workstations) each get their own.
    name: provider.location === 'memory' ? `fidelis-memory-${++memoryDatabases}` : 'fidelis',
    storage: getRxStorageDexie({ indexedDB: provider.indexedDB, IDBKeyRange: provider.IDBKeyRange, onCreate: tuneDexie }),
    // Main is the only writer (the data-dir lock guarantees it); no cross-tab coordination to pay for.
    multiInstance: false,
    eventReduce: false,
  });
  await database.addCollections({ commits: { schema: commitSchema, migrationStrategies: commitMigrationStrategies } });
  await database.addCollections({ checkpoints: { schema: checkpointSchema }, deadletters: { schema: deadLetterSchema }, readmodels: { schema: readModelSchema } });
  await database.addCollections({ syncstate: { schema: syncStateSchema } });
  await database.addCollections({ snapshots: { schema: snapshotSchema } });
  return database;
}
