/** Two workstations and one gateway: offline work on the same account converges, rebased or raised as an exception, nothing lost. */

import { describe, expect, it } from 'vitest';
import { commitId } from '../../../main/store/commitSchema.js';
import { streamFacts, twoWorkstations as pairOf, useTestGateway, workstation } from '../../support/syncWorkstations.js';

const testGateway = useTestGateway();

async function twoWorkstations(options: { standInLimit?: string } = {}) {
  const gateway = await testGateway.start();
  const { a, b } = await pairOf(gateway, options);
  testGateway.keep(a, b);
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

  it('lets a supervisor accept an exception: the paid-out cash is booked to a suspense account, the customer keeps its floor, the gateway agrees', async () => {
    const { a, b } = await twoWorkstations();
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', number: '2102', holder: 'Mary Somerville', openingDeposit: '50.00' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.execute({ type: 'MakeWithdrawal', accountId: id, amount: '50.00' });
    await b.execute({ type: 'MakeWithdrawal', accountId: id, amount: '30.00' }, { commandId: 'b-cash-30' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect((await b.sync.exceptions()).map((e) => [e.commandId, e.code])).toEqual([['b-cash-30', 'INSUFFICIENT_FUNDS']]);

    const accepted = await b.sync.resolveException('b-cash-30', { resolution: 'accept', supervisor: 'sup-7', note: 'cash already handed over' });
    expect(accepted).toMatchObject({ resolution: 'accept', suspenseAccountId: expect.stringMatching(/^suspense-/) });
    const suspenseId = (accepted as { suspenseAccountId: string }).suspenseAccountId;
    // Resolving twice finds no open exception: the loss is booked once.
    await expect(b.sync.resolveException('b-cash-30', { resolution: 'accept', supervisor: 'sup-7' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await b.sync.syncNow()).toMatchObject({ exceptions: 0 });
    await a.sync.syncNow();

    // The customer's account stays at its floor; the 30.00 paid out is the branch's visible loss in suspense, on both sides.
    for (const ws of [a, b]) {
      expect((await ws.getAccount(id))?.balance).toBe('0.00');
      expect((await ws.getAccount(suspenseId))?.balance).toBe('-30.00');
    }
    const suspenseStream = await streamFacts(a, `account-${suspenseId}`);
    expect(suspenseStream).toEqual(await streamFacts(b, `account-${suspenseId}`));
    expect(suspenseStream.map((e) => [e.type, e.commandId])).toEqual([
      ['Fidelis.AccountOpened.v2', 'sync-accept-open:b-cash-30'],
      ['Fidelis.WithdrawalMade.v2', 'sync-accept-post:b-cash-30'],
    ]);
    expect((await a.readStream(`account-${suspenseId}`)).map((e) => e.meta.actor)).toEqual(['sup-7', 'sup-7']);
    const resolved = (await a.readStream('syncexception-b-cash-30')).at(-1)!;
    expect(resolved.data).toMatchObject({ resolution: 'accepted', supervisor: 'sup-7', suspenseAccountId: suspenseId, amount: '3000', note: 'cash already handed over' });
    expect(await b.sync.status()).toMatchObject({ pendingEvents: 0, openExceptions: 0 });
  });

  it('refuses to accept an exception that moved no money: only retry or reverse settle it', async () => {
    const { a, b } = await twoWorkstations();
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', number: '2103', holder: 'Emmy Noether' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.execute({ type: 'CloseAccount', accountId: id });
    await b.execute({ type: 'CloseAccount', accountId: id }, { commandId: 'b-close' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect((await b.sync.exceptions()).map((e) => [e.commandId, e.code])).toEqual([['b-close', 'ACCOUNT_CLOSED']]);
    await expect(b.sync.resolveException('b-close', { resolution: 'accept', supervisor: 'sup-7' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'resolution' });
    expect((await b.sync.exceptions()).map((e) => e.commandId)).toContain('b-close');
  });

  it('sync verify repairs a workstation that lost a confirmed commit by pulling it again, keeping its unsynced deposit', async () => {
    const { a, b } = await twoWorkstations();
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', number: '2104', holder: 'Ada Lovelace', openingDeposit: '10.00' });
    await a.execute({ type: 'MakeDeposit', accountId: id, amount: '5.00' }, { commandId: 'a-dep-5' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    // B loses the gateway-confirmed deposit (an old backup restored, a copied data dir) …
    await b.store.applyRemote({ supersede: [commitId(`account-${id}`, 1)], commits: [] });
    expect((await b.readStream(`account-${id}`)).map((e) => e.version)).toEqual([0]);
    // … and records a deposit of its own before anyone notices: unsynced, and at the version the lost one held.
    await b.execute({ type: 'MakeDeposit', accountId: id, amount: '2.00' }, { commandId: 'b-dep-2' });
    expect(await b.sync.verify({ repair: false })).toMatchObject({ differing: [{ streamId: `account-${id}`, gatewayVersion: 1 }] });

    const report = await b.sync.verify();
    expect(report).toMatchObject({ differing: [], repaired: 1, differingBefore: [{ streamId: `account-${id}` }] });
    await a.sync.syncNow();
    const stream = await streamFacts(b, `account-${id}`);
    expect(stream).toEqual(await streamFacts(a, `account-${id}`));
    // The lost deposit is back at its place; B's deposit was decided again after it, not dropped.
    expect(stream.map((e) => [e.version, e.commandId])).toEqual([
      [0, stream[0]!.commandId],
      [1, 'a-dep-5'],
      [2, 'b-dep-2'],
    ]);
    await expect.poll(async () => (await b.getAccount(id))?.balance, { timeout: 10_000 }).toBe('17.00');
    expect((await a.getAccount(id))?.balance).toBe('17.00');
    expect(await b.sync.status()).toMatchObject({ pendingEvents: 0, openExceptions: 0 });
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
    const gateway = await testGateway.start();
    // Configured for a gateway that is not there: the workstation is offline.
    const [ws] = testGateway.keep(await workstation('ws-offline', gateway, 'http://127.0.0.1:9', { standInLimit: '100.00' }));
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
