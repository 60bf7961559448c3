/** Read models on the real (in-memory) store: AccountSummary, fact events and AccountReport, ActivityFeed, Journal, dashboard, rebuilds. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { accountFactStreamOf } from '@fidelis/shared/ledger/readModels/accountFacts.js';
import { netBalances } from '@fidelis/shared/ledger/readModels/journal.js';
import { accountCommands } from '../../support/accountFixtures.js';

let host: Host;
beforeEach(async () => {
  host = await createHost({ inMemory: true, settings: { processingRetryBaseMs: 1 } });
});
afterEach(async () => {
  await host.close();
});

const meta = (commandId: string) => ({ commandId, correlationId: commandId, causationId: commandId, actor: 'test', deviceId: 'd', branchId: 'BR001' });

describe('AccountSummary (SCENARIOS 8)', () => {
  it('is up to date when the command returns: open 1000 + deposit 500 gives 1500 and a count of 2', async () => {
    const a = accountCommands();
    await host.execute(a.open({ number: 'SUM-1', holder: 'Ada Lovelace' }));
    await host.execute(a.deposit('500'));
    const summary = await host.readModels.accountSummaries.get(a.accountId);
    expect(summary).toMatchObject({ balance: '1500.00', transactionCount: 2, status: 'ACTIVE', holder: 'Ada Lovelace' });
    const deposit = (await host.readStream(`account-${a.accountId}`)).at(-1)!;
    expect(summary!.lastTransactionAt).toBe(deposit.occurredAt);
  });

  it('answers get, query, count and exists', async () => {
    const ada = accountCommands();
    const bob = accountCommands();
    await host.execute(ada.open({ number: 'Q-1', holder: 'Ada Lovelace' }));
    await host.execute(bob.open({ number: 'Q-2', holder: 'Bob Brown', openingDeposit: '0' }));
    await host.execute(bob.close());
    expect(await host.readModels.accountSummaries.exists(ada.accountId)).toBe(true);
    expect(await host.readModels.accountSummaries.exists('nobody')).toBe(false);
    expect(await host.readModels.accountSummaries.count()).toBe(2);
    expect(await host.readModels.accountSummaries.count({ status: 'CLOSED' })).toBe(1);
    expect((await host.readModels.accountSummaries.query({ holder: 'lovelace' })).map((s) => s.accountId)).toEqual([ada.accountId]);
    expect((await host.readModels.accountSummaries.query({ status: 'ACTIVE' })).map((s) => s.number)).toEqual(['Q-1']);
  });
});

describe('fact events and AccountReport (SCENARIOS 18)', () => {
  it('appends one full-state fact per save: open, deposit, withdraw give 3 facts, the last 1300 ACTIVE', async () => {
    const a = accountCommands();
    await host.execute(a.open({ openingDeposit: '1000' }));
    await host.execute(a.deposit('500'));
    await host.execute(a.withdraw('200'));
    await host.processing.settle();
    const facts = await host.readStream(accountFactStreamOf(a.accountId));
    expect(facts.map((f) => f.type)).toEqual(['Fidelis.AccountFact.v1', 'Fidelis.AccountFact.v1', 'Fidelis.AccountFact.v1']);
    expect(facts.at(-1)!.data).toMatchObject({ balance: '130000', status: 'ACTIVE', accountVersion: 2 });
    // Each fact says which save it describes, and is caused by it.
    const events = await host.readStream(`account-${a.accountId}`);
    expect(facts.map((f) => f.meta.causationId)).toEqual(events.map((e) => e.id));
    expect(await host.readModels.accountReports.get(a.accountId)).toMatchObject({ balance: '130000', status: 'ACTIVE', factCount: 3, holder: 'Ada Lovelace' });
  });
});

describe('ActivityFeed (SCENARIOS 25)', () => {
  it('shows account and transfer events, keyed by event id, newest first, on every account they concern', async () => {
    const a = accountCommands();
    const b = accountCommands();
    await host.execute(a.open());
    await host.execute(b.open());
    await host.execute(a.deposit('250', { reference: 'salary' }));
    // A transfer's own stream (the transfer slice writes these): the feed reads them like account events.
    await host.store.append({
      streamId: 'transfer-t1',
      expected: 'no-stream',
      events: [
        { type: 'Fidelis.TransferInitiated.v1', data: { transferId: 't1', fromAccountId: a.accountId, toAccountId: b.accountId, amount: '30000', currency: 'USD' }, occurredAt: new Date().toISOString() },
        { type: 'Fidelis.TransferCompleted.v1', data: { transferId: 't1' }, occurredAt: new Date().toISOString() },
      ],
      meta: meta('feed-transfer'),
      commandHash: 'feed-transfer',
    });
    await host.processing.settle();
    const feedA = await host.readModels.activityFeed.list({ accountId: a.accountId });
    expect(feedA.map((e) => e.kind)).toEqual(['TransferCompleted', 'TransferInitiated', 'DepositMade', 'AccountOpened']);
    expect(feedA[2]).toMatchObject({ amount: '25000', currency: 'USD', description: 'Deposit (cash) salary' });
    const feedB = await host.readModels.activityFeed.list({ accountId: b.accountId });
    expect(feedB.map((e) => e.kind)).toEqual(['TransferCompleted', 'TransferInitiated', 'AccountOpened']);
    const entry = await host.readModels.activityFeed.get(feedA[0]!.eventId);
    expect(entry?.eventId).toBe(feedA[0]!.eventId);
    expect(new Set([...feedA, ...feedB].map((e) => e.eventId)).size).toBe(5);
  });
});

describe('Journal and trial balance', () => {
  it('books every movement as a balanced double entry against teller cash, clearing or suspense, and each day sums to zero', async () => {
    const a = accountCommands();
    await host.execute(a.open({ openingDeposit: '1000' }));
    await host.execute(a.deposit('100', { sourceType: 'cash' }));
    await host.execute(a.deposit('200', { sourceType: 'check' }));
    await host.execute({ type: 'MakeDeposit', accountId: a.accountId, amount: '300', sourceType: 'manual' });
    await host.execute(a.withdraw('50'));
    const jpy = accountCommands();
    await host.execute(jpy.open({ currency: 'JPY', openingDeposit: '5000', number: 'JPY-1' }));
    await host.processing.settle();

    const entries = await host.readModels.journal.entriesOf(a.accountId);
    expect(entries.map((e) => e.lines.map((l) => `${l.account.startsWith('customer:') ? 'customer' : l.account} ${l.debit}/${l.credit}`))).toEqual([
      ['branch:teller-cash 100000/0', 'customer 0/100000'],
      ['branch:teller-cash 10000/0', 'customer 0/10000'],
      ['branch:clearing 20000/0', 'customer 0/20000'],
      ['branch:suspense 30000/0', 'customer 0/30000'],
      ['customer 5000/0', 'branch:teller-cash 0/5000'],
    ]);
    const days = await host.readModels.journal.trialBalance();
    expect(days.map((d) => [d.currency, d.balanced, d.difference]).sort()).toEqual([
      ['JPY', true, '0'],
      ['USD', true, '0.00'],
    ]);
    const net = netBalances(days.filter((d) => d.currency === 'USD'));
    // The bank owes the customer 1550.00: a credit balance on the customer's ledger account.
    expect(net.get(`customer:${a.accountId}`)).toBe(-155000n);
    expect(net.get('branch:teller-cash')).toBe(105000n);
  });
});

describe('branch dashboard', () => {
  it('totals deposits per day and source type, counts openings and withdrawals, and keeps the largest movements', async () => {
    const a = accountCommands();
    await host.execute(a.open({ openingDeposit: '0' }));
    await host.execute(a.deposit('100', { sourceType: 'cash' }));
    await host.execute(a.deposit('700', { sourceType: 'wire' }));
    await host.execute(a.deposit('50', { sourceType: 'cash' }));
    await host.execute(a.withdraw('300'));
    await host.processing.settle();
    const [day] = await host.readModels.dashboard.days({ currency: 'USD' });
    expect(day).toMatchObject({
      accountsOpened: 1,
      deposits: { count: 3, total: '85000' },
      depositsBySource: { cash: { count: 2, total: '15000' }, wire: { count: 1, total: '70000' } },
      withdrawals: { count: 1, total: '30000' },
    });
    expect(day!.largest.map((m) => `${m.kind} ${m.amount}`)).toEqual(['deposit 70000', 'withdrawal 30000', 'deposit 10000', 'deposit 5000']);
  });
});

describe('projection rebuild (SCENARIOS 23)', () => {
  it('replays in global order through upcasters, skips unknown types, reports the counts, and gives the same result twice', async () => {
    const a = accountCommands();
    await host.execute(a.open({ openingDeposit: '1000' }));
    const streamId = `account-${a.accountId}`;
    // Written by an older Fidelis: a v1 deposit (no source, no currency), and a type from a newer one.
    await host.store.append({
      streamId,
      expected: 0,
      events: [{ type: 'Fidelis.DepositMade.v1', data: { accountId: a.accountId, amount: '50000' }, occurredAt: new Date().toISOString() }],
      meta: meta('old-deposit'),
      commandHash: 'old-deposit',
    });
    // The withdrawal comes first: once a stream holds an event this release cannot read, it refuses commands.
    await host.execute(a.withdraw('200'));
    await host.store.append({
      streamId,
      expected: 2,
      events: [{ type: 'Fidelis.LoyaltyPointsAwarded.v1', data: { accountId: a.accountId, points: 7 }, occurredAt: new Date().toISOString() }],
      meta: meta('future-event'),
      commandHash: 'future-event',
    });

    const first = await host.processing.rebuild('AccountSummary');
    expect(first).toEqual([expect.objectContaining({ projection: 'AccountSummary', dispatched: 3, skippedUnknown: 1 })]);
    expect(await host.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: '1300.00', transactionCount: 3 });

    const second = await host.processing.rebuild('AccountSummary');
    expect(second[0]).toMatchObject({ dispatched: 3, skippedUnknown: 1 });
    expect(second[0]!.slot).not.toBe(first[0]!.slot);
    expect(await host.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: '1300.00', transactionCount: 3 });
    // The upcast v1 deposit is booked in suspense (its source is unknown) in the journal's rebuild too.
    await host.processing.rebuild('Journal');
    const [tb] = await host.readModels.journal.trialBalance();
    expect(tb).toMatchObject({ balanced: true });
    expect(tb!.lines['branch:suspense']).toEqual({ debit: '50000', credit: '0' });
  });

  it('keeps serving the current build while the new one catches up, then switches', async () => {
    const a = accountCommands();
    await host.execute(a.open({ openingDeposit: '1000' }));
    for (let i = 0; i < 5; i++) await host.execute(a.deposit('10'));
    const before = host.processing.slotOf('AccountSummary');
    const seenDuringRebuild: (string | undefined)[] = [];
    const [report] = await host.processing.rebuild('AccountSummary', () => {
      seenDuringRebuild.push(host.processing.slotOf('AccountSummary'));
    });
    expect(seenDuringRebuild.length).toBeGreaterThan(0);
    expect(new Set(seenDuringRebuild)).toEqual(new Set([before]));
    expect(host.processing.slotOf('AccountSummary')).toBe(report!.slot);
    // Commands after the switch land in the new build.
    await host.execute(a.deposit('10'));
    expect(await host.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: '1060.00', transactionCount: 7 });
  });

  it('lets a search that began on the old build finish on it whole: the old build is deleted only after', async () => {
    for (const n of [1, 2, 3]) await host.execute(accountCommands().open({ number: `SW-${n}`, holder: `Holder ${n}` }));
    const results: string[] = [];
    // A screen searching over and over (each search is a count and then a page) while the directory is rebuilt.
    const screen = (async () => {
      while (results.length < 30) {
        const { total, items } = await host.readModels.accountSummaries.search({ text: 'sw-', offset: 0, limit: 10 });
        results.push(`${total}/${items.length}`);
      }
    })();
    let rebuilds = 0;
    while (results.length < 30) {
      await host.processing.rebuild('AccountDirectory');
      rebuilds++;
    }
    await screen;
    expect(rebuilds).toBeGreaterThan(2);
    expect(new Set(results)).toEqual(new Set(['3/3']));
  });
});

describe('a new projection version (blue/green)', () => {
  it('serves the old version while the new one is built from the events, then switches to it', async () => {
    const a = accountCommands();
    await host.execute(a.open({ openingDeposit: '1000' }));
    await host.execute(a.deposit('10'));
    const counter = (version: number, step: number) => ({
      name: 'DepositTally',
      version,
      mode: 'async' as const,
      eventTypes: ['DepositMade'],
      async apply(_event: unknown, view: { update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<void> }) {
        await view.update<{ tally: number; version: number }>('all', (current) => ({ tally: (current?.tally ?? 0) + step, version }));
      },
    });
    await host.processing.addProjection(counter(1, 1));
    await host.processing.settle();
    expect(await host.readModels.document('DepositTally', 'all')).toEqual({ tally: 1, version: 1 });
    const v1Slot = host.processing.slotOf('DepositTally');

    // The app is upgraded: version 2 counts in tens. Until it has caught up, readers get version 1.
    await host.processing.remove('DepositTally');
    await host.execute(a.deposit('20'));
    await host.processing.addProjection(counter(2, 10));
    const servedFirst = host.processing.slotOf('DepositTally');
    await host.processing.settle();
    expect(servedFirst).toBe(v1Slot);
    expect(host.processing.slotOf('DepositTally')).toMatch(/^DepositTally@v2#/);
    expect(await host.readModels.document('DepositTally', 'all')).toEqual({ tally: 20, version: 2 });
    await host.execute(a.deposit('30'));
    await host.processing.settle();
    expect(await host.readModels.document('DepositTally', 'all')).toEqual({ tally: 30, version: 2 });
  });
});
