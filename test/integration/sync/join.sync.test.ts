/** A second workstation joins a running branch with `fidelis sync join` on an empty data dir, then works as one of it. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { runFidelisBin, type CliResult } from '../../support/processes.js';
import { seedTestStaff, STAFF_PASSWORD } from '../../support/staffFixtures.js';
import { workstation, type Workstation } from '../../support/syncWorkstations.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

describe('joining a branch from the command line', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let gateway: Gateway;
  let first: Workstation;
  let teller: Principal;
  let dir: TempDir;
  let device: { deviceId: string; secret: string };
  const as = (user: string, ...args: string[]): Promise<CliResult> => runFidelisBin([...args, '--data-dir', dir.path, '--json'], { FIDELIS_USER: user, FIDELIS_PASSWORD: STAFF_PASSWORD });
  const joinWith = (as: { deviceId: string; secret: string }, ...extra: string[]) =>
    runFidelisBin(['sync', 'join', '--gateway', gateway.url, '--device-id', as.deviceId, '--secret', as.secret, '--data-dir', dir.path, ...extra]);

  beforeAll(async () => {
    db = await openTestDatabase();
    gateway = await startTestGateway(db);
    // The branch's first workstation: its administrator provisioned the staff, a teller opened an account.
    first = await workstation('ws-first', gateway, gateway.url);
    ({ teller } = await seedTestStaff(first.host));
    await first.host.executeAs(teller, { type: 'OpenAccount', accountId: 'ACC-J1', number: '7001', holder: 'Grace Hopper', openingDeposit: '100.00' });
    await first.host.sync.syncNow();
    // A second pass pulls the branch back, so the first workstation knows the gateway's head.
    await first.host.sync.syncNow();
    device = await gateway.addDevice('BR001');
    dir = makeTempDir();
  });

  afterAll(async () => {
    await first?.host.close();
    await gateway?.close();
    await db?.close();
    dir?.remove();
  });

  it('pulls the branch’s staff and ledger with progress, no sign-in needed, and takes the gateway’s device id', async () => {
    const joined = await joinWith(device, '--json');
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.json).toMatchObject({ branchId: 'BR001', deviceId: device.deviceId, staff: 5, exceptions: 0 });
    const pulled = joined.json as { events: number; streams: number };
    // The five staff streams and the account at least, every event the gateway holds for the branch.
    expect(pulled.streams).toBeGreaterThanOrEqual(6);
    expect(pulled.events).toBe((await first.host.sync.status()).pulledGpos);
    expect(joined.stderr).toMatch(/Pulling the branch: (\d+)\/\1/);
    const settings = JSON.parse(readFileSync(join(dir.path, 'settings.json'), 'utf8')) as { deviceId: string; branchId: string };
    expect(settings).toMatchObject({ deviceId: device.deviceId, branchId: 'BR001' });
  });

  it('refuses to join as another device once the data dir holds a ledger, and refuses a first administrator of its own', async () => {
    const again = await joinWith(await gateway.addDevice('BR001'), '--json');
    expect(again.code).toBe(2);
    expect(again.json).toMatchObject({ error: { code: 'LEDGER_NOT_EMPTY' } });
    const bootstrap = await runFidelisBin(['staff', 'bootstrap', '--username', 'eve', '--display-name', 'Eve Intruder', '--data-dir', dir.path, '--json'], { FIDELIS_PASSWORD: STAFF_PASSWORD });
    expect(bootstrap.code).toBe(2);
    // The branch's staff arrived with it: the first administrator is the branch's, not this workstation's.
    expect(bootstrap.json).toMatchObject({ error: { code: 'STAFF_EXISTS' } });
  });

  it('lets the teller provisioned at the first workstation sign in here; both post offline, sync and converge', async () => {
    const shown = await as('teller', 'account', 'show', '7001');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json).toMatchObject({ balance: '100.00' });

    // Offline on both: a deposit here, a withdrawal there, on the same account.
    expect((await as('teller', 'account', 'deposit', '7001', '--amount', '25.00')).code).toBe(0);
    await first.host.executeAs(teller, { type: 'MakeWithdrawal', accountId: 'ACC-J1', amount: '40.00' });
    await first.host.sync.syncNow();
    const synced = await as('teller', 'sync', 'now');
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json).toMatchObject({ rebased: 1, exceptions: 0, status: { pendingEvents: 0 } });
    await first.host.sync.syncNow();

    expect((await first.host.getAccount('ACC-J1'))?.balance).toBe('85.00');
    expect((await as('teller', 'account', 'show', '7001')).json).toMatchObject({ balance: '85.00' });
    // What the joined workstation wrote names it by the gateway's device id.
    const events = await first.host.readStream('account-ACC-J1');
    expect(events.at(-1)?.meta).toMatchObject({ deviceId: device.deviceId, actor: 'teller' });
  });
});

describe('joining a branch, refused', { timeout: 240_000 }, () => {
  it('names a wrong secret JOIN_REFUSED, an unreachable gateway SYNC_UNAVAILABLE and an empty branch BRANCH_EMPTY, leaving the dir free to start its own branch', async () => {
    const db = await openTestDatabase();
    const gateway = await startTestGateway(db);
    const dir = makeTempDir();
    try {
      const device = await gateway.addDevice('BR001');
      const wrong = await runFidelisBin(['sync', 'join', '--gateway', gateway.url, '--device-id', device.deviceId, '--secret', 'x'.repeat(32), '--data-dir', dir.path, '--json']);
      expect(wrong.json).toMatchObject({ error: { code: 'JOIN_REFUSED', field: 'secret' } });
      const nobody = await runFidelisBin(['sync', 'join', '--gateway', 'http://127.0.0.1:9', '--device-id', device.deviceId, '--secret', device.secret, '--data-dir', dir.path, '--json']);
      expect(nobody.json).toMatchObject({ error: { code: 'SYNC_UNAVAILABLE', field: 'gatewayUrl' } });
      // An empty branch has no staff to sign in with: start a new branch instead.
      const empty = await runFidelisBin(['sync', 'join', '--gateway', gateway.url, '--device-id', device.deviceId, '--secret', device.secret, '--data-dir', dir.path, '--json']);
      expect(empty.json).toMatchObject({ error: { code: 'BRANCH_EMPTY' } });
      const started = await runFidelisBin(['staff', 'bootstrap', '--username', 'admin', '--display-name', 'Ada Admin', '--data-dir', dir.path, '--json'], { FIDELIS_PASSWORD: STAFF_PASSWORD });
      expect(started.code, started.stderr).toBe(0);
      // A workstation that started its own branch cannot join another.
      const own = await runFidelisBin(['sync', 'join', '--gateway', gateway.url, '--device-id', device.deviceId, '--secret', device.secret, '--data-dir', dir.path, '--json']);
      expect(own.json).toMatchObject({ error: { code: 'LEDGER_NOT_EMPTY' } });
    } finally {
      await gateway.close();
      await db.close();
      dir.remove();
    }
  });
});
