/** Money movements of customer accounts as reports list them, and which of them were cash. */

import { businessDayOf, minorOf, optionalText, text, type LedgerEvent } from '../ledger/readModels/ledgerEvent.js';
import type { AccountDirectory } from './accountDirectory.js';
import { isNonCashWithdrawal } from '../accounts/withdrawalChannel.js';

export type MovementKind = 'OPENING_DEPOSIT' | 'DEPOSIT' | 'WITHDRAWAL' | 'DEPOSIT_REVERSAL' | 'WITHDRAWAL_REVERSAL';

export interface Movement {
  readonly eventId: string;
  readonly seq: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly businessDay: string;
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  readonly kind: MovementKind;
  /** Positive minor units; `direction` says which way. */
  readonly amount: bigint;
  readonly direction: 'IN' | 'OUT';
  /** The deposit's source type; "teller" for withdrawals at the counter, "transfer" for a transfer's debit. */
  readonly source: string;
  readonly cash: boolean;
  readonly reference: string;
  /** For a reversal: the movement it compensates and the supervisor's reason. */
  readonly reverses?: { readonly eventId: string; readonly reason: string };
}

/** The movement an event records, or undefined when it moves no money. Opening deposits are paid in at the counter, in cash. */
export function movementOf(event: LedgerEvent, directory: AccountDirectory): Movement | undefined {
  const accountId = optionalText(event.data, 'accountId');
  if (!accountId) return undefined;
  const account = directory.get(accountId);
  const base = {
    eventId: event.id,
    seq: event.seq,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    businessDay: businessDayOf(event.occurredAt),
    accountId,
    number: account?.number ?? '',
    holder: account?.holder ?? '',
    reference: optionalText(event.data, 'reference') ?? '',
  };
  switch (event.type) {
    case 'AccountOpened': {
      const amount = minorOf(event.data, 'openingDeposit');
      if (amount === 0n) return undefined;
      return { ...base, currency: text(event.data, 'currency'), kind: 'OPENING_DEPOSIT', amount, direction: 'IN', source: 'cash', cash: true };
    }
    case 'DepositMade': {
      const amount = minorOf(event.data);
      const currency = optionalText(event.data, 'currency') ?? account?.currency;
      if (amount === 0n || !currency) return undefined;
      const source = text(event.data, 'sourceType');
      return { ...base, currency, kind: 'DEPOSIT', amount, direction: 'IN', source, cash: source === 'cash' };
    }
    case 'WithdrawalMade': {
      const amount = minorOf(event.data);
      const currency = account?.currency;
      if (amount === 0n || !currency) return undefined;
      const nonCash = isNonCashWithdrawal(base.reference);
      return { ...base, currency, kind: 'WITHDRAWAL', amount, direction: 'OUT', source: nonCash ? 'transfer' : 'teller', cash: !nonCash };
    }
    // A reversal is a book entry, never cash changing hands: `cash` is false, so the CTR neither counts it as new
    // cash nor takes it off the original's day (the reversed cash deposit was still cash handled that day).
    case 'DepositReversed':
    case 'WithdrawalReversed': {
      const amount = minorOf(event.data);
      const currency = optionalText(event.data, 'currency') ?? account?.currency;
      if (amount === 0n || !currency) return undefined;
      const deposit = event.type === 'DepositReversed';
      return {
        ...base,
        reference: optionalText(event.data, 'originalReference') ?? '',
        currency,
        kind: deposit ? 'DEPOSIT_REVERSAL' : 'WITHDRAWAL_REVERSAL',
        amount,
        direction: deposit ? 'OUT' : 'IN',
        source: 'reversal',
        cash: false,
        reverses: { eventId: text(event.data, 'originalEventId'), reason: text(event.data, 'reason') },
      };
    }
    default:
      return undefined;
  }
}
