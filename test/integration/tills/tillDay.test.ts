/**
 * A branch's day with tills and the vault, on a real host: cash moves the till of the teller who posted it, the vault
 * gives cash to tellers with both people signing, a short till is booked and signed off, the day closes once every
 * till is closed and the vault counted, and the journal's trial balance stays zero with the cash in it.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval, Principal } from '@fidelis/shared/staff/index.js';
import { createHost, type Host } from '../../../main/host.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

let host: Host;
let now: Date;
let tom: Principal;
let tina: Principal;
let sue: Principal;
let dir: TempDir;

const as = (username: string): Approval => ({ username, password: STAFF_PASSWORD });

beforeEach(async () => {
  dir = makeTempDir();
  now = new Date('2026-11-26T14:00:00.000Z');
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, deviceId: 'ws-1', timeZone: 'America/New_York', tillSignOffAmount: '10.00', factEvents: false }, clock: () => now });
  const staff = await seedTestStaff(host, ['teller', 'supervisor']);
  tom = staff.teller;
  sue = staff.supervisor;
  await host.staff.provision(staff.admin, { username: 'tina', displayName: 'Tina Teller', roles: ['teller'], password: STAFF_PASSWORD });
  tina = (await host.staff.principalOf('tina'))!;
});

afterEach(async () => {
  await host.close();
  dir.remove();
});

/** A CSV report's rows of some sections (its first cell), as cells after the section (these reports quote nothing here). */
const csvRows = (path: string, ...sections: string[]) =>
  readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','))
    .filter(([section]) => sections.includes(section!))
    .map(([, ...cells]) => cells);

async function openAccount(number: string, openingDeposit: string) {
  return (await host.executeAs(sue, { type: 'OpenAccount', number, holder: `Holder ${number}`, openingDeposit, openingDepositSource: 'check' })).aggregateId;
}

const till = async (teller: string) => (await host.tills.mine(teller)).tills.find((t) => t.currency === 'USD');

/** The vault starts the day with 10,000.00 from the cash centre; both tellers open empty and buy from it. */
async function morning() {
  await host.executeAs(sue, { type: 'ReceiveCashShipment', currency: 'USD', amount: '10000.00', reference: 'CC-2026-1126' });
  await host.executeAs(tom, { type: 'OpenTill', currency: 'USD', count: {} });
  await host.executeAs(tina, { type: 'OpenTill', currency: 'USD', count: {} });
  await host.executeAs(sue, { type: 'IssueCashToTill', teller: 'teller', currency: 'USD', amount: '2000.00' }, {}, as('teller'));
  await host.executeAs(sue, { type: 'IssueCashToTill', teller: 'tina', currency: 'USD', amount: '1000.00' }, {}, as('tina'));
}

