/**
 * Compliance rules over account events: large deposits and withdrawals, and structuring (several cash deposits
 * just below the reporting threshold for one account within a window, together past it). Pure: state in, alerts out.
 */

import { parseAmount } from '../../money/money.js';
import { minorOf, optionalText, text, type LedgerEvent } from './ledgerEvent.js';

export interface ComplianceRules {
  /** Major units as decimal strings, read in each account's currency. */
  readonly largeDeposit: string;
  readonly largeWithdrawal: string;
  readonly structuringCount: number;
  readonly structuringWindowHours: number;
  /** A cash deposit at or above this share of the deposit threshold (and below it) is "just below". */
  readonly structuringNearPercent: number;
}

export type AlertKind = 'LARGE_DEPOSIT' | 'LARGE_WITHDRAWAL' | 'STRUCTURING';

export interface AlertDraft {
  /** `<kind>:<event id>`: one alert per rule and event, however often the event is delivered. */
  readonly id: string;
  readonly kind: AlertKind;
  readonly accountId: string;
  readonly eventIds: readonly string[];
  /** Minor units: the movement, or the sum of the structured deposits. */
  readonly amount: string;
  readonly currency: string;
  readonly raisedAt: string;
  readonly message: string;
}

export interface RecentDeposit {
  readonly eventId: string;
  readonly amount: string;
  readonly occurredAt: string;
}

/** What the rules remember of one account. */
export interface ComplianceAccountState {
  readonly accountId: string;
  readonly number: string;
  readonly currency: string;
  readonly recentNearThreshold: readonly RecentDeposit[];
}

/** A threshold in an account's currency; "10000.00" reads as 10000 in a currency without minor units. */
export function thresholdIn(major: string, currency: string): bigint {
  try {
    return parseAmount(major, currency);
  } catch {
    return parseAmount(major.replace(/\.\d*$/, ''), currency);
  }
}

export function assessCompliance(
  state: ComplianceAccountState | undefined,
  event: LedgerEvent,
  rules: ComplianceRules,
): { state: ComplianceAccountState | undefined; alerts: AlertDraft[] } {
  if (event.type === 'AccountOpened') {
    return { state: { accountId: text(event.data, 'accountId'), number: text(event.data, 'number'), currency: text(event.data, 'currency'), recentNearThreshold: [] }, alerts: [] };
  }
  if (!state) return { state, alerts: [] };
  const currency = optionalText(event.data, 'currency') ?? state.currency;
  const amount = minorOf(event.data);
  const draft = (kind: AlertKind, eventIds: string[], sum: bigint, message: string): AlertDraft => ({
    id: `${kind}:${event.id}`,
    kind,
    accountId: state.accountId,
    eventIds,
    amount: sum.toString(),
    currency,
    raisedAt: event.occurredAt,
    message,
  });

  if (event.type === 'WithdrawalMade') {
    const threshold = thresholdIn(rules.largeWithdrawal, currency);
    const alerts = amount >= threshold ? [draft('LARGE_WITHDRAWAL', [event.id], amount, `Withdrawal at or above ${rules.largeWithdrawal} ${currency} on account ${state.number}`)] : [];
    return { state, alerts };
  }
  // Reversals (DepositReversed, WithdrawalReversed) raise nothing and take nothing back: the original was still
  // money handled, and a structuring series keeps the deposits it saw even when one of them is reversed later.
  if (event.type !== 'DepositMade') return { state, alerts: [] };

  const threshold = thresholdIn(rules.largeDeposit, currency);
  if (amount >= threshold) {
    return { state, alerts: [draft('LARGE_DEPOSIT', [event.id], amount, `Deposit at or above ${rules.largeDeposit} ${currency} on account ${state.number}`)] };
  }
  const near = amount * 100n >= threshold * BigInt(rules.structuringNearPercent);
  if (text(event.data, 'sourceType') !== 'cash' || !near) return { state, alerts: [] };

  const windowStart = Date.parse(event.occurredAt) - rules.structuringWindowHours * 3_600_000;
  const recent = [...state.recentNearThreshold.filter((d) => Date.parse(d.occurredAt) > windowStart), { eventId: event.id, amount: amount.toString(), occurredAt: event.occurredAt }];
  const sum = recent.reduce((total, d) => total + BigInt(d.amount), 0n);
  if (recent.length >= rules.structuringCount && sum >= threshold) {
    // The deposits that raised an alert are not counted again: the next alert needs a fresh series.
    return {
      state: { ...state, recentNearThreshold: [] },
      alerts: [draft('STRUCTURING', recent.map((d) => d.eventId), sum, `${recent.length} cash deposits just below ${rules.largeDeposit} ${currency} within ${rules.structuringWindowHours} h on account ${state.number}`)],
    };
  }
  return { state: { ...state, recentNearThreshold: recent }, alerts: [] };
}
