/** Money movements of customer accounts as reports list them, and which of them were cash (the one cash rule, shared/ledger/cash.ts). */

import { cashDirectionOf } from '../ledger/cash.js';
import { minorOf, optionalText, text, type LedgerEvent } from '../ledger/readModels/ledgerEvent.js';
import { postingDayOf } from '../ledger/postingDay.js';
import type { AccountDirectory } from './accountDirectory.js';

export type MovementKind = 'OPENING_DEPOSIT' | 'DEPOSIT' | 'WITHDRAWAL' | 'DEPOSIT_REVERSAL' | 'WITHDRAWAL_REVERSAL';

export interface Movement {
  readonly eventId: string;
  readonly seq: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** The branch's calendar date when it occurred. */
  readonly businessDay: string;
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  /** The account's owners (customer ids), the primary first. */
  readonly owners: readonly string[];
  readonly currency: string;
  readonly kind: MovementKind;
  /** Positive minor units; `direction` says which way. */
  readonly amount: bigint;
  readonly direction: 'IN' | 'OUT';
  /** A deposit's source type (cash, check, wire…); a withdrawal's channel (cash, transfer, payment, reversal); "reversal" for a reversal. */
  readonly source: string;
  /** Cash over the counter, as the cash rule says. A reversal is a correction, never new cash: false for it. */
  readonly cash: boolean;
  readonly reference: string;
  /** For a reversal: the movement it compensates and the supervisor's reason. */
  readonly reverses?: { readonly eventId: string; readonly reason: string };
}

/** The movement an event records, or undefined when it moves no money. */
export function movementOf(event: LedgerEvent, directory: AccountDirectory, timeZone: string): Movement | undefined {
  const accountId = optionalText(event.data, 'accountId');
  if (!accountId) return undefined;
  const account = directory.get(accountId);
  const base = {
    eventId: event.id,
    seq: event.seq,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    businessDay: postingDayOf(event, timeZone),
    accountId,
    number: account?.number ?? '',
    holder: account?.holder ?? '',
    owners: account?.owners ?? [],
    reference: optionalText(event.data, 'reference') ?? '',
  };
  const cash = cashDirectionOf(event) !== undefined;
  switch (event.type) {
    case 'AccountOpened': {
      const amount = minorOf(event.data, 'openingDeposit');
      if (amount === 0n) return undefined;
      return { ...base, currency: text(event.data, 'currency'), kind: 'OPENING_DEPOSIT', amount, direction: 'IN', source: optionalText(event.data, 'openingDepositSource') ?? 'cash', cash };
    }
    case 'DepositMade': {
      const amount = minorOf(event.data);
      const currency = optionalText(event.data, 'currency') ?? account?.currency;
      if (amount === 0n || !currency) return undefined;
      return { ...base, currency, kind: 'DEPOSIT', amount, direction: 'IN', source: text(event.data, 'sourceType'), cash };
    }
    case 'WithdrawalMade': {
      const amount = minorOf(event.data);
      const currency = account?.currency;
      if (amount === 0n || !currency) return undefined;
      return { ...base, currency, kind: 'WITHDRAWAL', amount, direction: 'OUT', source: text(event.data, 'channel'), cash };
    }
    // A reversal corrects a movement: the CTR neither counts it as new cash nor takes it off the original's day
    // (the reversed cash deposit was still cash handled that day), so `cash` is false whatever the journal books.
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
