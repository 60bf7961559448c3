/**
 * Compliance alerts as staff review them, and the per-account rule behind two of them: a deposit or withdrawal at or
 * over its amount (in the account's currency). Structuring, the per-customer rule, is shared/compliance/structuring.ts.
 * Every alert names its account by number and holder, its customer, and each transaction it saw. Pure.
 */

import { formatMoney } from '../../money/display.js';
import { parseAmount } from '../../money/money.js';
import { minorOf, text, type LedgerEvent } from './ledgerEvent.js';

export interface LargeMovementRules {
  /** Major units as decimal strings, read in each account's currency. */
  readonly largeDeposit: string;
  readonly largeWithdrawal: string;
}

export type AlertKind = 'LARGE_DEPOSIT' | 'LARGE_WITHDRAWAL' | 'STRUCTURING';

/** One transaction an alert saw, as a reviewer reads it. */
export interface AlertTransaction {
  readonly eventId: string;
  readonly accountId: string;
  readonly accountNumber: string;
  readonly holder: string;
  /** Minor units of `currency`. */
  readonly amount: string;
  readonly currency: string;
  readonly occurredAt: string;
}

export interface AlertDraft {
  /** `<kind>:<event id>` (structuring: `STRUCTURING:<customer>:<first event id>`): one alert per rule and event or series. */
  readonly id: string;
  readonly kind: AlertKind;
  /** The account of the (latest) transaction. */
  readonly accountId: string;
  readonly accountNumber: string;
  readonly holder: string;
  /** The customer the alert is about (structuring), or the account's primary owner. */
  readonly customerId: string;
  readonly customer: string;
  readonly eventIds: readonly string[];
  readonly transactions: readonly AlertTransaction[];
  /** Minor units: the movement, or the series' USD total in cents. */
  readonly amount: string;
  readonly currency: string;
  /** When the alert was raised (or its series last grew): the latest transaction's time. */
  readonly raisedAt: string;
  readonly message: string;
}

/** What the rules remember of an account. */
export interface AlertAccount {
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  /** Customer ids, the primary first. */
  readonly owners: readonly string[];
}

/** A threshold in an account's currency; "10000.00" reads as 10000 in a currency without minor units. */
export function thresholdIn(major: string, currency: string): bigint {
  try {
    return parseAmount(major, currency);
  } catch {
    return parseAmount(major.replace(/\.\d*$/, ''), currency);
  }
}

export const transactionOf = (event: LedgerEvent, account: AlertAccount, amount: bigint, currency: string): AlertTransaction => ({
  eventId: event.id,
  accountId: account.accountId,
  accountNumber: account.number,
  holder: account.holder,
  amount: amount.toString(),
  currency,
  occurredAt: event.occurredAt,
});

/** A large deposit or withdrawal alert for this event, if it is one. `customer` names the primary owner. */
export function largeMovementAlert(account: AlertAccount, customer: string, event: LedgerEvent, rules: LargeMovementRules): AlertDraft | undefined {
  if (event.type !== 'DepositMade' && event.type !== 'WithdrawalMade') return undefined;
  const deposit = event.type === 'DepositMade';
  const currency = (deposit ? text(event.data, 'currency') : '') || account.currency;
  const amount = minorOf(event.data);
  const limit = deposit ? rules.largeDeposit : rules.largeWithdrawal;
  if (amount < thresholdIn(limit, currency)) return undefined;
  const kind: AlertKind = deposit ? 'LARGE_DEPOSIT' : 'LARGE_WITHDRAWAL';
  return {
    id: `${kind}:${event.id}`,
    kind,
    accountId: account.accountId,
    accountNumber: account.number,
    holder: account.holder,
    customerId: account.owners[0] ?? '',
    customer,
    eventIds: [event.id],
    transactions: [transactionOf(event, account, amount, currency)],
    amount: amount.toString(),
    currency,
    raisedAt: event.occurredAt,
    message: `${deposit ? 'Deposit' : 'Withdrawal'} at or above ${formatMoney(thresholdIn(limit, currency), currency)} on account ${account.number} (${account.holder})`,
  };
}
