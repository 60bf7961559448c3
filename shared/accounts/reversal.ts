/** Reversals: which posted movements a supervisor may reverse, and the original movement as main finds it in the stream. */

import { z } from 'zod';
import { MINOR_UNITS } from '../money/money.js';

/**
 * The movement being reversed, as main read it from the account's own stream (upcast to today's version). The
 * caller only names the event: amount, currency and source always come from here, never from the request.
 */
export const reversalOriginalSchema = z.object({
  eventId: z.string().min(1),
  /** Unversioned event type (`DepositMade`); any type, so the decider can say why it is not a movement it reverses. */
  type: z.string().min(1),
  version: z.number().int().nonnegative(),
  accountId: z.string(),
  amount: z.string().regex(MINOR_UNITS).optional(),
  currency: z.string().length(3).optional(),
  sourceType: z.string().optional(),
  /** The channel the original recorded (DepositMade v4, WithdrawalMade v2): who made it, never its reference. */
  channel: z.string().optional(),
  reference: z.string().optional(),
  /** The till the original went through, if any, and which opening of it; whether that session was counted since (main's till book). */
  tillId: z.string().optional(),
  tillSession: z.number().int().nonnegative().optional(),
  tillCounted: z.literal(true).optional(),
});

export type ReversalOriginal = z.infer<typeof reversalOriginalSchema>;

/** The event types a reversal compensates. */
export const REVERSIBLE_TYPES = ['DepositMade', 'WithdrawalMade'] as const;

/**
 * Why a movement cannot be reversed, or undefined when it can. Only what a teller recorded is reversed: a transfer's
 * legs are undone by a transfer back (a reversal of one leg would leave the other standing and the transfer's record
 * saying it completed), and a payment's leg moved money at another bank through PayFlow, which a book entry here
 * cannot call back. The channel the making command recorded says which is which; the reference is only text.
 */
export function reversalRefusal(original: ReversalOriginal): string | undefined {
  if (!(REVERSIBLE_TYPES as readonly string[]).includes(original.type)) {
    return original.type === 'AccountOpened'
      ? `Event ${original.eventId} opened the account: only deposits and withdrawals can be reversed.`
      : `Event ${original.eventId} is a ${original.type}, not a deposit or withdrawal: only those can be reversed.`;
  }
  const byTeller = original.type === 'DepositMade' ? original.channel === 'counter' && original.sourceType !== 'payflow' : original.channel === 'cash';
  if (byTeller) return undefined;
  if (original.channel === 'payment' || original.sourceType === 'payflow') {
    return `Event ${original.eventId} is a PayFlow payment leg: money that moved through another bank is returned by a payment, not by a reversal.`;
  }
  return `Event ${original.eventId} is a leg of a transfer${original.reference === undefined ? '' : ` (${original.reference})`}: a transfer is undone by a transfer back, not by reversing one leg.`;
}
