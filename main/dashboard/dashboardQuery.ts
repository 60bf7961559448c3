/**
 * The dashboard's period (a day in the teller's time zone): counts, totals and deposits by source from the
 * HourlyVolume projection (hours cut any time zone's day), the largest movements from BranchDashboard's days.
 */

import type { MethodParsedInput, MethodResult } from '@fidelis/shared/api/contract.js';
import type { DashboardCurrency } from '@fidelis/shared/dashboard/api.js';
import type { FigureTotal, Movement } from '@fidelis/shared/ledger/readModels/branchDashboard.js';
import { LARGEST_KEPT } from '@fidelis/shared/ledger/readModels/branchDashboard.js';
import { businessDayOf, nextDay, startOfBusinessDay } from '@fidelis/shared/ledger/businessDay.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { ReadModels } from '../projections/readModels.js';
import { hourOf, type HourVolume } from './hourlyVolume.js';

const HOUR = 3_600_000;

interface DashboardReads {
  readonly readModels: ReadModels;
  /** The branch's time zone, whose business days BranchDashboard counts. */
  readonly timeZone: () => string;
}

interface Totals {
  deposits: { count: number; total: bigint };
  withdrawals: { count: number; total: bigint };
  sources: Map<string, { count: number; total: bigint }>;
  hourly: { deposits: bigint; withdrawals: bigint }[];
  largest: Movement[];
}

const addTo = (target: { count: number; total: bigint }, figure: FigureTotal) => {
  target.count += figure.count;
  target.total += BigInt(figure.total);
};

export async function dashboardActivity(host: DashboardReads, input: MethodParsedInput<'dashboard.activity'>): Promise<Omit<MethodResult<'dashboard.activity'>, 'openAlerts' | 'subscriptions'>> {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const hours = Math.max(1, Math.min(48, Math.ceil((to - from) / HOUR)));
  const byCurrency = new Map<string, Totals>();
  const totalsOf = (currency: string): Totals => {
    let totals = byCurrency.get(currency);
    if (!totals) {
      totals = { deposits: { count: 0, total: 0n }, withdrawals: { count: 0, total: 0n }, sources: new Map(), hourly: Array.from({ length: hours }, () => ({ deposits: 0n, withdrawals: 0n })), largest: [] };
      byCurrency.set(currency, totals);
    }
    return totals;
  };

  const volumes = await host.readModels.documents<HourVolume>('HourlyVolume', { keyRange: { gte: `h:${hourOf(input.from)}`, lt: `h:${hourOf(new Date(to - 1).toISOString())}|\uffff` } });
  for (const volume of volumes) {
    const totals = totalsOf(volume.currency);
    addTo(totals.deposits, volume.deposits);
    addTo(totals.withdrawals, volume.withdrawals);
    for (const [source, figure] of Object.entries(volume.depositsBySource)) {
      const target = totals.sources.get(source) ?? { count: 0, total: 0n };
      addTo(target, figure);
      totals.sources.set(source, target);
    }
    const bucket = totals.hourly[Math.max(0, Math.min(hours - 1, Math.floor((Date.parse(`${volume.hour}:00:00Z`) - from) / HOUR)))]!;
    bucket.deposits += BigInt(volume.deposits.total);
    bucket.withdrawals += BigInt(volume.withdrawals.total);
  }

  // BranchDashboard keeps each business day's largest movements: those of the days the period touches, inside it.
  const timeZone = host.timeZone();
  for (let day = businessDayOf(input.from, timeZone); startOfBusinessDay(day, timeZone).getTime() < to; day = nextDay(day)) {
    for (const figures of await host.readModels.dashboard.days({ businessDay: day })) {
      const inside = figures.largest.filter((m) => Date.parse(m.occurredAt) >= from && Date.parse(m.occurredAt) < to);
      if (inside.length > 0) totalsOf(figures.currency).largest.push(...inside);
    }
  }

  const currencies = await Promise.all(
    [...byCurrency.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, totals]) => summarise(host, currency, totals)),
  );
  return { currencies };
}

async function summarise(host: DashboardReads, currency: string, totals: Totals): Promise<DashboardCurrency> {
  const money = (minor: bigint) => formatAmount(minor, currency);
  const largest = totals.largest
    .sort((a, b) => {
      const diff = BigInt(b.amount) - BigInt(a.amount);
      return diff > 0n ? 1 : diff < 0n ? -1 : Date.parse(b.occurredAt) - Date.parse(a.occurredAt);
    })
    .slice(0, LARGEST_KEPT);
  const accounts = await Promise.all(largest.map((m) => host.readModels.accountSummaries.get(m.accountId)));
  return {
    currency,
    deposits: { count: totals.deposits.count, total: money(totals.deposits.total) },
    withdrawals: { count: totals.withdrawals.count, total: money(totals.withdrawals.total) },
    bySource: [...totals.sources.entries()]
      .sort(([, a], [, b]) => (a.total > b.total ? -1 : a.total < b.total ? 1 : 0))
      .map(([sourceType, { count, total }]) => ({ sourceType, count, total: money(total) })),
    hourly: totals.hourly.map((h, hour) => ({ hour, deposits: money(h.deposits), withdrawals: money(h.withdrawals) })),
    largest: largest.map((m, i) => ({
      eventId: m.eventId,
      accountId: m.accountId,
      number: accounts[i]?.number ?? '',
      holder: accounts[i]?.holder ?? '',
      kind: m.kind,
      amount: money(BigInt(m.amount)),
      occurredAt: m.occurredAt,
    })),
  };
}
