/** The dashboard's day: deposits and withdrawals by source type, counts, largest movements and volume by hour. */

import type { MethodParsedInput, MethodResult } from '../../shared/api/contract.js';
import type { DashboardCurrency } from '../../shared/api/schemas.js';
import { formatAmount } from '../../shared/money/money.js';
import type { AccountsIndex, Movement } from './accountsIndex.js';

const HOUR = 3_600_000;
const LARGEST = 5;

export function dashboardActivity(index: AccountsIndex, input: MethodParsedInput<'dashboard.activity'>): Omit<MethodResult<'dashboard.activity'>, 'openAlerts' | 'subscriptions'> {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const hours = Math.max(1, Math.min(48, Math.ceil((to - from) / HOUR)));
  const byCurrency = new Map<string, Movement[]>();
  for (const movement of index.movements(from, to)) {
    const list = byCurrency.get(movement.currency) ?? [];
    list.push(movement);
    byCurrency.set(movement.currency, list);
  }
  const currencies: DashboardCurrency[] = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, list]) => summarise(index, currency, list, from, hours));
  return { currencies };
}

function summarise(index: AccountsIndex, currency: string, list: readonly Movement[], from: number, hours: number): DashboardCurrency {
  const money = (minor: bigint) => formatAmount(minor, currency);
  const deposits = { count: 0, total: 0n };
  const withdrawals = { count: 0, total: 0n };
  const sources = new Map<string, { count: number; total: bigint }>();
  const hourly = Array.from({ length: hours }, () => ({ deposits: 0n, withdrawals: 0n }));
  for (const m of list) {
    const bucket = hourly[Math.min(hours - 1, Math.floor((m.at - from) / HOUR))]!;
    if (m.kind === 'deposit') {
      deposits.count++;
      deposits.total += m.amount;
      bucket.deposits += m.amount;
      const source = sources.get(m.sourceType) ?? { count: 0, total: 0n };
      source.count++;
      source.total += m.amount;
      sources.set(m.sourceType, source);
    } else {
      withdrawals.count++;
      withdrawals.total += m.amount;
      bucket.withdrawals += m.amount;
    }
  }
  const largest = [...list].sort((a, b) => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : b.at - a.at)).slice(0, LARGEST);
  return {
    currency,
    deposits: { count: deposits.count, total: money(deposits.total) },
    withdrawals: { count: withdrawals.count, total: money(withdrawals.total) },
    bySource: [...sources.entries()]
      .sort(([, a], [, b]) => (a.total > b.total ? -1 : a.total < b.total ? 1 : 0))
      .map(([sourceType, { count, total }]) => ({ sourceType, count, total: money(total) })),
    hourly: hourly.map((h, hour) => ({ hour, deposits: money(h.deposits), withdrawals: money(h.withdrawals) })),
    largest: largest.map((m) => {
      const account = index.get(m.accountId)?.state;
      return {
        eventId: m.eventId,
        accountId: m.accountId,
        number: account?.number ?? '',
        holder: account?.holder ?? '',
        kind: m.kind,
        amount: money(m.amount),
        occurredAt: new Date(m.at).toISOString(),
      };
    }),
  };
}
