/** Pure report rules: statement arithmetic (property), RFC 4180 CSV, whole dollars, holder details. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccount, evolveAccount, initialAccountState, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { usdOfCents } from '@fidelis/shared/rates/exchangeRate.js';
import { csvRecord } from '@fidelis/shared/reports/csv.js';
import { wholeDollarsOf } from '@fidelis/shared/reports/ctr.js';
import type { EventPosition } from '@fidelis/shared/reports/model.js';
import { createStatementReport } from '@fidelis/shared/reports/statement.js';
import { eventFactory, paramsOf, runReport } from '../../support/reportEvents.js';

const { event, opened: openedFor } = eventFactory();
const params = paramsOf;
const opened = (accountId: string, openingDeposit: string) => openedFor(accountId, [`c-${accountId}`], 'USD', openingDeposit);
const run = runReport;

describe('account statement', () => {
  it('opening balance plus every movement is the closing balance, for any history', () => {
    const movement = fc.record({ deposit: fc.boolean(), minor: fc.integer({ min: 1, max: 5_000_000 }), day: fc.constantFrom('2026-03-01', '2026-03-02') });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(movement, { maxLength: 40 }), (openingMinor, movements) => {
        const history: Array<[LedgerEvent, EventPosition]> = [[opened('a', String(openingMinor)), 'before']];
        let hour = 0;
        for (const m of movements) {
          hour += 1;
          const at = `${m.day}T${String(8 + (hour % 12)).padStart(2, '0')}:00:00.000Z`;
          const e = m.deposit ? event('DepositMade', { accountId: 'a', amount: String(m.minor), sourceType: 'cash', currency: 'USD', channel: 'counter' }, at) : event('WithdrawalMade', { accountId: 'a', amount: String(m.minor), channel: 'cash' }, at);
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
        let running = toMinor(rows[0]!.cells[5]!);
        for (const row of rows.filter((r) => r.section === 'movement')) {
          running += toMinor(row.cells[4] || '0') - toMinor(row.cells[3] || '0');
          expect(toMinor(row.cells[5]!)).toBe(running);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('formats', () => {
  it('writes RFC 4180 records: quotes doubled, fields with commas or line breaks quoted, CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  it('rounds cents up to whole dollars for FinCEN', () => {
    expect([wholeDollarsOf(usdOfCents(1_000_000n)), wholeDollarsOf(usdOfCents(1_000_001n)), wholeDollarsOf(usdOfCents(1_050_050n))]).toEqual([10_000n, 10_001n, 10_501n]);
    // A foreign equivalent a fraction of a cent over a dollar still rounds up.
    expect(wholeDollarsOf({ numerator: 1_000_000_001n, scale: 5 })).toBe(10_001n);
  });
});

describe('holder details', () => {
  const context = { now: '2026-03-01T09:00:00.000Z' };
  const open = (): AccountState => {
    const events = decideAccount({ type: 'OpenAccount', accountId: 'a', number: '1', holder: 'Ann', currency: 'USD', openingDeposit: '0', openingDepositSource: 'cash', overdraftLimit: '0' }, initialAccountState, context) as AccountEvent[];
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
