/** Dual control: which commands are big enough to need a second person's approval, in their own currency. One pure rule for every boundary. */

import { formatMoney } from '../money/display.js';
import { currencyExponent, isCurrencyCode } from '../money/currency.js';

/** Commands whose amount moves money out of the bank's hands; anything else never needs an approver. */
export const DUAL_CONTROL_COMMANDS = ['MakeWithdrawal', 'InitiateTransfer', 'SendExternalPayment'] as const;

/** The branch's dual-control amounts: one in US dollars, and any currency's own (major units of that currency). */
export interface DualControlSettings {
  readonly dualControlAmount: string;
  readonly dualControlAmounts: Readonly<Partial<Record<string, string>>>;
}

/** The amount a command is compared with: in its own currency, or in US dollars to compare at a rate. */
export interface DualControlLimit {
  readonly amount: string;
  readonly currency: string;
}

/** A currency's own amount when the branch set one (USD's is dualControlAmount); otherwise the USD amount, to convert. */
export function dualControlLimit(currency: string, settings: DualControlSettings): DualControlLimit {
  const own = Object.hasOwn(settings.dualControlAmounts, currency) ? settings.dualControlAmounts[currency] : currency === 'USD' ? settings.dualControlAmount : undefined;
  return own === undefined ? { amount: settings.dualControlAmount, currency: 'USD' } : { amount: own, currency };
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** An exact non-negative decimal as digits over a power of ten, or undefined when the text is no plain decimal. */
function exact(text: string): { readonly digits: bigint; readonly scale: number } | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  return { digits: BigInt(`${match[1]}${fraction}`), scale: fraction.length };
}

/** a > b for a = a.digits / 10^a.scale, compared with integers only. */
const over = (a: { digits: bigint; scale: number }, b: { digits: bigint; scale: number }): boolean =>
  a.digits * 10n ** BigInt(b.scale) > b.digits * 10n ** BigInt(a.scale);

/**
 * True when `command` is a dual-control command whose amount (major units of `currency`, as typed) is over `limit`.
 * A limit in another currency (US dollars) is compared with the amount's equivalent at `usdPerUnit`; with no rate the
 * command needs approval, so a missing rate never waves money through. Exact decimals, never floats. An amount that
 * is no valid decimal needs no approver here: the command's own validation refuses it, with a message about the amount.
 */
export function requiresApproval(command: { readonly type: string; readonly amount?: unknown }, currency: string, limit: DualControlLimit, usdPerUnit?: string): boolean {
  if (!(DUAL_CONTROL_COMMANDS as readonly string[]).includes(command.type)) return false;
  if (typeof command.amount !== 'string') return false;
  const amount = exact(command.amount);
  const threshold = exact(limit.amount);
  if (amount === undefined || threshold === undefined) return false;
  if (limit.currency === currency) return over(amount, threshold);
  const rate = usdPerUnit === undefined ? undefined : exact(usdPerUnit);
  if (rate === undefined) return true;
  return over({ digits: amount.digits * rate.digits, scale: amount.scale + rate.scale }, threshold);
}

/** A limit as a message shows it: grouped with its currency ("10,000.00 USD"), or as set when it has more decimals than the currency. */
function shownLimit(limit: DualControlLimit): string {
  const amount = exact(limit.amount);
  if (amount === undefined || !isCurrencyCode(limit.currency) || amount.scale > currencyExponent(limit.currency)) return `${limit.amount} ${limit.currency}`;
  return formatMoney(amount.digits * 10n ** BigInt(currencyExponent(limit.currency) - amount.scale), limit.currency);
}

/** Why a command in `currency` needs approval, in the counter's words. */
export function approvalRequiredMessage(currency: string, limit: DualControlLimit, usdPerUnit?: string): string {
  const ask = 'a supervisor must approve: ask one to enter their username and password.';
  if (limit.currency === currency) return `Over ${shownLimit(limit)} ${ask}`;
  if (usdPerUnit === undefined) return `No ${currency} exchange rate is recorded to compare with the dual-control amount of ${shownLimit(limit)}, so ${ask}`;
  return `Over ${shownLimit(limit)} (at the latest ${currency} rate, ${usdPerUnit} USD per ${currency}) ${ask}`;
}
