/** AccountSummary: one document per account with its balance, transaction count (the opening counts as 1), last movement and status. */

import { formatAmount } from '../../money/money.js';
import { minorOf, text, type LedgerEvent } from './ledgerEvent.js';

export interface AccountSummary {
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  /** Minor units, as an integer string. */
  readonly balance: string;
  readonly transactionCount: number;
  readonly lastTransactionAt: string;
  readonly openedAt: string;
  readonly status: 'ACTIVE' | 'CLOSED';
  /** The account's stream version last folded in. */
  readonly version: number;
}

/** What a teller reads: the balance formatted in the account's currency. */
export interface AccountSummaryView extends Omit<AccountSummary, 'balance'> {
  readonly balance: string;
  readonly balanceMinor: string;
}

export const ACCOUNT_SUMMARY_EVENTS = [
  'AccountOpened',
  'DepositMade',
  'WithdrawalMade',
  'AccountClosed',
  'HoldPlaced',
  'HoldReleased',
  'SignatoryAdded',
  'SignatoryRemoved',
  'DepositReversed',
  'WithdrawalReversed',
];

export function evolveAccountSummary(current: AccountSummary | undefined, event: LedgerEvent): AccountSummary | undefined {
  if (event.type === 'AccountOpened') {
    return {
      accountId: text(event.data, 'accountId'),
      number: text(event.data, 'number'),
      holder: text(event.data, 'holder'),
      currency: text(event.data, 'currency'),
      balance: minorOf(event.data, 'openingDeposit').toString(),
      transactionCount: 1,
      lastTransactionAt: event.occurredAt,
      openedAt: event.occurredAt,
      status: 'ACTIVE',
      version: event.version,
    };
  }
  if (!current) return undefined;
  switch (event.type) {
    case 'DepositMade':
    case 'WithdrawalMade':
    // A reversal is a movement of its own (the compensating entry): it counts as a transaction, the original stays counted.
    case 'DepositReversed':
    case 'WithdrawalReversed': {
      const sign = event.type === 'DepositMade' || event.type === 'WithdrawalReversed' ? 1n : -1n;
      return {
        ...current,
        balance: (BigInt(current.balance) + sign * minorOf(event.data)).toString(),
        transactionCount: current.transactionCount + 1,
        lastTransactionAt: event.occurredAt,
        version: event.version,
      };
    }
    case 'AccountClosed':
      return { ...current, status: 'CLOSED', version: event.version };
    default:
      // Holds and signatories change no balance: only the version moves.
      return { ...current, version: event.version };
  }
}

export const toAccountSummaryView = (summary: AccountSummary): AccountSummaryView => ({
  ...summary,
  balance: formatAmount(BigInt(summary.balance), summary.currency),
  balanceMinor: summary.balance,
});
