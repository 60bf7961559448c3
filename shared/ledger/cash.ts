/**
 * The cash rule: whether a ledger event moved currency over the counter, and which way. It reads only typed facts
 * the making command recorded — a deposit's sourceType, a withdrawal's channel, an opening's source — never a
 * reference a person typed. The journal (teller cash or clearing) and the regulatory reports (CTR, structuring) both
 * follow it, so the books and the filings agree.
 */

import type { LedgerEvent } from './readModels/ledgerEvent.js';

export type CashDirection = 'IN' | 'OUT';

/**
 * 'IN' for cash received, 'OUT' for cash paid out, undefined for anything else (book entries, holds, non-movements).
 * A reversal moves cash back the other way when the movement it corrects was cash; reports counting customers'
 * currency transactions may leave corrections out, the journal books them.
 */
export function cashDirectionOf(event: Pick<LedgerEvent, 'type' | 'data'>): CashDirection | undefined {
  const { data } = event;
  switch (event.type) {
    case 'AccountOpened':
      return data.openingDepositSource === 'cash' && isPositive(data.openingDeposit) ? 'IN' : undefined;
    case 'DepositMade':
      return data.sourceType === 'cash' ? 'IN' : undefined;
    case 'WithdrawalMade':
      return data.channel === 'cash' ? 'OUT' : undefined;
    case 'DepositReversed':
      return data.sourceType === 'cash' ? 'OUT' : undefined;
    // Only a cash withdrawal can be reversed (shared/accounts/reversal.ts): the money comes back over the counter.
    case 'WithdrawalReversed':
      return 'IN';
    default:
      return undefined;
  }
}

const isPositive = (amount: unknown): boolean => typeof amount === 'string' && /^\d+$/.test(amount) && BigInt(amount) > 0n;