describe('a day of teller cash', () => {
  it('books cash through the right till, signs the vault over, books a shortage, closes the day and keeps the trial balance at zero', async () => {
    const a = await openAccount('1001', '5000.00');
    const b = await openAccount('1002', '5000.00');
    await morning();

    await host.executeAs(tom, { type: 'MakeDeposit', accountId: '1001', amount: '500.00' });
    await host.executeAs(tina, { type: 'MakeWithdrawal', accountId: '1002', amount: '300.00' });
    // A check is no cash: the till is not touched.
    await host.executeAs(tom, { type: 'MakeDeposit', accountId: '1002', amount: '200.00', sourceType: 'check' });

    expect(await till('teller')).toMatchObject({ status: 'OPEN', position: '2500.00', fromVault: '2000.00', customerIn: '500.00', customerOut: '0.00', movements: 2 });
    expect(await till('tina')).toMatchObject({ status: 'OPEN', position: '700.00', fromVault: '1000.00', customerOut: '300.00', movements: 2 });
    const deposit = (await host.readStream(`account-${a}`)).at(-1)!;
    expect(deposit.data).toMatchObject({ amount: '50000', sourceType: 'cash', tillId: 'teller:ws-1:USD' });
    expect((await host.readStream(`account-${b}`)).at(-1)!.data).not.toHaveProperty('tillId');

    // Tom counts 2,480.00: 20.00 short, over the 10.00 sign-off amount.
    const count = { N100: 24, N20: 4 };
    await expect(host.executeAs(tom, { type: 'CloseTill', currency: 'USD', count, reason: 'Miscounted change' })).rejects.toMatchObject({ code: 'SIGN_OFF_REQUIRED', field: 'approval' });
    await host.executeAs(tom, { type: 'CloseTill', currency: 'USD', count, reason: 'Miscounted change' }, {}, as('supervisor'));
    const [closed] = (await host.readStream('till-teller:ws-1:USD')).slice(-1);
    expect(closed!.data).toMatchObject({ position: '250000', counted: '248000', difference: '-2000', reason: 'Miscounted change', signedOffBy: 'supervisor', businessDay: '2026-11-26' });
    await host.executeAs(tina, { type: 'CloseTill', currency: 'USD', count: { N100: 7 } });
    expect((await till('tina'))?.difference).toBe('0.00');

    // The vault gave 3,000.00 of its 10,000.00: counted exact, the day closes.
    await expect(host.executeAs(sue, { type: 'CloseBusinessDay' })).rejects.toMatchObject({ code: 'DAY_NOT_READY', message: expect.stringContaining('USD vault has not been counted') });
    await host.executeAs(sue, { type: 'CountVault', currency: 'USD', count: { N100: 70 } });
    const close = await host.executeAs(sue, { type: 'CloseBusinessDay' });
    expect(close.events[0]!.data).toMatchObject({ branchId: 'BR001', businessDay: '2026-11-26', vaults: [{ currency: 'USD', counted: '700000' }] });
    expect((await host.tills.branchDay()).lastClosed).toBe('2026-11-26');

    await host.processing.settle();
    const days = await host.readModels.journal.trialBalance({ currency: 'USD' });
    expect(days.map((d) => [d.businessDay, d.balanced])).toEqual([['2026-11-26', true]]);
    const lines = days[0]!.lines;
    const net = (account: string) => BigInt(lines[account]?.debit ?? '0') - BigInt(lines[account]?.credit ?? '0');
    expect(net('till:teller:ws-1:USD')).toBe(248000n);
    expect(net('till:tina:ws-1:USD')).toBe(70000n);
    expect(net('vault:BR001:USD')).toBe(700000n);
    expect(net('branch:cash-over-short')).toBe(2000n);
    expect(net('branch:cash-centre')).toBe(-1000000n);

    // The over/short report shows the 20.00 against Tom, signed off, and his day's total; Tina's exact till is not in it.
    const out = dir.join('over-short.csv');
    const manifest = await host.reports.export({ kind: 'over-short', date: '2026-11-26', format: 'csv', out });
    const rows = csvRows(out, 'difference', 'total');
    expect(rows).toEqual([
      ['2026-11-26', 'teller', 'till', 'teller:ws-1:USD', 'USD', 'till closing', '', '20.00', 'Miscounted change', 'supervisor', closed!.id, String(closed!.seq)],
      ['2026-11-26', 'teller', '', '', 'USD', 'total', '0.00', '20.00', '', '', '', ''],
    ]);
    expect(manifest.totals).toMatchObject({ differences: '1', 'short.USD': '20.00', 'over.USD': '0.00' });
    // The trial balance report books the same way as the journal: balanced, with the tills and the vault in it.
    const trialBalance = await host.reports.export({ kind: 'trial-balance', date: '2026-11-26', format: 'csv', out: dir.join('tb.csv') });
    expect(trialBalance.totals).toMatchObject({ balanced: 'yes' });
    expect(csvRows(dir.join('tb.csv'), 'trial-balance').map((cells) => cells[5])).toEqual(expect.arrayContaining(['till:teller:ws-1:USD', 'till:tina:ws-1:USD', 'vault:BR001:USD', 'branch:cash-over-short', 'branch:cash-centre']));
  });

  it('writes till and vault positions and over/short as CSV, XLSX and PDF, with manifests, the same bytes twice', async () => {
    await openAccount('5001', '1000.00');
    await morning();
    await host.executeAs(tina, { type: 'MakeDeposit', accountId: '5001', amount: '40.00' });
    await host.executeAs(tina, { type: 'CloseTill', currency: 'USD', count: { N100: 10, N20: 2, C1: 5 }, reason: 'Found a roll of coins' });
    await host.executeAs(tom, { type: 'ReturnCashToVault', currency: 'USD', amount: '500.00' }, {}, as('supervisor'));
    const positions = await host.reports.export({ kind: 'tills', date: '2026-11-26', format: 'csv', out: dir.join('tills.csv') });
    expect(csvRows(dir.join('tills.csv'), 'till', 'vault')).toEqual([
      ['2026-11-26', 'till', 'tina:ws-1:USD', 'tina', 'USD', '0.00', '0.00', '40.00', '0.00', '', '', '1000.00', '0.00', '', '', '1040.00', '1045.00', '5.00', 'CLOSED'],
      ['2026-11-26', 'till', 'teller:ws-1:USD', 'teller', 'USD', '0.00', '0.00', '0.00', '0.00', '', '', '2000.00', '500.00', '', '', '1500.00', '', '', 'OPEN'],
      ['2026-11-26', 'vault', 'BR001:USD', '', 'USD', '0.00', '', '', '', '500.00', '3000.00', '', '', '10000.00', '0.00', '7500.00', '', '0.00', 'NOT COUNTED'],
    ]);
    expect(positions.warnings).toEqual(["teller's USD till (teller:ws-1:USD) is still open for 2026-11-26.", 'The USD vault was not counted on 2026-11-26.']);

    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const first = await host.reports.export({ kind: 'over-short', date: '2026-11-26', format, out: dir.join(`os-1.${format}`) });
      const second = await host.reports.export({ kind: 'over-short', date: '2026-11-26', format, out: dir.join(`os-2.${format}`) });
      expect(second.sha256, format).toBe(first.sha256);
      expect(JSON.parse(readFileSync(dir.join(`os-1.${format}.manifest.json`), 'utf8'))).toMatchObject({ report: 'over-short', title: 'Cash over and short per teller and day', rowCounts: { difference: 1, total: 1 } });
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(dir.join('os-1.xlsx'));
    const difference = workbook.getWorksheet('Report')!.getRows(1, 10)!.find((row) => row.getCell(1).value === 'difference')!;
    expect(difference.getCell(8).value).toBe(5);
    const text = execFileSync('pdftotext', ['-layout', dir.join('os-1.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Cash over and short per teller and day');
    expect(text).toMatch(/tina\s+till\s+tina:ws-1:USD\s+USD\s+till closing\s+5\.00/);
  });

  it('refuses a cash withdrawal above the till’s position and stores nothing; the teller buys from the vault first', async () => {
    await openAccount('2001', '9000.00');
    await morning();
    const head = host.store.headSeq();
    await expect(host.executeAs(tina, { type: 'MakeWithdrawal', accountId: '2001', amount: '1000.01' })).rejects.toMatchObject({ code: 'TILL_SHORT_OF_CASH', field: 'amount', message: expect.stringContaining('1,000.00 USD') });
    expect(host.store.headSeq()).toBe(head);
    expect((await till('tina'))?.position).toBe('1000.00');
    await host.executeAs(sue, { type: 'IssueCashToTill', teller: 'tina', currency: 'USD', amount: '500.00' }, {}, as('tina'));
    await host.executeAs(tina, { type: 'MakeWithdrawal', accountId: '2001', amount: '1000.01' });
    expect((await till('tina'))?.position).toBe('499.99');
  });

  it('needs both people between a till and the vault: the receiver confirms with their own password', async () => {
    await morning();
    const head = host.store.headSeq();
    await expect(host.executeAs(sue, { type: 'IssueCashToTill', teller: 'tina', currency: 'USD', amount: '10.00' })).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED' });
    await expect(host.executeAs(sue, { type: 'IssueCashToTill', teller: 'tina', currency: 'USD', amount: '10.00' }, {}, as('teller'))).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'approval' });
    await expect(host.executeAs(tina, { type: 'ReturnCashToVault', currency: 'USD', amount: '10.00' }, {}, as('teller'))).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'approval' });
    await expect(host.executeAs(tina, { type: 'ReturnCashToVault', currency: 'USD', amount: '1000.01' }, {}, as('supervisor'))).rejects.toMatchObject({ code: 'TILL_SHORT_OF_CASH' });
    expect(host.store.headSeq()).toBe(head);
    // A wrong password is refused like any sign-in: only the failed attempt is recorded (staff lockout), no cash moves.
    await expect(host.executeAs(sue, { type: 'IssueCashToTill', teller: 'tina', currency: 'USD', amount: '10.00' }, {}, { username: 'tina', password: 'wrong password!' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'approval' });
    expect((await host.store.readAll(head, 10)).map((e) => e.type)).toEqual(['Fidelis.StaffSignInFailed.v1']);
    const returned = await host.executeAs(tina, { type: 'ReturnCashToVault', currency: 'USD', amount: '400.00' }, {}, as('supervisor'));
    expect(returned.events[0]!.data).toMatchObject({ tillId: 'tina:ws-1:USD', teller: 'tina', receivedBy: 'supervisor', amount: '40000' });
    expect(returned.events[0]!.meta.actor).toBe('tina');
    expect((await till('tina'))?.position).toBe('600.00');
    expect((await host.tills.branchDay()).vaults).toEqual([expect.objectContaining({ currency: 'USD', position: '7400.00' })]);
  });

  it('leaves the till alone for non-cash movements, and the day cannot close with a till open', async () => {
    await openAccount('3001', '100.00');
    await morning();
    await host.executeAs(tom, { type: 'MakeDeposit', accountId: '3001', amount: '75.00', sourceType: 'wire' });
    await host.executeAs(tom, { type: 'InitiateTransfer', fromAccountId: '3001', toAccountId: '3001', amount: '1.00' }).catch(() => undefined);
    expect(await till('teller')).toMatchObject({ position: '2000.00', movements: 1 });
    await host.executeAs(tom, { type: 'CloseTill', currency: 'USD', count: { N100: 20 } });
    await host.executeAs(sue, { type: 'CountVault', currency: 'USD', count: { N100: 70 } });
    const head = host.store.headSeq();
    await expect(host.executeAs(sue, { type: 'CloseBusinessDay' })).rejects.toMatchObject({ code: 'DAY_NOT_READY', message: expect.stringContaining("tina's USD till") });
    expect(host.store.headSeq()).toBe(head);
  });

  it('puts postings after the close on the next business day, and refuses to close a day twice', async () => {
    await openAccount('4001', '100.00');
    await host.executeAs(sue, { type: 'ReceiveCashShipment', currency: 'USD', amount: '100.00', reference: 'CC-1' });
    await host.executeAs(sue, { type: 'CountVault', currency: 'USD', count: { N100: 1 } });
    await host.executeAs(sue, { type: 'CloseBusinessDay' });
    // Still the 26th on the branch's wall clock (4 p.m. in New York), but the 26th is closed.
    now = new Date('2026-11-26T21:00:00.000Z');
    const late = await host.executeAs(tom, { type: 'MakeDeposit', accountId: '4001', amount: '5.00', sourceType: 'check' });
    expect(late.events[0]!.meta.businessDay).toBe('2026-11-27');
    expect((await host.tills.mine('teller')).businessDay).toBe('2026-11-27');
    await expect(host.executeAs(sue, { type: 'CloseBusinessDay', businessDay: '2026-11-26' })).rejects.toMatchObject({ code: 'DAY_CLOSED' });
    await expect(host.executeAs(sue, { type: 'CloseBusinessDay', businessDay: '2026-11-28' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'businessDay' });
    await host.processing.settle();
    const days = await host.readModels.journal.trialBalance({ currency: 'USD' });
    expect(days.map((d) => d.businessDay).sort()).toEqual(['2026-11-26', '2026-11-27']);
    expect(days.every((d) => d.balanced)).toBe(true);
  });

  it('corrects a till through a reversal while it is open, and through cash over/short once it was counted', async () => {
    const accountId = await openAccount('6001', '1000.00');
    await morning();
    const first = (await host.executeAs(tom, { type: 'MakeDeposit', accountId, amount: '100.00' })).events[0]!;
    const second = (await host.executeAs(tom, { type: 'MakeDeposit', accountId, amount: '100.00' })).events[0]!;
    // Keyed twice: reversed the same day, the till's book comes back to what is in the drawer.
    await host.executeAs(sue, { type: 'ReverseMovement', accountId, originalEventId: second.id, reason: 'Keyed twice' });
    expect((await till('teller'))?.position).toBe('2100.00');
    await host.executeAs(tom, { type: 'CloseTill', currency: 'USD', count: { N100: 21 } });
    // Found after the count: the till stays as counted, and the correction clears cash over/short.
    const late = await host.executeAs(sue, { type: 'ReverseMovement', accountId, originalEventId: first.id, reason: 'Counterfeit note' });
    expect(late.events[0]!.data).toMatchObject({ tillId: 'teller:ws-1:USD', tillCounted: true });
    expect((await till('teller'))?.position).toBe('2100.00');
    await host.processing.settle();
    const entry = await host.readModels.journal.entry(late.events[0]!.id);
    expect(entry?.lines.map((l) => l.account)).toEqual([`customer:${accountId}`, 'branch:cash-over-short']);
  });
});

