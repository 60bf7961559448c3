/** Large transactions: every deposit and withdrawal at or over the configured amount, in the account's currency. */

import { formatAmount } from '../money/money.js';
import { thresholdIn } from '../ledger/readModels/compliance.js';
import { createAccountDirectory } from './accountDirectory.js';
import { periodOnly, type ReportBuilder, type ReportInput, type ReportParams, type ReportRow } from './model.js';
import { movementOf } from './movements.js';
import { createTotals } from './totals.js';

export const LARGE_COLUMNS = ['businessDay', 'occurredAt', 'accountNumber', 'holder', 'customers', 'currency', 'kind', 'direction', 'source', 'cash', 'amount', 'reference', 'eventId', 'seq'] as const;

export function createLargeTransactionsReport(params: ReportParams): ReportBuilder {
  const directory = createAccountDirectory();
  const totals = createTotals();
  let count = 0;
  return {
    title: 'Large transactions',
    columns: LARGE_COLUMNS,
    wants: periodOnly,
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event) return [];
      directory.fold(event, position === 'late');
      if (position !== 'period' && !(position === 'late' && params.includeLate)) return [];
      // A large reversal is listed too (kind DEPOSIT_REVERSAL / WITHDRAWAL_REVERSAL): the large movement it undoes stays listed on its own day.
      const m = movementOf(event, directory, params.timeZone);
      if (!m || m.amount < thresholdIn(params.rules.largeAmount, m.currency)) return [];
      if (position === 'period') {
        count += 1;
        totals.add(m.direction === 'IN' ? 'in' : 'out', m.currency, m.amount);
      }
      const cells = [m.businessDay, m.occurredAt, m.number, m.holder, directory.ownerNames(m.accountId), m.currency, m.kind, m.direction, m.source, m.cash ? 'Y' : 'N', formatAmount(m.amount, m.currency), m.reference, m.eventId, String(m.seq)];
      return [{ section: position === 'period' ? 'large' : 'late', cells, currencies: cells.map((_, i) => (i === 10 ? m.currency : undefined)) }];
    },
    finish: () => [],
    summary: () => ({ totals: { transactions: String(count), ...totals.formatted() }, warnings: [] }),
  };
}
