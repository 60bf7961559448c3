/** Reversals through a whole host (issue 11): the compensating entry in the store, read models, journal and reports; the original untouched. */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter } from '../../../main/api/router.js';
import { runCli } from '../../../main/cli/main.js';
import { createHost, type Host } from '../../../main/host.js';
import type { ReportManifest } from '../../../main/reports/reports.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import { REPO_ROOT } from '../../support/processes.js';
import { resultOf, seedTestStaff, STAFF_PASSWORD, staffConnections, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const DAY = '2026-05-04';
const GOLDEN = join(REPO_ROOT, 'test', 'golden', 'reports');
/** Regenerate deliberately: UPDATE_GOLDEN=1 npx vitest run test/integration/accounts/reversal.test.ts */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const supervisor: Principal = { username: 'sam', displayName: 'Sam Supervisor', roles: ['supervisor'] };
const teller: Principal = { username: 'tina', displayName: 'Tina Teller', roles: ['teller'] };

let host: Host;
let dir: TempDir;
let now = new Date(`${DAY}T09:00:00.000Z`);
const at = (time: string) => (now = new Date(`${DAY}T${time}:00.000Z`));
let n = 0;
const run = (request: Record<string, unknown>) => host.execute(request, { commandId: `cmd-${String(++n).padStart(2, '0')}`, actor: 'teller1' });
const reverse = (accountId: string, originalEventId: string, reason: string) =>
  host.executeAs(supervisor, { type: 'ReverseMovement', accountId, originalEventId, reason }, { commandId: `cmd-${String(++n).padStart(2, '0')}` });
const refusalOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.toJSON();
    throw error;
  }
  throw new Error('expected a refusal');
};
const exportReport = (request: Record<string, unknown>) => host.reports.export({ date: DAY, format: 'csv', ...request });

/** Event ids are ULIDs: each becomes <id1>, <id2>… in order of first appearance, as in reports.test.ts. */
function expectGolden(name: string, actual: string): void {
  const seen = new Map<string, string>();
  const normalized = actual.replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, (id) => {
    if (!seen.has(id)) seen.set(id, `<id${seen.size + 1}>`);
    return seen.get(id)!;
  });
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) writeFileSync(path, normalized);
  expect(normalized).toBe(readFileSync(path, 'utf8'));
}

/** The history every test reads: Ada's 12,000 cash deposit keyed twice (one reversed), a cash withdrawal never paid out (reversed). */
let cashDeposit: EventEnvelope;
let duplicate: EventEnvelope;
let withdrawal: EventEnvelope;
let transferDebit: EventEnvelope;
let before: EventEnvelope[];

beforeAll(async () => {
  dir = makeTempDir('fidelis-reversal-');
  // No fact events here: a background handler would append them at racy seqs, and the golden file needs fixed ones.
  host = await createHost({ inMemory: true, clock: () => now, settings: { ...TEST_STAFF_SETTINGS, deviceId: 'WS-01', branchId: 'BR001', defaultActor: 'teller1', factEvents: false } });
  at('09:00');
  await run({ type: 'OpenAccount', accountId: 'ada-1', number: '1001', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '500.00' });
  at('10:00');
  cashDeposit = (await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '12000.00', sourceType: 'cash', reference: 'SLIP-1' })).events[0]!;
  at('10:05');
  duplicate = (await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '12000.00', sourceType: 'cash', reference: 'SLIP-1' })).events[0]!;
  at('11:00');
  withdrawal = (await run({ type: 'MakeWithdrawal', accountId: 'ada-1', amount: '300.00', reference: 'ATM-7' })).events[0]!;
  at('11:30');
  // A transfer's debit as the transfer process records it (its channel says so); a teller cannot record one.
  const commandId = `cmd-${String(++n).padStart(2, '0')}`;
  transferDebit = (
    await host.store.append({
      streamId: 'account-ada-1',
      expected: await host.store.streamVersion('account-ada-1'),
      events: [{ type: 'Fidelis.WithdrawalMade.v2', data: { accountId: 'ada-1', amount: '5000', channel: 'transfer', reference: 'transfer:T-9' }, occurredAt: now.toISOString() }],
      meta: { commandId, correlationId: commandId, causationId: commandId, actor: 'teller1', deviceId: 'WS-01', branchId: 'BR001', commandType: 'MakeWithdrawal' },
      commandHash: 'transfer-debit',
    })
  ).events[0]!;
  before = await host.readStream('account-ada-1');
  at('15:00');
  await reverse('ada-1', duplicate.id, 'Slip SLIP-1 keyed twice');
  at('15:10');
  await reverse('ada-1', withdrawal.id, 'Cash never paid out: the drawer balanced without it');
  await host.processing.settle();
});