describe('a branch where cash needs an open till', () => {
  it('refuses cash from a teller without an open till in the currency, stores nothing, and takes a check', async () => {
    await host.close();
    host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, deviceId: 'ws-1', cashNeedsOpenTill: true, factEvents: false }, clock: () => now });
    const staff = await seedTestStaff(host, ['teller', 'supervisor']);
    const { aggregateId: accountId } = await host.executeAs(staff.supervisor, { type: 'OpenAccount', number: '7001', holder: 'Holder 7001', openingDeposit: '50.00', openingDepositSource: 'check' });
    const head = host.store.headSeq();
    await expect(host.executeAs(staff.teller, { type: 'MakeDeposit', accountId, amount: '10.00' })).rejects.toMatchObject({ code: 'TILL_NOT_OPEN', field: 'till' });
    await expect(host.executeAs(staff.teller, { type: 'MakeWithdrawal', accountId, amount: '10.00' })).rejects.toMatchObject({ code: 'TILL_NOT_OPEN' });
    expect(host.store.headSeq()).toBe(head);
    await host.executeAs(staff.teller, { type: 'MakeDeposit', accountId, amount: '10.00', sourceType: 'check' });
    await host.executeAs(staff.teller, { type: 'OpenTill', currency: 'USD', count: {} });
    await host.executeAs(staff.teller, { type: 'MakeDeposit', accountId, amount: '10.00' });
    expect((await host.tills.mine('teller')).tills[0]?.position).toBe('10.00');
  });
});
