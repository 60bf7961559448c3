/** Two workstations and one gateway: offline work on the same account converges, rebased or raised as an exception, nothing lost. */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../gateway/server.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../support/postgres.js';
import { streamFacts, workstation, type Workstation } from '../support/syncWorkstations.js';

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

async function twoWorkstations(options: { standInLimit?: string } = {}) {
  gateway = await startTestGateway(db);
  const a = await workstation('ws-a', gateway, gateway.url, options);
  const b = await workstation('ws-b', gateway, gateway.url, options);
  open.push(a, b);
  return { a: a.host, b: b.host };
}

describe('sync between two workstations', () => {
  it('converges after both posted to the same account offline: one command rebased, one raised as an exception', async () => {
    const { a, b } = await twoWorkstations();
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', accountId: 'ACC1', number: '1001', holder: 'Grace Hopper', openingDeposit: '100.00' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect((await b.getAccount(id))?.balance).toBe('100.00');

    // Both offline: each believes it has the account to itself.
    const aWithdraw = await a.execute({ type: 'MakeWithdrawal', accountId: id, amount: '60.00' });
    await a.execute({ type: 'MakeDeposit', accountId: id, amount: '10.00' });
    const bWithdraw = await b.execute({ type: 'MakeWithdrawal', accountId: id, amount: '70.00' }, { commandId: 'b-withdraw-70' });
    await b.execute({ type: 'MakeDeposit', accountId: id, amount: '5.00' }, { commandId: 'b-deposit-5' });
    expect(aWithdraw.version).toBe(bWithdraw.version);
    expect((await a.sync.status()).pendingEvents).toBe(2);

    await a.sync.syncNow();
    const reportB = await b.sync.syncNow();
    await a.sync.syncNow();
    expect(reportB).toMatchObject({ rebased: 1, exceptions: 1 });

    const streamA = await streamFacts(a, `account-${id}`);
    expect(await streamFacts(b, `account-${id}`)).toEqual(streamA);
    expect(streamA.map((e) => e.version)).toEqual([0, 1, 2, 3]);
    expect(new Set(streamA.map((e) => e.id)).size).toBe(4);
    // A's two commands, then B's deposit decided again on the new state; B's withdrawal no longer held.
    expect(streamA.map((e) => e.commandId).slice(3)).toEqual(['b-deposit-5']);
    expect(streamA.map((e) => e.commandId)).not.toContain('b-withdraw-70');
    expect((await a.getAccount(id))?.balance).toBe('55.00');
    expect((await b.getAccount(id))?.balance).toBe('55.00');

    const exceptions = await b.sync.exceptions();
    expect(exceptions).toEqual([
      expect.objectContaining({ commandId: 'b-withdraw-70', commandType: 'MakeWithdrawal', code: 'INSUFFICIENT_FUNDS', status: 'open' }),
    ]);
    // The exception is an event too, replicated like any other: A's supervisor can see it.
    expect((await a.readStream('syncexception-b-withdraw-70')).map((e) => e.type)).toEqual(['Fidelis.SyncExceptionRaised.v1']);
    expect(await b.sync.status()).toMatchObject({ online: true, pendingEvents: 0, openExceptions: 1, lastError: null });
  });

  it('lets a supervisor resolve an exception by retrying once funds are back, recorded as events', async () => {
    const { a, b } = await twoWorkstations();
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', number: '2002', holder: 'Alan Turing', openingDeposit: '50.00' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.execute({ type: 'MakeWithdrawal', accountId: id, amount: '50.00' });
    await b.execute({ type: 'MakeWithdrawal', accountId: id, amount: '30.00' }, { commandId: 'b-w30' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect((await b.sync.exceptions()).map((e) => e.commandId)).toEqual(['b-w30']);
    await expect(b.sync.resolveException('b-w30', { resolution: 'retry', supervisor: 'sup-1' })).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });

    await b.execute({ type: 'MakeDeposit', accountId: id, amount: '40.00' });
    const resolved = await b.sync.resolveException('b-w30', { resolution: 'retry', supervisor: 'sup-1', note: 'customer topped up' });
    expect(resolved).toMatchObject({ resolution: 'retry', streamId: `account-${id}` });
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect((await a.getAccount(id))?.balance).toBe('10.00');
    expect(await b.sync.exceptions()).toEqual([]);
    expect((await a.readStream('syncexception-b-w30')).map((e) => [e.type, e.data.resolution])).toEqual([
      ['Fidelis.SyncExceptionRaised.v1', undefined],
      ['Fidelis.SyncExceptionResolved.v1', 'retried'],
    ]);
  });

  it('replicates live while both run: a deposit on one shows up on the other', async () => {
    const { a, b } = await twoWorkstations();
    await a.sync.start();
    await b.sync.start();
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', number: '3003', holder: 'Katherine Johnson', openingDeposit: '1.00' });
    await a.execute({ type: 'MakeDeposit', accountId: id, amount: '2.00' });
    await expect.poll(async () => (await b.getAccount(id))?.balance, { timeout: 15_000 }).toBe('3.00');
    await expect.poll(async () => (await a.sync.status()).pendingEvents, { timeout: 15_000 }).toBe(0);
    expect((await b.sync.status()).online).toBe(true);
  });
});

describe('stand-in limits', () => {
  it('refuses offline withdrawals above the daily limit per account unless a supervisor records an override', async () => {
    gateway = await startTestGateway(db);
    // Configured for a gateway that is not there: the workstation is offline.
    const ws = await workstation('ws-offline', gateway, 'http://127.0.0.1:9', { standInLimit: '100.00' });
    open.push(ws);
    const { host } = ws;
    const { aggregateId: id } = await host.execute({ type: 'OpenAccount', number: '4004', holder: 'Ida Rhodes', openingDeposit: '1000.00' });
    await host.execute({ type: 'MakeWithdrawal', accountId: id, amount: '60.00' });
    await expect(host.execute({ type: 'MakeWithdrawal', accountId: id, amount: '50.00' })).rejects.toMatchObject({ code: 'SYNC_OFFLINE_LIMIT', field: 'amount' });
    await host.sync.overrideStandInLimit({ accountId: id, amount: '50.00', supervisor: 'sup-2', reason: 'known customer' });
    await host.execute({ type: 'MakeWithdrawal', accountId: id, amount: '50.00' });
    await expect(host.execute({ type: 'MakeWithdrawal', accountId: id, amount: '40.01' })).rejects.toMatchObject({ code: 'SYNC_OFFLINE_LIMIT' });
    expect((await host.getAccount(id))?.balance).toBe('890.00');
    expect((await host.readStream(`standin-${id}`)).map((e) => e.data.supervisor)).toEqual(['sup-2']);
  });
});
