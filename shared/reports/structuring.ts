/**
 * Structuring candidates: the compliance rule the alerts use (shared/ledger/readModels/compliance.ts), run again over
 * the events up to the cut-off, so the report shows what the rule found, whatever became of the alerts since.
 */

import { formatAmount } from '../money/money.js';
import { assessCompliance, type ComplianceAccountState, type RecentDeposit } from '../ledger/readModels/compliance.js';
import { businessDayOf, optionalText } from '../ledger/readModels/ledgerEvent.js';
import { createAccountDirectory } from './accountDirectory.js';
import type { ReportBuilder, ReportInput, ReportParams, ReportRow } from './model.js';
import { createTotals } from './totals.js';

export const STRUCTURING_COLUMNS = ['alert', 'businessDay', 'raisedAt', 'accountNumber', 'holder', 'currency', 'seriesTotal', 'deposits', 'eventId', 'occurredAt', 'amount'] as const;

export function createStructuringReport(params: ReportParams): ReportBuilder {
  const directory = createAccountDirectory();
  const states = new Map<string, ComplianceAccountState>();
  const totals = createTotals();
  let alerts = 0;
  const rules = {
    largeDeposit: params.rules.ctrThreshold,
    // Only structuring alerts are listed: large withdrawals are the large-transactions report's.
    largeWithdrawal: params.rules.largeAmount,
    structuringCount: params.rules.structuringCount,
    structuringNearPercent: params.rules.structuringNearPercent,
    structuringWindowHours: params.rules.structuringWindowHours,
  };
  return {
    title: 'Structuring candidates',
    columns: STRUCTURING_COLUMNS,
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event) return [];
      directory.fold(event, position === 'late');
      // Events after the period (recorded by the cut-off) cannot raise an alert inside it.
      if (position === 'after') return [];
      const accountId = optionalText(event.data, 'accountId');
      if (!accountId) return [];
      const before = states.get(accountId);
      const { state, alerts: drafts } = assessCompliance(before, event, rules);
      if (state) states.set(accountId, state);
      else states.delete(accountId);
      if (position === 'before' || (position === 'late' && !params.includeLate)) return [];
      const rows: ReportRow[] = [];
      for (const alert of drafts.filter((d) => d.kind === 'STRUCTURING')) {
        alerts += position === 'period' ? 1 : 0;
        const account = directory.get(alert.accountId);
        const deposits: RecentDeposit[] = [...(before?.recentNearThreshold ?? []), { eventId: event.id, amount: optionalText(event.data, 'amount') ?? '0', occurredAt: event.occurredAt }].filter((d) =>
          alert.eventIds.includes(d.eventId),
        );
        if (position === 'period') totals.add('structured', alert.currency, BigInt(alert.amount));
        for (const deposit of deposits) {
          rows.push({
            section: position === 'period' ? 'structuring' : 'late',
            cells: [
              alert.id,
              businessDayOf(alert.raisedAt),
              alert.raisedAt,
              account?.number ?? '',
              account?.holder ?? '',
              alert.currency,
              formatAmount(BigInt(alert.amount), alert.currency),
              String(alert.eventIds.length),
              deposit.eventId,
              deposit.occurredAt,
              formatAmount(BigInt(deposit.amount), alert.currency),
            ],
          });
        }
      }
      return rows;
    },
    finish: () => [],
    summary: () => ({ totals: { alerts: String(alerts), ...totals.formatted() }, warnings: [] }),
  };
}
