/** Branch dashboard figures per business day and currency: totals per deposit source, counts, the largest movements. */

import { businessDayOf, minorOf, text, type LedgerEvent } from './ledgerEvent.js';

export interface FigureTotal {
  readonly count: number;
  /** Minor units. */
  readonly total: string;
}

export interface Movement {
  readonly eventId: string;
  readonly accountId: string;
  readonly kind: 'deposit' | 'withdrawal';
  readonly amount: string;
  readonly occurredAt: string;
}

export interface DashboardDay {
  readonly businessDay: string;
  readonly currency: string;
  readonly deposits: FigureTotal;
  readonly depositsBySource: Readonly<Record<string, FigureTotal>>;
  readonly withdrawals: FigureTotal;
  readonly accountsOpened: number;
  readonly accountsClosed: number;
  /** The largest movements of the day, largest first. */
  readonly largest: readonly Movement[];
}

export const LARGEST_KEPT = 5;

const add = (figure: FigureTotal | undefined, amount: bigint): FigureTotal => ({
  count: (figure?.count ?? 0) + 1,
  total: (BigInt(figure?.total ?? '0') + amount).toString(),
});

export const emptyDashboardDay = (businessDay: string, currency: string): DashboardDay => ({
  businessDay,
  currency,
  deposits: { count: 0, total: '0' },
  depositsBySource: {},
  withdrawals: { count: 0, total: '0' },
  accountsOpened: 0,
  accountsClosed: 0,
  largest: [],
});

function keepLargest(largest: readonly Movement[], movement: Movement): Movement[] {
  return [...largest, movement]
    .sort((a, b) => {
      const diff = BigInt(b.amount) - BigInt(a.amount);
      return diff > 0n ? 1 : diff < 0n ? -1 : a.eventId < b.eventId ? -1 : 1;
    })
    .slice(0, LARGEST_KEPT);
}

/** The dashboard day key an event counts in, given the account's currency. */
export const dashboardKeyOf = (event: LedgerEvent, currency: string, timeZone: string): string => `${businessDayOf(event.occurredAt, timeZone)}|${currency}`;

export function evolveDashboardDay(current: DashboardDay | undefined, event: LedgerEvent, currency: string, timeZone: string): DashboardDay {
  const day = current ?? emptyDashboardDay(businessDayOf(event.occurredAt, timeZone), currency);
  const accountId = text(event.data, 'accountId');
  switch (event.type) {
    case 'AccountOpened':
      return { ...day, accountsOpened: day.accountsOpened + 1 };
    case 'AccountClosed':
      return { ...day, accountsClosed: day.accountsClosed + 1 };
    case 'DepositMade': {
      const amount = minorOf(event.data);
      const source = text(event.data, 'sourceType') || 'unknown';
      return {
        ...day,
        deposits: add(day.deposits, amount),
        depositsBySource: { ...day.depositsBySource, [source]: add(day.depositsBySource[source], amount) },
        largest: keepLargest(day.largest, { eventId: event.id, accountId, kind: 'deposit', amount: amount.toString(), occurredAt: event.occurredAt }),
      };
    }
    case 'WithdrawalMade': {
      const amount = minorOf(event.data);
      return {
        ...day,
        withdrawals: add(day.withdrawals, amount),
        largest: keepLargest(day.largest, { eventId: event.id, accountId, kind: 'withdrawal', amount: amount.toString(), occurredAt: event.occurredAt }),
      };
    }
    // Reversals (DepositReversed, WithdrawalReversed) are corrections, not the day's business: the dashboard's
    // figures keep the movements as they were handled; the journal and the statement show the corrections.
    default:
      return day;
  }
}
