/**
 * Writes ledgers on disk for the tamper-evidence tests (indexeddbshim: one data dir per process). Modes:
 *   write DIR    opens a host, opens three accounts with deposits and a withdrawal each, closes.
 *   legacy DIR   writes the first release's raw commits with the commit schema as it was then (version 0, no hash),
 *                closes, then opens a host on the dir (which migrates it).
 * Both leave the test administrator `admin` (password STAFF_PASSWORD), so `fidelis verify --user admin` can run.
 */

import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createHost, type Host } from '../../main/host.js';
import { commitSchema } from '../../main/store/commitSchema.js';
import { onDiskIndexedDb } from '../../main/store/indexedDb/onDisk.js';
import { legacyAccountCommits } from './legacyCommits.js';
import { STAFF_PASSWORD, TEST_STAFF, TEST_STAFF_SETTINGS } from './staffFixtures.js';

const [mode, dataDir] = process.argv.slice(2);

async function withHost(dir: string, body: (host: Host) => Promise<void>): Promise<void> {
  const host = await createHost({ dataDir: dir, settings: TEST_STAFF_SETTINGS });
  try {
    await host.staff.bootstrap({ username: 'admin', displayName: TEST_STAFF.admin.displayName, password: STAFF_PASSWORD });
    await host.staff.sessions.signIn('admin', STAFF_PASSWORD);
    await body(host);
    await host.store.drain();
  } finally {
    await host.close();
  }
}

async function write(dir: string): Promise<void> {
  await withHost(dir, async (host) => {
    // A teller signed in posts, so every command is signed by them (verify checks signatures beside the chain).
    const admin = (await host.staff.principalOf('admin'))!;
    await host.staff.provision(admin, { username: 'teller', displayName: TEST_STAFF.teller.displayName, roles: ['teller'], password: STAFF_PASSWORD });
    const { principal: teller } = await host.staff.sessions.signIn('teller', STAFF_PASSWORD);
    for (const id of ['t1', 't2', 't3']) {
      await host.executeAs(teller, { type: 'OpenAccount', accountId: id, number: `T-${id}`, holder: `Holder ${id}`, openingDeposit: '100.00' });
      await host.executeAs(teller, { type: 'MakeDeposit', accountId: id, amount: '250.00', sourceType: 'cash' });
      await host.executeAs(teller, { type: 'MakeDeposit', accountId: id, amount: '75.00', sourceType: 'cash' });
      await host.executeAs(teller, { type: 'MakeWithdrawal', accountId: id, amount: '20.00' });
    }
  });
}

async function legacy(dir: string): Promise<void> {
  const { hash: _hash, ...properties } = commitSchema.properties;
  const { indexedDB, IDBKeyRange } = onDiskIndexedDb(dir);
  const database = await createRxDatabase({ name: 'fidelis', storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), multiInstance: false, eventReduce: false });
  await database.addCollections({ commits: { schema: { ...commitSchema, version: 0, properties } } });
  await database.collections.commits!.bulkInsert(legacyAccountCommits('Hana'));
  await database.close();
  // Opening the dir now migrates it (format 1 → 3, commit schema 0 → 1); verify then runs on the result.
  await withHost(dir, async () => {});
}

if (mode === 'write') await write(dataDir!);
else if (mode === 'legacy') await legacy(dataDir!);
else throw new Error(`Unknown mode ${mode}`);
process.stdout.write(`${JSON.stringify({ done: mode })}\n`);
