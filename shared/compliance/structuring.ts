/**
 * Structuring as examiners look for it: cash deposits of one customer, across all their accounts, each just under
 * the reporting threshold (in USD at the day's rate), several of them inside a window — one business day, a few
 * business days, a rolling week — together over the threshold. Each alert names the deposits it saw; a deposit that
 * follows an alert's series inside its window joins that alert instead of starting another. Pure: state in, alert out.
 */

import { addUsd, compareUsd, ZERO_USD, type UsdExact } from '../rates/exchangeRate.js';

/** A window: calendar days of the branch (the deposit's day and the days before it), or hours back from the deposit. */
export type StructuringWindow = { readonly kind: 'businessDays'; readonly days: number } | { readonly kind: 'rollingHours'; readonly hours: number };

export interface StructuringRules {
  /** The CTR threshold in USD (exact): a series is over it when its sum is strictly more. */
  readonly threshold: UsdExact;
  /** A deposit at or above this share (%) of the threshold, and not above it, is "just under". */
  readonly nearPercent: number;
  /** Deposits a series needs. */
  readonly minCount: number;
  /** Looked at shortest first: an alert names the first window that holds its series. */
  readonly windows: readonly StructuringWindow[];
}

/** One cash deposit as the rule sees it. */
export interface CashDeposit {
  readonly eventId: string;
  readonly accountId: string;
  readonly amount: string;
  readonly currency: string;
  /** Its USD equivalent, exactly (numerator / 10^scale), as JSON can carry it. */
  readonly usd: { readonly numerator: string; readonly scale: number };
  readonly occurredAt: string;
  /** Its business day in the branch's time zone. */
  readonly businessDay: string;
}

/** An alert raised or grown, with every deposit of its series. */
export interface StructuringSeries {
  /** `STRUCTURING:<customer>:<first deposit's event id>`: one alert per series, however often an event is delivered. */
  readonly alertId: string;
  readonly customerId: string;
  readonly window: StructuringWindow;
  readonly deposits: readonly CashDeposit[];
}

/** What the rule remembers of one customer. */
export interface StructuringState {
  /** Near-threshold deposits not in any alert, as far back as the longest window reaches. */
  readonly pending: readonly CashDeposit[];
  /** The latest alert's series, which a deposit inside its window joins. */
  readonly open: StructuringSeries | undefined;
}

export const initialStructuringState: StructuringState = { pending: [], open: undefined };

const usdOf = (d: CashDeposit): UsdExact => ({ numerator: BigInt(d.usd.numerator), scale: d.usd.scale });
const sumUsd = (deposits: readonly CashDeposit[]): UsdExact => deposits.reduce((sum, d) => addUsd(sum, usdOf(d)), ZERO_USD);

/** Whole calendar days from day a to day b (YYYY-MM-DD). */
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Whether `earlier` lies inside `window` as it ends at `later`. */
function within(window: StructuringWindow, earlier: CashDeposit, later: CashDeposit): boolean {
  if (window.kind === 'businessDays') return daysBetween(earlier.businessDay, later.businessDay) < window.days;
  return Date.parse(later.occurredAt) - Date.parse(earlier.occurredAt) < window.hours * 3_600_000;
}

/** Just under the threshold: at least nearPercent of it, not above it. */
export function isNearThreshold(usd: UsdExact, rules: Pick<StructuringRules, 'threshold' | 'nearPercent'>): boolean {
  const scaled = { numerator: usd.numerator * 100n, scale: usd.scale };
  const floor = { numerator: rules.threshold.numerator * BigInt(rules.nearPercent), scale: rules.threshold.scale };
  return compareUsd(scaled, floor) >= 0 && compareUsd(usd, rules.threshold) <= 0;
}

export const seriesTotal = (series: StructuringSeries): UsdExact => sumUsd(series.deposits);

export function describeWindow(window: StructuringWindow): string {
  if (window.kind === 'rollingHours') return window.hours % 24 === 0 ? `${window.hours / 24} days (rolling)` : `${window.hours} hours (rolling)`;
  return window.days === 1 ? 'one business day' : `${window.days} business days`;
}

/**
 * Folds one cash deposit of `customerId` into the customer's state. `series` is the alert this deposit raised or
 * joined, undefined when it raised nothing. A deposit already seen (a redelivery) changes nothing.
 */
export function assessStructuring(
  state: StructuringState,
  customerId: string,
  deposit: CashDeposit,
  rules: StructuringRules,
): { state: StructuringState; series: StructuringSeries | undefined } {
  const seen = state.pending.some((d) => d.eventId === deposit.eventId) || state.open?.deposits.some((d) => d.eventId === deposit.eventId);
  if (seen || !isNearThreshold(usdOf(deposit), rules) || rules.windows.length === 0) return { state, series: undefined };

  const open = state.open;
  const last = open?.deposits.at(-1);
  if (open && last && within(open.window, last, deposit)) {
    const grown: StructuringSeries = { ...open, deposits: [...open.deposits, deposit] };
    return { state: { ...state, open: grown }, series: grown };
  }

  // Only what the longest window can still reach is kept.
  const candidates = [...state.pending, deposit].filter((d) => rules.windows.some((w) => within(w, d, deposit)));
  for (const window of rules.windows) {
    const inWindow = candidates.filter((d) => within(window, d, deposit));
    if (inWindow.length >= rules.minCount && compareUsd(sumUsd(inWindow), rules.threshold) > 0) {
      const series: StructuringSeries = { alertId: `STRUCTURING:${customerId}:${inWindow[0]!.eventId}`, customerId, window, deposits: inWindow };
      const pending = candidates.filter((d) => !inWindow.includes(d));
      return { state: { pending, open: series }, series };
    }
  }
  return { state: { ...state, pending: candidates }, series: undefined };
}

/** How many days before a deposit the longest window reaches: the history a report must read before its period. */
export const lookbackDays = (windows: readonly StructuringWindow[]): number =>
  Math.max(0, ...windows.map((w) => (w.kind === 'businessDays' ? w.days : Math.ceil(w.hours / 24) + 1)));
