/** The journal's promise, over random histories: every entry balances, every day's trial balance sums to zero, and customer ledger accounts mirror balances. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolveAccountSummary, type AccountSummary } from '@fidelis/shared/ledger/readModels/accountSummary.js';
import { isBalanced, journalEntryOf, netBalances, postIntoTrialBalance, postToTrialBalance, trialBalanceDifference, type JournalEntry, type TrialBalanceDay, type TrialBalanceLine } from '@fidelis/shared/ledger/readModels/journal.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';

const SOURCES = ['cash', 'check', 'wire', 'ach', 'payroll', 'bank_transfer', 'payflow', 'manual', 'unknown'] as const;
const CURRENCIES = ['USD', 'JPY', 'KWD'] as const;

const movement = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), account: fc.nat(4), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }), source: fc.constantFrom(...SOURCES), v3: fc.boolean() }),
  fc.record({ kind: fc.constant('withdrawal' as const), account: fc.nat(4), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }), channel: fc.constantFrom('cash', 'transfer', 'payment', 'reversal') }),
);

const history = fc.record({
  openings: fc.array(fc.record({ currency: fc.constantFrom(...CURRENCIES), deposit: fc.bigInt({ min: 0n, max: 10n ** 9n }), source: fc.constantFrom(...SOURCES.filter((s) => s !== 'unknown')) }), { minLength: 5, maxLength: 5 }),
  movements: fc.array(fc.tuple(movement, fc.integer({ min: 0, max: 3 })), { maxLength: 60 }),
});

describe('journal (property)', () => {
  it('keeps every trial balance at zero and each customer ledger account equal to minus its balance', () => {
    fc.assert(
      fc.property(history, ({ openings, movements }) => {
        const events: LedgerEvent[] = [];
        const base = (type: string, accountId: string, day: number, data: Record<string, unknown>): LedgerEvent => ({
          id: `e${events.length}`,
          type,
          storedType: `Fidelis.${type}.v1`,
          streamId: `account-${accountId}`,
          version: 0,
          seq: events.length + 1,
          occurredAt: `2026-01-0${day + 1}T10:00:00.000Z`,
          recordedAt: '2026-01-01T10:00:00.000Z',
          meta: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'a', deviceId: 'd', branchId: 'b' },
          data,
        });
        openings.forEach((o, i) => events.push(base('AccountOpened', `a${i}`, 0, { accountId: `a${i}`, number: `N${i}`, holder: 'H', currency: o.currency, openingDeposit: o.deposit.toString(), openingDepositSource: o.source, owners: [`c${i}`], overdraftLimit: '0' })));
        for (const [m, day] of movements) {
          const accountId = `a${m.account}`;
          if (m.kind === 'deposit') {
            events.push(base('DepositMade', accountId, day, { accountId, amount: m.amount.toString(), sourceType: m.source, ...(m.v3 ? { currency: openings[m.account]!.currency } : {}) }));
          } else {
            events.push(base('WithdrawalMade', accountId, day, { accountId, amount: m.amount.toString(), channel: m.channel }));
          }
        }
        const currencyOf = (accountId: string) => openings[Number(accountId.slice(1))]?.currency;
        const days = new Map<string, TrialBalanceDay>();
        const summaries = new Map<string, AccountSummary | undefined>();
        for (const event of events) {
          const entry = journalEntryOf(event, currencyOf, 'America/New_York');
          const accountId = String(event.data.accountId);
          summaries.set(accountId, evolveAccountSummary(summaries.get(accountId), event));
          if (!entry) continue;
          expect(isBalanced(entry)).toBe(true);
          const key = `${entry.currency}|${entry.businessDay}`;
          days.set(key, postToTrialBalance(days.get(key), entry));
        }
        for (const day of days.values()) expect(trialBalanceDifference(day)).toBe(0n);
        for (const currency of CURRENCIES) {
          const net = netBalances([...days.values()].filter((d) => d.currency === currency));
          for (const [accountId, summary] of summaries) {
            if (summary?.currency !== currency) continue;
            expect(net.get(`customer:${accountId}`) ?? 0n).toBe(-BigInt(summary.balance));
          }
          expect([...net.values()].reduce((sum, v) => sum + v, 0n)).toBe(0n);
        }
      }),
      { numRuns: 300 },
    );
  });

  // The fold as it was before days were posted into in place: a copy of the day and its lines per entry.
  const postedByCopies = (current: TrialBalanceDay | undefined, entry: JournalEntry): TrialBalanceDay => {
    const day: TrialBalanceDay = current ?? { currency: entry.currency, businessDay: entry.businessDay, lines: {}, debitTotal: '0', creditTotal: '0', entries: 0 };
    const lines: Record<string, TrialBalanceLine> = { ...day.lines };
    let debitTotal = BigInt(day.debitTotal);
    let creditTotal = BigInt(day.creditTotal);
    for (const posted of entry.lines) {
      const existing = lines[posted.account] ?? { debit: '0', credit: '0' };
      lines[posted.account] = { debit: (BigInt(existing.debit) + BigInt(posted.debit)).toString(), credit: (BigInt(existing.credit) + BigInt(posted.credit)).toString() };
      debitTotal += BigInt(posted.debit);
      creditTotal += BigInt(posted.credit);
    }
    return { ...day, lines, debitTotal: debitTotal.toString(), creditTotal: creditTotal.toString(), entries: day.entries + 1 };
  };

  // Lines on a few accounts, an account twice in one entry at times, amounts up to 10^30 minor units.
  const amount = fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String);
  const entries = fc.array(
    fc.array(fc.record({ account: fc.constantFrom('customer:a', 'customer:b', 'branch:clearing', 'till:t1', '7'), debit: amount, credit: amount }), { minLength: 1, maxLength: 4 }),
    { maxLength: 40 },
  );
  const entryOf = (lines: JournalEntry['lines'], i: number): JournalEntry => ({ eventId: `e${i}`, seq: i, occurredAt: '2026-01-01T10:00:00.000Z', businessDay: '2026-01-01', currency: 'USD', accountId: 'a', description: 'd', lines });

  it('posts into a day in place to the very JSON posting copies gives, and posting copies leaves the day it is given as it was', () => {
    fc.assert(
      fc.property(entries, (lineSets) => {
        let copied: TrialBalanceDay | undefined;
        let inPlace: TrialBalanceDay | undefined;
        let pure: TrialBalanceDay | undefined;
        lineSets.forEach((lines, i) => {
          const entry = entryOf(lines, i);
          const before = pure && JSON.stringify(pure);
          const next = postToTrialBalance(pure, entry);
          expect(pure && JSON.stringify(pure)).toBe(before);
          pure = next;
          copied = postedByCopies(copied, entry);
          inPlace = postIntoTrialBalance(inPlace, entry);
          expect(JSON.stringify(inPlace)).toBe(JSON.stringify(copied));
        });
        expect(JSON.stringify(pure)).toBe(JSON.stringify(copied));
      }),
      { numRuns: 300 },
    );
  });
});
