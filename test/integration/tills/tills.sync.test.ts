/**
 * Two workstations of one branch, each with its teller's till, working offline and then syncing through a real
 * gateway (PGlite, or PostgreSQL in CI): both end with the same till and vault positions and the same day's close;
 * the gateway refuses a close while another workstation's till is open, and that close becomes a sync exception.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import type { Host } from '../../../main/host.js';
import type { Approval, Principal } from '@fidelis/shared/staff/index.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { STAFF_PASSWORD, openSigningKeys, seedTestStaff } from '../../support/staffFixtures.js';
import { streamFacts, workstation, type Workstation } from '../../support/syncWorkstations.js';

let db: TestDatabase;
let gateway: Gateway;
const open: Workstation[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.host.close();
  await gateway?.close();
});
afterAll(async () => {
  await db?.close();
});

const as = (username: string): Approval => ({ username, password: STAFF_PASSWORD });

interface Branch {
  readonly a: Host;
  readonly b: Host;
  readonly tom: Principal;
  readonly tina: Principal;
  readonly sue: Principal;
  readonly accountId: string;
}

/** Staff and an account made on A, a vault of 10,000.00, all synced to B before both go offline. */
async function branch(): Promise<Branch> {
  gateway = await startTestGateway(db);
  const wa = await workstation('ws-a', gateway, gateway.url);
  const wb = await workstation('ws-b', gateway, gateway.url);
  open.push(wa, wb);
  const { a, b } = { a: wa.host, b: wb.host };
  const staff = await seedTestStaff(a, ['teller', 'supervisor']);
  await a.staff.provision(staff.admin, { username: 'tina', displayName: 'Tina Teller', roles: ['teller'], password: STAFF_PASSWORD });
  const tina = (await a.staff.principalOf('tina'))!;
  const { aggregateId: accountId } = await a.executeAs(staff.supervisor, { type: 'OpenAccount', number: '7001', holder: 'Grace Hopper', openingDeposit: '1000.00', openingDepositSource: 'check' });
  await a.executeAs(staff.supervisor, { type: 'ReceiveCashShipment', currency: 'USD', amount: '10000.00', reference: 'CC-7' });
  await a.sync.syncNow();
  await b.sync.syncNow();
  // Tina and Sue work at B too: signed in there, their commands are signed with their own keys.
  await openSigningKeys(b, ['tina', 'supervisor']);
  return { a, b, tom: staff.teller, tina, sue: staff.supervisor, accountId };
}

/** Pulled events reach the inline read models (the TillBook) just after a sync pass returns. */
async function synced(...hosts: Host[]): Promise<void> {
  for (const host of hosts) {
    await host.sync.syncNow();
    await host.processing.waitForInline(host.store.headSeq());
  }
}

const tillsOf = async (host: Host) => (await host.tills.branchDay()).tills.map((t) => ({ tillId: t.tillId, status: t.status, position: t.position, difference: t.difference }));

describe('tills on two workstations', () => {
  it('works offline on each till, then both agree on every position and on the day’s close', async () => {
    const { a, b, tom, tina, sue, accountId } = await branch();

    // Offline: each workstation's teller opens a till, buys from the vault (the supervisor at their counter), posts cash and closes.
    await a.executeAs(tom, { type: 'OpenTill', currency: 'USD', count: {} });
    await a.executeAs(sue, { type: 'IssueCashToTill', teller: 'teller', currency: 'USD', amount: '1000.00' }, {}, as('teller'));
    await a.executeAs(tom, { type: 'MakeDeposit', accountId, amount: '200.00' });
    await a.executeAs(tom, { type: 'CloseTill', currency: 'USD', count: { N100: 12 } });

    await b.executeAs(tina, { type: 'OpenTill', currency: 'USD', count: {} });
    await b.executeAs(sue, { type: 'IssueCashToTill', teller: 'tina', currency: 'USD', amount: '500.00' }, {}, as('tina'));
    await b.executeAs(tina, { type: 'MakeWithdrawal', accountId, amount: '100.00' });
    await b.executeAs(tina, { type: 'CloseTill', currency: 'USD', count: { N100: 4 } });

    await synced(a);
    // B's vault movement and its withdrawal met A's on the same streams: decided again on the gateway's order, both still hold.
    const report = await b.sync.syncNow();
    await synced(b, a);
    expect(report).toMatchObject({ exceptions: 0 });
    expect(report.rebased).toBeGreaterThan(0);

    const expected = [
      { tillId: 'teller:ws-a:USD', status: 'CLOSED', position: '1200.00', difference: '0.00' },
      { tillId: 'tina:ws-b:USD', status: 'CLOSED', position: '400.00', difference: '0.00' },
    ];
    expect(await tillsOf(a)).toEqual(expected);
    expect(await tillsOf(b)).toEqual(expected);
    for (const host of [a, b]) expect((await host.tills.branchDay()).vaults).toEqual([expect.objectContaining({ currency: 'USD', position: '8500.00' })]);
    // B's withdrawal kept its till when it was decided again after A's deposit.
    const withdrawal = (await b.readStream(`account-${accountId}`)).find((e) => e.type.includes('WithdrawalMade'))!;
    expect(withdrawal.data).toMatchObject({ amount: '10000', tillId: 'tina:ws-b:USD' });

    await a.executeAs(sue, { type: 'CountVault', currency: 'USD', count: { N100: 85 } });
    await a.executeAs(sue, { type: 'CloseBusinessDay' });
    await synced(a, b);
    const closeA = await streamFacts(a, 'branchday-BR001');
    expect(closeA.map((e) => e.type)).toEqual(['Fidelis.BusinessDayClosed.v1']);
    expect(await streamFacts(b, 'branchday-BR001')).toEqual(closeA);
    expect((await b.tills.branchDay()).lastClosed).toBe((await a.tills.branchDay()).lastClosed);
    for (const streamId of ['vault-BR001:USD', 'till-teller:ws-a:USD', 'till-tina:ws-b:USD', `account-${accountId}`]) {
      expect(await streamFacts(b, streamId)).toEqual(await streamFacts(a, streamId));
    }
  });

  it('refuses at the gateway a close decided while another workstation’s till was open, and raises it as a sync exception', async () => {
    const { a, b, tina, sue } = await branch();
    await b.executeAs(tina, { type: 'OpenTill', currency: 'USD', count: {} });
    await synced(b);

    // A has not pulled B's open till: it counts its vault and closes the day on what it knows.
    await a.executeAs(sue, { type: 'CountVault', currency: 'USD', count: { N100: 100 } });
    await a.executeAs(sue, { type: 'CloseBusinessDay' }, { commandId: 'close-while-b-open' });
    const report = await a.sync.syncNow();
    expect(report.exceptions).toBe(1);
    expect(await a.sync.exceptions()).toEqual([expect.objectContaining({ commandId: 'close-while-b-open', commandType: 'CloseBusinessDay', code: 'DAY_NOT_READY', status: 'open' })]);
    expect(await a.readStream('branchday-BR001')).toEqual([]);
    await synced(a, b);
    expect((await b.tills.branchDay()).lastClosed).toBeNull();
    expect((await a.tills.branchDay()).tills).toEqual([expect.objectContaining({ tillId: 'tina:ws-b:USD', status: 'OPEN' })]);
  });
});
