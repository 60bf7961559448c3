// The API router over a real in-memory host: validation of untrusted input, typed refusals, paging, live topics.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { TEST_STAFF_SETTINGS, signedInAsEveryone } from '../../support/staffFixtures.js';
import { createHost, type Host } from '../../../main/host.js';
import { settledHead } from '../../support/settledHead.js';

let host: Host;
let apiRouter: ApiRouter;
/** Signed in as a user holding every role: these tests are about the API, not about roles (staff.router.test.ts). */
let router: ApiConnection;

beforeEach(async () => {
  // Dead letters are parked after one quick retry, so a poisoned handler shows up at once.
  host = await createHost({ inMemory: true, settings: { processingMaxRetries: 1, processingRetryBaseMs: 1, ...TEST_STAFF_SETTINGS } });
  apiRouter = createApiRouter(host);
  await apiRouter.ready;
  router = await signedInAsEveryone(host, apiRouter);
});

afterEach(async () => {
  apiRouter.close();
  await host.close();
});

function result<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

async function openAccount(number: string, holder: string, openingDeposit = '1000'): Promise<string> {
  return result<{ accountId: string }>(await router.call('account.open', { number, holder, currency: 'USD', openingDeposit })).accountId;
}

describe('API router', () => {
  it('refuses a withdrawal past the available balance on the balance field, and stores nothing', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    const response = await router.call('account.withdraw', { accountId, amount: '1000.01' });
    expect(response).toEqual({ ok: false, error: { code: 'INSUFFICIENT_FUNDS', field: 'balance', message: expect.stringMatching(/1,000\.01 USD requested, 1,000\.00 USD available/) } });
    expect(await host.store.streamVersion(`account-${accountId}`)).toBe(0);
    expect(result<{ total: number }>(await router.call('account.timeline', { accountId })).total).toBe(1);
  });

  it('reports malformed input on its field without running anything', async () => {
    const head = await settledHead(host);
    expect(await router.call('account.deposit', { accountId: 'x', amount: 5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'amount' } });
    expect(await router.call('account.open', { number: '', holder: 'A', currency: 'USD' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'number' } });
    expect(await router.call('account.open', { number: 'N', holder: 'A', currency: 'XXX' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'currency' } });
    expect(await router.call('accounts.list', { limit: 10_000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'limit' } });
    expect(await router.call('account.get', { accountId: 'a', atVersion: 1, asOf: '2026-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { field: 'asOf' } });
    expect(await router.call('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(host.store.headSeq()).toBe(head);
  });

  it('reports an amount with too many decimals for the currency on the amount field', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    expect(await router.call('account.deposit', { accountId, amount: '10.001' })).toMatchObject({ ok: false, error: { code: 'INVALID_AMOUNT', field: 'amount' } });
  });

  it('lists accounts sorted by number, searched by number prefix or holder, one page at a time', async () => {
    for (let i = 1; i <= 12; i++) await openAccount(`N-${String(i).padStart(3, '0')}`, i % 3 === 0 ? `Lovelace ${i}` : `Hopper ${i}`);
    const page = result<{ total: number; items: { number: string }[] }>(await router.call('accounts.list', { offset: 5, limit: 3 }));
    expect(page.total).toBe(12);
    expect(page.items.map((a) => a.number)).toEqual(['N-006', 'N-007', 'N-008']);
    const byHolder = result<{ total: number; items: { holder: string }[] }>(await router.call('accounts.list', { search: 'LOVE' }));
    expect(byHolder.total).toBe(4);
    const byNumber = result<{ total: number }>(await router.call('accounts.list', { search: 'n-01' }));
    expect(byNumber.total).toBe(3);
    // Any word of the holder's name; an account matched by number and by holder is listed once, numbers first.
    await openAccount('ADA-1', 'Ada King');
    await openAccount('Z-9', 'Augusta Ada King');
    const ada = result<{ total: number; items: { number: string }[] }>(await router.call('accounts.list', { search: 'ada' }));
    expect(ada).toMatchObject({ total: 2, items: [{ number: 'ADA-1' }, { number: 'Z-9' }] });
    expect(result<{ total: number }>(await router.call('accounts.list', { search: 'king' })).total).toBe(2);
    expect(result<{ total: number; items: unknown[] }>(await router.call('accounts.list', { search: 'ada', offset: 1, limit: 5 })).items).toHaveLength(1);
  });

  it('pages the timeline newest first with the running balance after each event', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    await router.call('account.deposit', { accountId, amount: '500' });
    await router.call('account.deposit', { accountId, amount: '200' });
    await router.call('account.withdraw', { accountId, amount: '150', reference: 'rent' });
    const timeline = result<{ total: number; items: { version: number; type: string; amount: string | null; runningBalance: string; detail: string }[] }>(
      await router.call('account.timeline', { accountId, offset: 1, limit: 2 }),
    );
    expect(timeline.total).toBe(4);
    expect(timeline.items.map((r) => [r.version, r.type, r.amount, r.runningBalance])).toEqual([
      [2, 'DepositMade', '200.00', '1700.00'],
      [1, 'DepositMade', '500.00', '1500.00'],
    ]);
    const newest = result<{ items: { amount: string; detail: string }[] }>(await router.call('account.timeline', { accountId, limit: 1 })).items[0]!;
    expect(newest).toMatchObject({ amount: '-150.00', detail: 'ref rent' });
  });

  it('shows an account as it was at a version and as of a time', async () => {
    // An injected clock puts the withdrawal a minute after the cut-off, instead of waiting for the wall clock to move.
    apiRouter.close();
    await host.close();
    let clock = new Date('2026-11-26T10:00:00Z');
    host = await createHost({ inMemory: true, settings: TEST_STAFF_SETTINGS, clock: () => clock });
    apiRouter = createApiRouter(host);
    router = await signedInAsEveryone(host, apiRouter);
    const accountId = await openAccount('ACC-1', 'Ada');
    await router.call('account.deposit', { accountId, amount: '500' });
    const between = new Date(clock.getTime() + 30_000).toISOString();
    clock = new Date(clock.getTime() + 60_000);
    await router.call('account.withdraw', { accountId, amount: '300' });
    const atVersion = result<{ account: { balance: string }; pointInTime: { version: number } }>(await router.call('account.get', { accountId, atVersion: 0 }));
    expect(atVersion.account.balance).toBe('1000.00');
    expect(atVersion.pointInTime.version).toBe(0);
    const asOf = result<{ account: { balance: string }; pointInTime: { version: number } }>(await router.call('account.get', { accountId, asOf: between }));
    expect(asOf.account.balance).toBe('1500.00');
    expect(asOf.pointInTime.version).toBe(1);
    const now = result<{ account: { balance: string }; pointInTime: null; headVersion: number }>(await router.call('account.get', { accountId }));
    expect(now).toMatchObject({ account: { balance: '1200.00' }, pointInTime: null, headVersion: 2 });
  });

  it("sums today's deposits by source type and withdrawals, by hour and largest first", async () => {
    // One in-memory database per process at a time: this test swaps in a host with a fixed clock.
    apiRouter.close();
    await host.close();
    host = await createHost({ inMemory: true, settings: TEST_STAFF_SETTINGS, clock: () => new Date('2026-11-26T10:30:00Z') });
    apiRouter = createApiRouter(host);
    const day = await signedInAsEveryone(host, apiRouter);
    {
      const { accountId } = result<{ accountId: string }>(await day.call('account.open', { number: 'A', holder: 'Ada', currency: 'USD' }));
      await day.call('account.deposit', { accountId, amount: '500', sourceType: 'wire' });
      await day.call('account.deposit', { accountId, amount: '20', sourceType: 'cash' });
      await day.call('account.deposit', { accountId, amount: '30', sourceType: 'cash' });
      await day.call('account.withdraw', { accountId, amount: '100' });
      // The dashboard's read models are async: they catch up after the command has returned.
      await host.processing.settle();
      const activity = result<{ currencies: { deposits: unknown; withdrawals: unknown; bySource: unknown; hourly: { deposits: string; withdrawals: string }[]; largest: { amount: string }[] }[]; openAlerts: number | null }>(
        await day.call('dashboard.activity', { from: '2026-11-26T00:00:00Z', to: '2026-11-27T00:00:00Z' }),
      );
      const usd = activity.currencies[0]!;
      expect(usd.deposits).toEqual({ count: 3, total: '550.00' });
      expect(usd.withdrawals).toEqual({ count: 1, total: '100.00' });
      expect(usd.bySource).toEqual([
        { sourceType: 'wire', count: 1, total: '500.00' },
        { sourceType: 'cash', count: 2, total: '50.00' },
      ]);
      expect(usd.hourly).toHaveLength(24);
      expect(usd.hourly[10]).toMatchObject({ deposits: '550.00', withdrawals: '100.00' });
      expect(usd.hourly[9]).toMatchObject({ deposits: '0.00', withdrawals: '0.00' });
      expect(usd.largest.map((m) => m.amount)).toEqual(['500.00', '100.00', '30.00', '20.00']);
      expect(activity.openAlerts).toBe(0);
      const nextDay = result<{ currencies: unknown[] }>(await day.call('dashboard.activity', { from: '2026-11-27T00:00:00Z', to: '2026-11-28T00:00:00Z' }));
      expect(nextDay.currencies).toEqual([]);
    }
  });

  it('raises an alert for a deposit of 10,000.00 that compliance lists, acknowledges and counts, announcing the change', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    const announced: string[] = [];
    const live = router.subscribe('readModel', { name: 'alerts' }, (event) => announced.push((event as { name: string }).name));
    await router.call('account.deposit', { accountId, amount: '9999.99' });
    await router.call('account.deposit', { accountId, amount: '10000.00', sourceType: 'wire' });
    await host.processing.settle();
    const open = result<{ total: number; items: { alertId: string; rule: string; amount: string; currency: string; status: string; accountId: string }[] }>(await router.call('alerts.list', {}));
    expect(open.total).toBe(1);
    expect(open.items[0]).toMatchObject({ accountId, rule: 'LARGE_DEPOSIT', amount: '10000.00', currency: 'USD', status: 'open', acknowledgedBy: null });
    const today = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    expect(result<{ openAlerts: number }>(await router.call('dashboard.activity', today)).openAlerts).toBe(1);

    const acknowledged = result<{ status: string; acknowledgedBy: string }>(await router.call('alerts.acknowledge', { alertId: open.items[0]!.alertId }));
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'all' });
    expect(result<{ total: number }>(await router.call('alerts.list', {})).total).toBe(0);
    expect(result<{ total: number }>(await router.call('alerts.list', { status: 'acknowledged' })).total).toBe(1);
    expect(result<{ openAlerts: number }>(await router.call('dashboard.activity', today)).openAlerts).toBe(0);
    // Recorded as an event by the signed-in reviewer; an unknown alert is refused with nothing recorded.
    expect((await host.readStream(`alert-${open.items[0]!.alertId}`)).map((e) => [e.type, e.meta.actor])).toEqual([['Fidelis.AlertAcknowledged.v1', 'all']]);
    const head = host.store.headSeq();
    expect(await router.call('alerts.acknowledge', { alertId: 'LARGE_DEPOSIT:nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'alertId' } });
    expect(host.store.headSeq()).toBe(head);
    await vi.waitFor(() => expect(announced.length).toBeGreaterThanOrEqual(2));
    live.unsubscribe();
  });

  it('lists every subscription with its lag, dead-letter depth and status, and rebuilds a projection to the head', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    await router.call('account.deposit', { accountId, amount: '5' });
    await host.processing.settle();
    const subscriptions = result<{ items: { name: string; lag: number; deadLetters: number; status: string; position: number }[] }>(await router.call('ops.subscriptions', {}));
    const names = subscriptions.items.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['projection:AccountSummary', 'projection:BranchDashboard', 'projection:AccountDirectory', 'compliance-alerts']));
    for (const s of subscriptions.items) expect(s).toMatchObject({ lag: 0, deadLetters: 0, status: 'ok' });

    const announced: unknown[] = [];
    const live = router.subscribe('readModel', { name: 'rebuilds' }, (event) => announced.push(event));
    expect(result<{ items: { projection: string }[] }>(await router.call('ops.rebuilds', {})).items.map((r) => r.projection)).toContain('AccountSummary');
    expect(result<{ running: boolean }>(await router.call('ops.startRebuild', { projection: 'AccountSummary' })).running).toBe(true);
    await vi.waitFor(async () => {
      const rebuild = result<{ items: { projection: string; running: boolean; processed: number; total: number; dispatched: number }[] }>(await router.call('ops.rebuilds', {})).items.find((r) => r.projection === 'AccountSummary');
      expect(rebuild).toMatchObject({ running: false, processed: host.store.headSeq(), total: host.store.headSeq(), dispatched: 2 });
    });
    expect(announced.length).toBeGreaterThan(0);
    live.unsubscribe();
    expect(result<{ items: { balance: string }[] }>(await router.call('accounts.list', {})).items[0]!.balance).toBe('1005.00');
    expect(await router.call('ops.startRebuild', { projection: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'projection' } });
  });

  it('lists a poisoned event in the dead letters, replays it once fixed, and purges only when confirmed', async () => {
    let poisoned = true;
    await host.processing.subscribe({
      name: 'flaky',
      categories: ['account'],
      async handle(event) {
        if (poisoned && event.type === 'DepositMade') throw new Error('the statement printer is offline');
      },
    });
    const accountId = await openAccount('ACC-1', 'Ada');
    await router.call('account.deposit', { accountId, amount: '5' });
    await router.call('account.deposit', { accountId, amount: '6' });
    await vi.waitFor(async () => expect(result<{ total: number }>(await router.call('ops.deadLetters', { subscription: 'flaky' })).total).toBe(2), { timeout: 10_000 });
    const letters = result<{ items: { id: string; eventType: string; reason: string; retries: number; payload: { data: { amount: string } } }[] }>(await router.call('ops.deadLetters', { subscription: 'flaky' }));
    expect(letters.items[0]).toMatchObject({ eventType: 'Fidelis.DepositMade.v4', reason: 'the statement printer is offline', payload: { data: { amount: '500' } } });
    const flaky = result<{ items: { name: string; deadLetters: number; status: string }[] }>(await router.call('ops.subscriptions', {})).items.find((s) => s.name === 'flaky');
    expect(flaky).toMatchObject({ deadLetters: 2, status: 'failing' });

    poisoned = false;
    expect(result<{ replayed: number; failed: number }>(await router.call('ops.replayDeadLetter', { id: letters.items[0]!.id }))).toEqual({ replayed: 2, failed: 0 });
    expect(result<{ total: number }>(await router.call('ops.deadLetters', {})).total).toBe(0);

    poisoned = true;
    await router.call('account.deposit', { accountId, amount: '7' });
    await vi.waitFor(async () => expect(result<{ total: number }>(await router.call('ops.deadLetters', {})).total).toBe(1), { timeout: 10_000 });
    expect(await router.call('ops.purgeDeadLetters', { subscription: 'flaky' })).toMatchObject({ ok: false, error: { field: 'confirm' } });
    expect(result<{ purged: number }>(await router.call('ops.purgeDeadLetters', { subscription: 'flaky', confirm: true })).purged).toBe(1);
    expect(result<{ total: number }>(await router.call('ops.deadLetters', {})).total).toBe(0);
  });

  it('refuses a purge of dead letters that is not explicitly confirmed', async () => {
    expect(await router.call('ops.purgeDeadLetters', { subscription: 'x' })).toMatchObject({ ok: false, error: { field: 'confirm' } });
  });

  it('tells a stream subscriber about each change to its stream and nothing else', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    const other = await openAccount('ACC-2', 'Bob');
    const seen: unknown[] = [];
    const { response, unsubscribe } = router.subscribe('stream', { streamId: `account-${accountId}` }, (event) => seen.push(event));
    expect(response.ok).toBe(true);
    await router.call('account.deposit', { accountId: other, amount: '1' });
    await router.call('account.deposit', { accountId, amount: '1' });
    // The seq is the deposit's own; background handlers may append facts after it before this line runs.
    const deposited = (await host.store.readStream(`account-${accountId}`)).at(-1)!;
    expect(seen).toEqual([{ streamId: `account-${accountId}`, version: 1, headSeq: deposited.seq }]);
    unsubscribe();
    await router.call('account.deposit', { accountId, amount: '1' });
    expect(seen).toHaveLength(1);
    expect(router.subscribe('nope', {}, () => {}).response).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('indexes accounts already in the store when it starts', async () => {
    const accountId = await openAccount('ACC-1', 'Ada');
    await router.call('account.deposit', { accountId, amount: '5' });
    const secondRouter = createApiRouter(host);
    await secondRouter.ready;
    const second = await signedInAsEveryone(host, secondRouter);
    const list = result<{ items: { balance: string }[] }>(await second.call('accounts.list', {}));
    expect(list.items[0]!.balance).toBe('1005.00');
    secondRouter.close();
  });
});
