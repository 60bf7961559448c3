/** What every count by denomination shares (a till's opening and closing, the vault's count): the difference, its reason, its sign-off. */

import { DomainError } from '../errors.js';
import { currencyExponent } from '../money/currency.js';
import { formatMoney } from '../money/display.js';

/** Whether a difference needs a supervisor's sign-off: its size is strictly over the branch's sign-off amount. */
export const needsSignOff = (difference: bigint, signOffOver: bigint): boolean => (difference < 0n ? -difference : difference) > signOffOver;

interface CountCommand {
  readonly currency: string;
  readonly reason?: string | undefined;
  readonly signOffOver?: string | undefined;
  readonly signedOffBy?: string | undefined;
}

/**
 * The counted difference (counted less expected: negative short, positive over). A difference needs a reason, and
 * over the sign-off amount a supervisor's sign-off, or the count is refused and nothing is booked.
 */
export function countedDifference(command: CountCommand, counted: bigint, expected: bigint, against: string): bigint {
  const difference = counted - expected;
  if (difference === 0n) return difference;
  const { currency } = command;
  const what = `The count of ${formatMoney(counted, currency)} is ${difference < 0n ? 'short' : 'over'} by ${formatMoney(difference < 0n ? -difference : difference, currency)} against ${against} (${formatMoney(expected, currency)})`;
  if (command.reason === undefined) throw new DomainError('VALIDATION', `${what}: give the reason before you accept it.`, 'reason');
  if (command.signOffOver !== undefined && needsSignOff(difference, BigInt(command.signOffOver)) && command.signedOffBy === undefined) {
    throw new DomainError('SIGN_OFF_REQUIRED', `${what}: over ${formatMoney(BigInt(command.signOffOver), currency)} a supervisor must sign it off with their username and password.`, 'approval');
  }
  return difference;
}

/**
 * The branch's sign-off amount (a setting in major units, such as "10.00") in one currency's minor units: decimals
 * the currency does not have are dropped (10.00 is 10 yen), so the amount never grows by rounding.
 */
export function signOffMinor(amount: string, currency: string): bigint {
  const [whole = '0', fraction = ''] = amount.trim().split('.');
  const exponent = currencyExponent(currency);
  return BigInt(`${whole}${fraction.padEnd(exponent, '0').slice(0, exponent)}` || '0');
}
