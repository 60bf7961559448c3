/** Pure report rules: statement arithmetic (property), CTR cash rules and threshold, RFC 4180 CSV, whole dollars, holder details. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccount, evolveAccount, initialAccountState, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { csvRecord } from '@fidelis/shared/reports/csv.js';
import { createCtrReport } from '@fidelis/shared/reports/ctr.js';
import { wholeDollars } from '@fidelis/shared/reports/fincenXml.js';
import type { EventPosition, ReportBuilder, ReportParams, ReportRow } from '@fidelis/shared/reports/model.js';
import { createStatementReport } from '@fidelis/shared/reports/statement.js';

const rules = { ctrThreshold: '10000.00', largeAmount: '10000.00', structuringCount: 3, structuringNearPercent: 80, structuringWindowHours: 24 };
const params = (kind: ReportParams['kind'], extra: Partial<ReportParams> = {}): ReportParams => ({ kind, from: '2026-03-02', to: '2026-03-02', branchId: 'BR001', includeLate: false, rules, ...extra });

let seq = 0;
function event(type: string, data: Record<string, unknown>, occurredAt: string): LedgerEvent {
  seq += 1;
  const meta = { commandId: `c${seq}`, correlationId: `c${seq}`, causationId: `c${seq}`, actor: 't', deviceId: 'd', branchId: 'BR001' };
  return { id: `e${seq}`, type, storedType: `Fidelis.${type}.v1`, streamId: `account-${String(data.accountId)}`, version: 0, seq, occurredAt, recordedAt: occurredAt, meta, data };
}

/** Feeds events (in order) with their positions, a second time from where the report asks if it does, and returns every row. */
function run(builder: ReportBuilder, events: ReadonlyArray<[LedgerEvent, EventPosition]>): ReportRow[] {
  const rows: ReportRow[] = [];
  const feed = (afterSeq: number) => {
    for (const [e, position] of events.filter(([e]) => e.seq > afterSeq)) {
      const envelope = { id: e.id, type: e.storedType, streamId: e.streamId, version: e.version, seq: e.seq, gpos: null, occurredAt: e.occurredAt, recordedAt: e.recordedAt, data: e.data, meta: e.meta };
      rows.push(...builder.accept({ envelope, event: e, position }));
    }
  };
  feed(0);
  const again = builder.rescan?.();
  if (again) feed(again.afterSeq);
  rows.push(...builder.finish());
  return rows;
}

const opened = (accountId: string, holder: string, openingDeposit = '0', day = '2026-03-01') =>
  event('AccountOpened', { accountId, number: accountId.toUpperCase(), holder, currency: 'USD', openingDeposit, overdraftLimit: '0' }, `${day}T08:00:00.000Z`);

