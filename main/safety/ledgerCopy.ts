/** Opens the ledger in a copy of a data dir (a backup being made, a restore before it is used) only to verify it. */

import { verifyLedger, type LedgerVerification, type VerifyProgress } from '../integrity/ledgerVerify.js';
import { createEventStore } from '../store/eventStore.js';
import { diskIndexedDb, type DiskEngine } from '../store/indexedDb/diskProvider.js';
import { openLedgerDatabase } from '../store/ledgerDatabase.js';
import type { DataKey } from '../store/sqliteCipher.js';

export async function verifyLedgerCopy(dir: string, engine: DiskEngine, key: DataKey | undefined, progress?: VerifyProgress): Promise<LedgerVerification> {
  const database = await openLedgerDatabase(await diskIndexedDb(dir, engine, key));
  try {
    return await verifyLedger(await createEventStore(database.collections.commits), progress);
  } finally {
    await database.close();
  }
}
