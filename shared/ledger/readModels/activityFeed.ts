/** ActivityFeed: one entry per account or transfer event, keyed by event id, newest first per account. */

import { minorOf, optionalText, text, type LedgerEvent } from './ledgerEvent.js';

export interface ActivityEntry {
  readonly eventId: string;
  readonly seq: number;
  readonly streamId: string;
  readonly kind: string;
  /** Every account the entry concerns (both sides of a transfer). */
  readonly accountIds: readonly string[];
  /** Minor units, when the event moves or reserves money. */
  readonly amount?: string;
  readonly currency?: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly description: string;
}

type Describe = (event: LedgerEvent, currencyOf: (accountId: string) => string | undefined) => Omit<ActivityEntry, 'eventId' | 'seq' | 'streamId' | 'kind' | 'occurredAt' | 'actor'> | undefined;

const onAccount = (description: (e: LedgerEvent) => string, withAmount: 'amount' | 'openingDeposit' | undefined): Describe => (event, currencyOf) => {
  const accountId = text(event.data, 'accountId');
  const currency = optionalText(event.data, 'currency') ?? currencyOf(accountId);
  return {
    accountIds: [accountId],
    ...(withAmount ? { amount: minorOf(event.data, withAmount).toString() } : {}),
    ...(currency ? { currency } : {}),
    description: description(event),
  };
};

const onTransfer = (description: (e: LedgerEvent) => string): Describe => (event) => {
  const from = optionalText(event.data, 'fromAccountId');
  const to = optionalText(event.data, 'toAccountId');
  const currency = optionalText(event.data, 'currency');
  return {
    accountIds: [from, to].filter((id): id is string => id !== undefined),
    ...(event.data.amount === undefined ? {} : { amount: minorOf(event.data).toString() }),
    ...(currency ? { currency } : {}),
    description: `${description(event)} (transfer ${text(event.data, 'transferId')})`,
  };
};

/**
 * How each event type reads in the feed. Transfer steps after the initiation name only the transfer id; the
 * feed keeps the transfer's accounts (see `transferAccountsOf`) so those steps appear on both accounts too.
 * Adding an event type to the feed is one line here.
 */
export const ACTIVITY_RULES: Readonly<Record<string, Describe>> = {
  AccountOpened: onAccount((e) => `Account ${text(e.data, 'number')} opened for ${text(e.data, 'holder')}`, 'openingDeposit'),
  DepositMade: onAccount((e) => `Deposit (${text(e.data, 'sourceType')})${optionalText(e.data, 'reference') ? ` ${text(e.data, 'reference')}` : ''}`, 'amount'),
  WithdrawalMade: onAccount((e) => `Withdrawal${optionalText(e.data, 'reference') ? ` ${text(e.data, 'reference')}` : ''}`, 'amount'),
  AccountClosed: onAccount(() => 'Account closed', undefined),
  DepositReversed: onAccount((e) => `Reversal of deposit ${text(e.data, 'originalEventId')}: ${text(e.data, 'reason')}`, 'amount'),
  WithdrawalReversed: onAccount((e) => `Reversal of withdrawal ${text(e.data, 'originalEventId')}: ${text(e.data, 'reason')}`, 'amount'),
  HoldPlaced: onAccount((e) => `Hold ${text(e.data, 'holdId')} placed`, 'amount'),
  HoldReleased: onAccount((e) => `Hold ${text(e.data, 'holdId')} released`, 'amount'),
  SignatoryAdded: onAccount((e) => `Signatory ${text(e.data, 'name')} added as ${text(e.data, 'role')}`, undefined),
  SignatoryRemoved: onAccount((e) => `Signatory ${text(e.data, 'email')} removed`, undefined),
  TransferInitiated: onTransfer(() => 'Transfer initiated'),
  TransferFundsHeld: onTransfer(() => 'Transfer funds held'),
  TransferSourceDebited: onTransfer(() => 'Transfer source debited'),
  TransferCreditRefused: onTransfer((e) => `Transfer credit refused: ${text(e.data, 'reason')}`),
  TransferCompleted: onTransfer(() => 'Transfer completed'),
  TransferFailed: onTransfer((e) => `Transfer failed: ${text(e.data, 'reason')}`),
};

export const ACTIVITY_EVENTS = Object.keys(ACTIVITY_RULES);

/**
 * The feed entry of an event, or undefined for a type the feed does not show. `transferAccounts` fills in the
 * accounts of transfer steps that only carry the transfer id.
 */
export function activityEntryOf(
  event: LedgerEvent,
  currencyOf: (accountId: string) => string | undefined,
  transferAccounts: readonly string[] = [],
): ActivityEntry | undefined {
  const rule = ACTIVITY_RULES[event.type];
  const described = rule?.(event, currencyOf);
  if (!described) return undefined;
  const accountIds = described.accountIds.length > 0 ? described.accountIds : transferAccounts;
  return { eventId: event.id, seq: event.seq, streamId: event.streamId, kind: event.type, occurredAt: event.occurredAt, actor: event.meta.actor, ...described, accountIds };
}