describe('account statement', () => {
  it('opening balance plus every movement is the closing balance, for any history', () => {
    const movement = fc.record({ deposit: fc.boolean(), minor: fc.integer({ min: 1, max: 5_000_000 }), day: fc.constantFrom('2026-03-01', '2026-03-02') });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(movement, { maxLength: 40 }), (openingMinor, movements) => {
        const history: Array<[LedgerEvent, EventPosition]> = [[opened('a', 'Ann', String(openingMinor)), 'before']];
        let hour = 0;
        for (const m of movements) {
          hour += 1;
          const at = `${m.day}T${String(8 + (hour % 12)).padStart(2, '0')}:00:00.000Z`;
          const e = m.deposit ? event('DepositMade', { accountId: 'a', amount: String(m.minor), sourceType: 'cash', currency: 'USD' }, at) : event('WithdrawalMade', { accountId: 'a', amount: String(m.minor) }, at);
          history.push([e, m.day === '2026-03-02' ? 'period' : 'before']);
        }
        const report = createStatementReport(params('statement', { accountId: 'a' }));
        const rows = run(report, history);
        const t = report.summary().totals;
        const toMinor = (s: string) => BigInt(s.replace('.', ''));
        expect(toMinor(t.opening!) + toMinor(t.credits!) - toMinor(t.debits!)).toBe(toMinor(t.closing!));
        const expectedClosing = BigInt(openingMinor) + movements.reduce((sum, m) => sum + (m.deposit ? 1n : -1n) * BigInt(m.minor), 0n);
        expect(toMinor(t.closing!)).toBe(expectedClosing);
        // The running balance of each movement row follows from the one before it.
        let running = toMinor(rows[0]!.cells[8]!);
        for (const row of rows.filter((r) => r.section === 'movement')) {
          running += toMinor(row.cells[7] || '0') - toMinor(row.cells[6] || '0');
          expect(toMinor(row.cells[8]!)).toBe(running);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('currency transaction report', () => {
  const day = (time: string) => `2026-03-02T${time}:00.000Z`;

  it('reports cash over the threshold, not at it, and treats transfer and payflow withdrawals as not cash', () => {
    const ctr = createCtrReport(params('ctr'));
    run(ctr, [
      [opened('a', 'Ann Lee'), 'before'],
      [opened('b', 'Ben Ode'), 'before'],
      [event('DepositMade', { accountId: 'a', amount: '1000000', sourceType: 'cash', currency: 'USD' }, day('09:00')), 'period'],
      [event('DepositMade', { accountId: 'b', amount: '1000001', sourceType: 'cash', currency: 'USD' }, day('09:00')), 'period'],
      [event('WithdrawalMade', { accountId: 'a', amount: '2000000', reference: 'transfer:T1' }, day('10:00')), 'period'],
      [event('WithdrawalMade', { accountId: 'a', amount: '2000000', reference: 'PAYFLOW-77' }, day('10:30')), 'period'],
      [event('DepositMade', { accountId: 'a', amount: '5000000', sourceType: 'check', currency: 'USD' }, day('11:00')), 'period'],
    ]);
    expect(ctr.lines().map((l) => [l.customer, l.cashIn, l.cashOut, l.transactions.length])).toEqual([['Ben Ode', 1000001n, 0n, 1]]);
  });

  it('keeps business days apart and counts cash out on its own side', () => {
    const ctr = createCtrReport(params('ctr', { to: '2026-03-03' }));
    run(ctr, [
      [opened('a', 'Ann Lee', '0'), 'before'],
      [event('DepositMade', { accountId: 'a', amount: '900000', sourceType: 'cash', currency: 'USD' }, '2026-03-02T23:00:00.000Z'), 'period'],
      [event('DepositMade', { accountId: 'a', amount: '900000', sourceType: 'cash', currency: 'USD' }, '2026-03-03T01:00:00.000Z'), 'period'],
      [event('WithdrawalMade', { accountId: 'a', amount: '1100000' }, '2026-03-03T02:00:00.000Z'), 'period'],
    ]);
    expect(ctr.lines().map((l) => [l.businessDay, l.cashIn, l.cashOut])).toEqual([['2026-03-03', 900000n, 1100000n]]);
  });
});

describe('formats', () => {
  it('writes RFC 4180 records: quotes doubled, fields with commas or line breaks quoted, CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  it('rounds cents up to whole dollars for FinCEN', () => {
    expect([wholeDollars(1_000_000n), wholeDollars(1_000_001n), wholeDollars(1_050_050n)]).toEqual([10_000n, 10_001n, 10_501n]);
  });
});

describe('holder details', () => {
  const context = { now: '2026-03-01T09:00:00.000Z' };
  const open = (): AccountState => {
    const events = decideAccount({ type: 'OpenAccount', accountId: 'a', number: '1', holder: 'Ann', currency: 'USD', openingDeposit: '0', overdraftLimit: '0' }, initialAccountState, context) as AccountEvent[];
    return events.reduce(evolveAccount, initialAccountState);
  };

  it('records address, date of birth and identification on the account', () => {
    const state = open();
    const events = decideAccount({ type: 'RecordHolderDetails', accountId: 'a', street: '1 Elm St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US', dateOfBirth: '1990-01-31', idType: 'SSN', idNumber: '123456789' }, state, context);
    expect(isDomainError(events)).toBe(false);
    const after = (events as AccountEvent[]).reduce(evolveAccount, state);
    expect(after.holderDetails).toEqual({ street: '1 Elm St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US', dateOfBirth: '1990-01-31', idType: 'SSN', idNumber: '123456789' });
  });

  it('refuses an identification type without its number', () => {
    const refused = decideAccount({ type: 'RecordHolderDetails', accountId: 'a', street: '1 Elm St', city: 'Springfield', country: 'US', idType: 'PASSPORT' }, open(), context);
    expect(refused).toMatchObject({ code: 'VALIDATION', field: 'idNumber' });
  });
});
