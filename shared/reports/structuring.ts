/**
 * Structuring candidates: the rule the alerts use (shared/compliance/structuring.ts), per customer across their
 * accounts, run again over the events up to the cut-off, so the report shows what the rule found whatever became
 * of the alerts since. One row per deposit of each alert's series, naming account, holder and customer.
 */

import { derivedCustomerIdOf } from '../customers/index.js';
import { assessStructuring, describeWindow, initialStructuringState, lookbackDays, seriesTotal, type CashDeposit, type StructuringSeries, type StructuringState } from '../compliance/structuring.js';
import { formatAmount, parseAmount } from '../money/money.js';
import { centsRoundedUp, usdOfCents } from '../rates/exchangeRate.js';
import { usdOn } from '../rates/rateBook.js';
import { createAccountDirectory } from './accountDirectory.js';
import { DIRECTORY_EVENTS, type ReportBuilder, type ReportInput, type ReportParams, type ReportRow } from './model.js';
import { movementOf } from './movements.js';

export const STRUCTURING_COLUMNS = ['alert', 'customer', 'customerId', 'window', 'seriesTotalUsd', 'deposits', 'businessDay', 'occurredAt', 'accountNumber', 'holder', 'currency', 'amount', 'amountUsd', 'eventId'] as const;

export function createStructuringReport(params: ReportParams): ReportBuilder {
  const directory = createAccountDirectory();
  const states = new Map<string, StructuringState>();
  /** Each alert as it stands (a series grows), in the order alerts were raised; late ones apart. */
  const alerts = new Map<string, { series: StructuringSeries; late: boolean }>();
  const rules = {
    threshold: usdOfCents(parseAmount(params.rules.ctrThreshold, 'USD', 'ctrThreshold')),
    nearPercent: params.rules.structuringNearPercent,
    minCount: params.rules.structuringCount,
    windows: params.rules.structuringWindows,
  };
  const usd = (cents: bigint) => formatAmount(cents, 'USD');
  // How far before the period a deposit can still belong to a series that ends inside it.
  const earliest = new Date(Date.parse(`${params.from}T00:00:00Z`) - lookbackDays(params.rules.structuringWindows) * 86_400_000).toISOString().slice(0, 10);
  return {
    title: 'Structuring candidates',
    columns: STRUCTURING_COLUMNS,
    wants: (type, position) => DIRECTORY_EVENTS.has(type) || (type === 'DepositMade' && position !== 'after'),
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event) return [];
      directory.fold(event, position === 'late');
      // Events after the period (recorded by the cut-off) cannot raise an alert inside it.
      if (position === 'after' || (position === 'late' && !params.includeLate)) return [];
      const movement = movementOf(event, directory, params.timeZone);
      if (!movement?.cash || movement.direction !== 'IN' || movement.businessDay < earliest) return [];
      // A foreign deposit is judged at its day's rate; with none recorded the report refuses rather than guess.
      const { usd: equivalent } = usdOn(params.rates, movement.businessDay, movement.amount, movement.currency);
      const deposit: CashDeposit = {
        eventId: movement.eventId,
        accountId: movement.accountId,
        amount: movement.amount.toString(),
        currency: movement.currency,
        usd: { numerator: equivalent.numerator.toString(), scale: equivalent.scale },
        occurredAt: movement.occurredAt,
        businessDay: movement.businessDay,
      };
      const owners = movement.owners.length > 0 ? movement.owners : [derivedCustomerIdOf(movement.accountId)];
      for (const customerId of owners) {
        const { state, series } = assessStructuring(states.get(customerId) ?? initialStructuringState, customerId, deposit, rules);
        states.set(customerId, state);
        // Deposits before the period only prepare a series; an alert counts where its latest deposit falls.
        if (series && position !== 'before') alerts.set(series.alertId, { series, late: position === 'late' || (alerts.get(series.alertId)?.late ?? false) });
      }
      return [];
    },
    finish() {
      const rows: ReportRow[] = [];
      for (const { series, late } of alerts.values()) {
        const customer = directory.customer(series.customerId);
        const total = usd(centsRoundedUp(seriesTotal(series)));
        for (const d of series.deposits) {
          const account = directory.get(d.accountId);
          rows.push({
            section: late ? 'late' : 'structuring',
            cells: [
              series.alertId,
              customer?.legalName ?? series.customerId,
              series.customerId,
              describeWindow(series.window),
              total,
              String(series.deposits.length),
              d.businessDay,
              d.occurredAt,
              account?.number ?? '',
              account?.holder ?? '',
              d.currency,
              formatAmount(BigInt(d.amount), d.currency),
              usd(centsRoundedUp({ numerator: BigInt(d.usd.numerator), scale: d.usd.scale })),
              d.eventId,
            ],
            currencies: [undefined, undefined, undefined, undefined, 'USD', undefined, undefined, undefined, undefined, undefined, undefined, d.currency, 'USD'],
          });
        }
      }
      return rows;
    },
    summary: () => {
      const inPeriod = [...alerts.values()].filter((a) => !a.late);
      const structured = inPeriod.reduce((sum, a) => sum + centsRoundedUp(seriesTotal(a.series)), 0n);
      return { totals: { alerts: String(inPeriod.length), lateAlerts: String(alerts.size - inPeriod.length), structuredUsd: usd(structured) }, warnings: [] };
    },
  };
}
