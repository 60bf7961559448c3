/**
 * Which writes of the ledger's database sync the WAL: read models, checkpoints and snapshots (derived from the commits)
 * ride the next durable commit's sync; everything else, sync state here, is synced at its own commit.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { sqliteIndexedDb } from '../../../main/store/indexedDb/onSqlite.js';
import { openLedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { engineFor } from '../../../main/store/sqliteIndexedDb/engine.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-derived-durability-');
afterAll(() => dir.remove());

describe('the ledger database on the SQLite engine', () => {
  it('syncs the WAL for sync state, not for read models or checkpoints', async () => {
    const path = dir.join('ledger');
    const database = await openLedgerDatabase(sqliteIndexedDb(path));
    try {
      const engine = engineFor(path);
      const before = engine.syncs;
      await database.collections.readmodels.insert({ id: 'Slot@v1#1|k', slot: 'Slot@v1#1', key: 'k', seq: 1, replayed: [], data: { n: 1 } });
      await database.collections.checkpoints.insert({ id: 'projection:Slot', position: 1, slot: 'Slot@v1#1', updatedAt: new Date().toISOString() });
      expect(engine.syncs).toBe(before);
      await database.collections.syncstate.insert({ id: 'cursor', kind: 'cursor', status: 'open', seq: 0, data: {} });
      expect(engine.syncs).toBe(before + 1);
    } finally {
      await database.close();
    }
  });
});