afterAll(async () => {
  await host?.close();
  dir?.remove();
});

describe('a supervisor reverses a movement', () => {
  it('appends a compensating event naming the original and the reason; the balance is the sum of what was not reversed', async () => {
    const stream = await host.readStream('account-ada-1');
    const reversals = stream.slice(before.length);
    expect(reversals.map((e) => e.type)).toEqual(['Fidelis.DepositReversed.v1', 'Fidelis.WithdrawalReversed.v1']);
    expect(reversals[0]!.data).toEqual({
      accountId: 'ada-1',
      originalEventId: duplicate.id,
      originalVersion: duplicate.version,
      amount: '1200000',
      currency: 'USD',
      sourceType: 'cash',
      reason: 'Slip SLIP-1 keyed twice',
      originalReference: 'SLIP-1',
    });
    expect(reversals[1]!.data).toMatchObject({ originalEventId: withdrawal.id, amount: '30000', reason: 'Cash never paid out: the drawer balanced without it' });
    expect(reversals[0]!.meta).toMatchObject({ actor: 'sam', commandType: 'ReverseMovement' });
    // 500 + 12,000 + 12,000 − 300 − 50 − 12,000 + 300
    expect((await host.getAccount('ada-1'))?.balance).toBe('12450.00');
  });

  it('deletes and edits nothing: every event before the reversals is exactly as it was', async () => {
    const stream = await host.readStream('account-ada-1');
    expect(stream.slice(0, before.length)).toEqual(before);
    expect(stream).toHaveLength(before.length + 2);
  });

  it('refuses a second reversal of the same movement, a transfer leg, an unknown id and a teller', async () => {
    expect(await refusalOf(reverse('ada-1', duplicate.id, 'again'))).toMatchObject({ code: 'ALREADY_REVERSED', field: 'originalEventId' });
    expect(await refusalOf(reverse('ada-1', transferDebit.id, 'undo'))).toMatchObject({ code: 'NOT_REVERSIBLE', field: 'originalEventId', message: expect.stringContaining('transfer back') });
    expect(await refusalOf(reverse('ada-1', 'no-such-event', 'undo'))).toMatchObject({ code: 'ORIGINAL_NOT_FOUND', field: 'originalEventId' });
    expect(await refusalOf(host.executeAs(teller, { type: 'ReverseMovement', accountId: 'ada-1', originalEventId: cashDeposit.id, reason: 'mine' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusalOf(reverse('ada-1', cashDeposit.id, '   '))).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    expect(await host.readStream('account-ada-1')).toHaveLength(before.length + 2);
  });

  it("refuses another account's movement as not found on this account", async () => {
    at('15:20');
    await run({ type: 'OpenAccount', accountId: 'bob-1', number: '2001', holder: 'Bob Marley', currency: 'USD', openingDeposit: '100000.00' });
    expect(await refusalOf(reverse('bob-1', cashDeposit.id, 'wrong account'))).toMatchObject({ code: 'ORIGINAL_NOT_FOUND', field: 'originalEventId' });
  });

  it('takes the amount from the ledger, never from the caller', async () => {
    at('15:30');
    const small = (await run({ type: 'MakeDeposit', accountId: 'bob-1', amount: '10.00', sourceType: 'check' })).events[0]!;
    const outcome = await host.executeAs(supervisor, { type: 'ReverseMovement', accountId: 'bob-1', originalEventId: small.id, reason: 'bounced', original: { eventId: small.id, type: 'DepositMade', version: 1, accountId: 'bob-1', amount: '99999999' } });
    expect(outcome.events[0]!.data).toMatchObject({ amount: '1000', sourceType: 'check' });
    expect((await host.getAccount('bob-1'))?.balance).toBe('100000.00');
  });
});

describe('a deposit recorded by an older Fidelis', () => {
  it('is read upcast (currency from the stream, source unknown) and reversed against suspense, where it was booked', async () => {
    at('15:40');
    await run({ type: 'OpenAccount', accountId: 'old-1', number: '4001', holder: 'Olga Old', currency: 'EUR' });
    const [legacy] = await host.store.append({
      streamId: 'account-old-1',
      expected: 0,
      events: [{ type: 'Fidelis.DepositMade.v1', data: { accountId: 'old-1', amount: '7000' }, occurredAt: now.toISOString() }],
      meta: { commandId: 'legacy-1', correlationId: 'legacy-1', causationId: 'legacy-1', actor: 'teller0', deviceId: 'WS-00', branchId: 'BR001' },
      commandHash: 'legacy',
    }).then((r) => r.events);
    const outcome = await reverse('old-1', legacy!.id, 'Posted to the wrong customer in 2019');
    expect(outcome.events[0]!.data).toMatchObject({ amount: '7000', currency: 'EUR', sourceType: 'unknown', originalVersion: 1 });
    await host.processing.settle();
    expect((await host.readModels.journal.entry(outcome.events[0]!.id))?.lines).toEqual([
      { account: 'customer:old-1', debit: '7000', credit: '0' },
      { account: 'branch:suspense', debit: '0', credit: '7000' },
    ]);
    expect((await host.readStream('account-old-1'))[1]).toEqual(legacy);
  });
});

describe('a movement far back in a long stream', () => {
  it('is found past the newest pages (the lookup reads the stream newest first, a page at a time)', async () => {
    at('15:45');
    await run({ type: 'OpenAccount', accountId: 'long-1', number: '5001', holder: 'Lena Long' });
    const first = (await run({ type: 'MakeDeposit', accountId: 'long-1', amount: '1.00', sourceType: 'check' })).events[0]!;
    // 600 more deposits in commits of 100: the original is two pages and a commit boundary away from the head.
    for (let commit = 0; commit < 6; commit++) {
      await host.store.append({
        streamId: 'account-long-1',
        expected: 1 + commit * 100,
        events: Array.from({ length: 100 }, () => ({ type: 'Fidelis.DepositMade.v3', data: { accountId: 'long-1', amount: '100', sourceType: 'cash', currency: 'USD' }, occurredAt: now.toISOString() })),
        meta: { commandId: `bulk-${commit}`, correlationId: 'bulk', causationId: 'bulk', actor: 'teller1', deviceId: 'WS-01', branchId: 'BR001' },
        commandHash: `bulk-${commit}`,
      });
    }
    const outcome = await reverse('long-1', first.id, 'Check bounced');
    expect(outcome.events[0]).toMatchObject({ version: 602, data: { originalEventId: first.id, originalVersion: 1, amount: '100', sourceType: 'check' } });
    expect((await host.getAccount('long-1'))?.balance).toBe('600.00');
  });
});

describe('read models follow the reversal', () => {
  it('AccountSummary carries the reversed balance, each reversal counted as a transaction', async () => {
    expect(await host.readModels.accountSummaries.get('ada-1')).toMatchObject({ balance: '12450.00', transactionCount: 7 });
  });

  it('fact events follow a reversal (a host that has them on)', async () => {
    const withFacts = await createHost({ inMemory: true });
    try {
      await withFacts.execute({ type: 'OpenAccount', accountId: 'f-1', number: '9001', holder: 'Fay', openingDeposit: '10.00' });
      const deposit = (await withFacts.execute({ type: 'MakeDeposit', accountId: 'f-1', amount: '5.00', sourceType: 'cash' })).events[0]!;
      await withFacts.executeAs(supervisor, { type: 'ReverseMovement', accountId: 'f-1', originalEventId: deposit.id, reason: 'test' });
      await withFacts.processing.settle();
      expect(await withFacts.readModels.accountReports.get('f-1')).toMatchObject({ balance: '1000', sourceEventType: 'DepositReversed', factCount: 3 });
    } finally {
      await withFacts.close();
    }
  });

  it('the activity feed names the original and the reason', async () => {
    const feed = await host.readModels.activityFeed.list({ accountId: 'ada-1' });
    const reversal = feed.find((e) => e.kind === 'DepositReversed');
    expect(reversal).toMatchObject({ amount: '1200000', currency: 'USD', actor: 'sam', description: `Reversal of deposit ${duplicate.id}: Slip SLIP-1 keyed twice` });
  });

  it('the journal books each reversal against the branch account the original used, and the trial balance stays zero', async () => {
    const entries = await host.readModels.journal.entriesOf('ada-1');
    const ofReversal = (originalId: string) => entries.find((e) => e.description.includes(originalId))!;
    expect(ofReversal(duplicate.id).lines).toEqual([
      { account: 'customer:ada-1', debit: '1200000', credit: '0' },
      { account: 'branch:teller-cash', debit: '0', credit: '1200000' },
    ]);
    expect(ofReversal(withdrawal.id).lines).toEqual([
      { account: 'branch:teller-cash', debit: '30000', credit: '0' },
      { account: 'customer:ada-1', debit: '0', credit: '30000' },
    ]);
    const days = await host.readModels.journal.trialBalance({ currency: 'USD', businessDay: DAY });
    expect(days.map((d) => [d.balanced, d.difference])).toEqual([[true, '0.00']]);
  });

  it('the timeline shows the reversal with its signed amount and the original it names', async () => {
    const { accountTimeline } = await import('../../../main/accounts/accountQueries.js');
    const { createLedgerEventRegistry } = await import('@fidelis/shared/ledger/events.js');
    const timeline = await accountTimeline(host, createLedgerEventRegistry(), { accountId: 'ada-1', offset: 0, limit: 10 });
    const row = timeline.items.find((r) => r.type === 'DepositReversed');
    expect(row).toMatchObject({ amount: '-12000.00', detail: `cash · reverses ${duplicate.id} · Slip SLIP-1 keyed twice`, actor: 'sam' });
  });
});

describe('reports show the reversal', () => {
  // The next morning: the reported day is over, so reports cut off at its end.
  beforeAll(() => void (now = new Date('2026-05-05T08:00:00.000Z')));

  it('the statement lists the reversal naming the original and the reason, and adds up (golden file)', async () => {
    const out = dir.join('statement.csv');
    const manifest: ReportManifest = await exportReport({ kind: 'statement', accountId: 'ada-1', out });
    const csv = readFileSync(out, 'utf8');
    // The statement names the original as the customer knows it (its day and amount, and its event id in the last columns).
    expect(csv).toContain('Correction: deposit of 4 May 2026 (12000.00) reversed — Slip SLIP-1 keyed twice');
    expect(csv).toContain('Correction: withdrawal of 4 May 2026 (300.00) reversed — Cash never paid out: the drawer balanced without it');
    expect(manifest.totals).toMatchObject({ opening: '0.00', credits: '24800.00', debits: '12350.00', closing: '12450.00' });
    expectGolden('statement-reversal.csv', csv);
  });

  it('the audit trail lists the reversal events with the original id and the reason in their data', async () => {
    const out = dir.join('audit.csv');
    await exportReport({ kind: 'audit', out });
    const line = readFileSync(out, 'utf8').split('\n').find((l) => l.includes('Fidelis.DepositReversed.v1'));
    expect(line).toContain(duplicate.id);
    expect(line).toContain('Slip SLIP-1 keyed twice');
    expect(line).toContain('sam');
  });

  it('the trial balance report balances with reversals booked', async () => {
    const manifest = await exportReport({ kind: 'trial-balance', out: dir.join('tb.csv') });
    expect(manifest.totals).toMatchObject({ balanced: 'yes' });
    expect(manifest.warnings).toEqual([]);
  });

  it('the CTR keeps both cash deposits as cash handled that day and does not count the reversals as cash', async () => {
    const out = dir.join('ctr.json');
    await exportReport({ kind: 'ctr', format: 'json', out });
    const report = JSON.parse(readFileSync(out, 'utf8')) as { rows: Array<Record<string, string>> };
    const ada = report.rows.filter((r) => r.customer === 'Ada Lovelace');
    // 500.00 opening + 12,000.00 + 12,000.00: the reversed deposit still counts, the reversals add nothing.
    expect(new Set(ada.map((r) => r.lineCashInUsd))).toEqual(new Set(['24500.00']));
    expect(new Set(ada.map((r) => r.lineCashOutUsd))).toEqual(new Set(['300.00']));
    expect(ada.map((r) => r.eventId)).toEqual(expect.arrayContaining([cashDeposit.id, duplicate.id, withdrawal.id]));
    expect(ada.map((r) => r.source)).not.toContain('reversal');
  });
});

describe('fidelis account reverse', () => {
  /** The CLI in this process, on the test's host (kept open across runs), signed in as `user`. */
  const cli = async (user: string, ...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...argv, '--json'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      openHost: () => Promise.resolve({ ...host, close: () => Promise.resolve() }),
      env: { FIDELIS_USER: user, FIDELIS_PASSWORD: STAFF_PASSWORD },
    });
    return { code, out: stdout.trim() === '' ? undefined : (JSON.parse(stdout) as Record<string, unknown>), stderr };
  };

  it('reverses by --account, --event and --reason; a second time exits 2 with ALREADY_REVERSED; a teller is refused; no reason is a usage error', async () => {
    await seedTestStaff(host, ['teller', 'supervisor']);
    at('16:00');
    const deposit = (await run({ type: 'MakeDeposit', accountId: 'bob-1', amount: '25.00', sourceType: 'cash' })).events[0]!;
    expect(await cli('teller', 'account', 'reverse', '--account', 'bob-1', '--event', deposit.id, '--reason', 'mine')).toMatchObject({ code: 2, out: { error: { code: 'FORBIDDEN' } } });
    const first = await cli('supervisor', 'account', 'reverse', '--account', 'bob-1', '--event', deposit.id, '--reason', 'wrong account');
    expect(first).toMatchObject({ code: 0, out: { accountId: 'bob-1', events: ['Fidelis.DepositReversed.v1'] } });
    expect((await host.readStream('account-bob-1')).at(-1)).toMatchObject({ data: { originalEventId: deposit.id, reason: 'wrong account' }, meta: { actor: 'supervisor' } });
    const again = await cli('supervisor', 'account', 'reverse', '--account', 'bob-1', '--event', deposit.id, '--reason', 'again');
    expect(again).toMatchObject({ code: 2, out: { error: { code: 'ALREADY_REVERSED', field: 'originalEventId' } } });
    expect((await cli('supervisor', 'account', 'reverse', '--account', 'bob-1', '--event', deposit.id)).code).toBe(64);
  });
});

describe("the API's account.reverse", () => {
  it('lets a supervisor reverse by account, event id and reason, and refuses a teller', async () => {
    const api = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, factEvents: false } });
    const router = createApiRouter(api);
    try {
      const as = await staffConnections(api, router);
      const { accountId } = resultOf<{ accountId: string }>(await as.teller.call('account.open', { number: 'R-1', holder: 'Grace Hopper', currency: 'USD', openingDeposit: '100.00' }));
      await as.teller.call('account.deposit', { accountId, amount: '40.00', sourceType: 'cash' });
      const deposit = (await api.readStream(`account-${accountId}`)).at(-1)!;
      expect(await as.teller.call('account.reverse', { accountId, originalEventId: deposit.id, reason: 'typo' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await as.supervisor.call('account.reverse', { accountId, originalEventId: deposit.id, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'reason' } });
      expect(resultOf(await as.supervisor.call('account.reverse', { accountId, originalEventId: deposit.id, reason: 'Deposited on the wrong account' }))).toEqual({ accountId, version: 2, duplicate: false });
      expect(resultOf<{ account: { balance: string } }>(await as.teller.call('account.get', { accountId })).account.balance).toBe('100.00');
      const reversal = (await api.readStream(`account-${accountId}`)).at(-1)!;
      expect(reversal).toMatchObject({ type: 'Fidelis.DepositReversed.v1', data: { originalEventId: deposit.id, reason: 'Deposited on the wrong account' }, meta: { actor: 'supervisor' } });
    } finally {
      router.close();
      await api.close();
    }
  });
});
