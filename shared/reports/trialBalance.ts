/**
 * Daily journal and trial balance, posted by the journal's own rules (shared/ledger/readModels/journal.ts). The
 * journal lists every customer account; the trial balance books them to one control account ("customer:deposits")
 * beside the branch accounts, as a general ledger does with its sub-ledger. Each day and currency says whether it balances.
 */

import { formatMoney } from '../money/display.js';
import { formatAmount } from '../money/money.js';
import { journalEntryOf, postToTrialBalance, trialBalanceDifference, type JournalEntry, type TrialBalanceDay } from '../ledger/readModels/journal.js';
import { createAccountDirectory } from './accountDirectory.js';
import { periodOnly, type ReportBuilder, type ReportInput, type ReportParams, type ReportRow } from './model.js';
import { createTotals } from './totals.js';

export const CUSTOMER_CONTROL_ACCOUNT = 'customer:deposits';

export const TRIAL_BALANCE_COLUMNS = ['businessDay', 'currency', 'accountNumber', 'holder', 'description', 'ledgerAccount', 'debit', 'credit', 'balanced', 'eventId', 'seq'] as const;

/** Cells 6 and 7 (debit, credit) are amounts in the row's currency. */
const moneyCells = (currency: string) => TRIAL_BALANCE_COLUMNS.map((_, i) => (i === 6 || i === 7 ? currency : undefined));

const toControl = (entry: JournalEntry): JournalEntry => ({
  ...entry,
  lines: entry.lines.map((l) => (l.account.startsWith('customer:') ? { ...l, account: CUSTOMER_CONTROL_ACCOUNT } : l)),
});

export function createTrialBalanceReport(params: ReportParams): ReportBuilder {
  const directory = createAccountDirectory();
  const days = new Map<string, TrialBalanceDay>();
  const warnings: string[] = [];
  const sums = createTotals();
  let entries = 0;

  const journalRows = (section: string, entry: JournalEntry): ReportRow[] => {
    const account = directory.get(entry.accountId);
    return entry.lines.map((l) => ({
      section,
      cells: [entry.businessDay, entry.currency, account?.number ?? '', account?.holder ?? '', entry.description, l.account, formatAmount(BigInt(l.debit), entry.currency), formatAmount(BigInt(l.credit), entry.currency), '', entry.eventId, String(entry.seq)],
      currencies: moneyCells(entry.currency),
    }));
  };

  return {
    title: 'Daily trial balance and journal',
    columns: TRIAL_BALANCE_COLUMNS,
    wants: periodOnly,
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event) return [];
      directory.fold(event, position === 'late');
      if (position !== 'period' && !(position === 'late' && params.includeLate)) return [];
      const entry = journalEntryOf(event, directory.currencyOf, params.timeZone);
      if (!entry) return [];
      if (position === 'late') return journalRows('late', entry);
      entries += 1;
      const key = `${entry.currency}|${entry.businessDay}`;
      days.set(key, postToTrialBalance(days.get(key), toControl(entry)));
      return journalRows('journal', entry);
    },
    finish() {
      const rows: ReportRow[] = [];
      const ordered = [...days.keys()].sort().map((key) => days.get(key)!);
      for (const day of ordered) {
        const money = (minor: string) => formatAmount(BigInt(minor), day.currency);
        for (const account of Object.keys(day.lines).sort()) {
          const l = day.lines[account]!;
          rows.push({ section: 'trial-balance', cells: [day.businessDay, day.currency, '', '', 'Trial balance', account, money(l.debit), money(l.credit), '', '', ''], currencies: moneyCells(day.currency) });
        }
        const difference = trialBalanceDifference(day);
        const balanced = difference === 0n;
        rows.push({
          section: 'total',
          cells: [day.businessDay, day.currency, '', '', balanced ? 'Total' : `NOT BALANCED: debits exceed credits by ${formatAmount(difference, day.currency)}`, '', money(day.debitTotal), money(day.creditTotal), balanced ? 'BALANCED' : 'NOT BALANCED', '', ''],
          currencies: moneyCells(day.currency),
        });
        if (!balanced) warnings.push(`NOT BALANCED: ${day.currency} on ${day.businessDay}, debits less credits = ${formatMoney(difference, day.currency)}.`);
        sums.add('debit', day.currency, BigInt(day.debitTotal));
        sums.add('credit', day.currency, BigInt(day.creditTotal));
      }
      return rows;
    },
    summary: () => ({ totals: { entries: String(entries), days: String(days.size), balanced: warnings.length === 0 ? 'yes' : 'NO', ...sums.formatted() }, warnings }),
  };
}
