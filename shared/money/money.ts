/** Exact money: bigint minor units in memory, strict decimal strings at every boundary. No float ever touches an amount. */

import { DomainError } from '../errors.js';
import { currencyExponent } from './currency.js';

/** Digits, optionally a point followed by at least one digit. No sign, exponent, separators or spaces. */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal amount in major units ("1000", "1000.5", "1000.50") into minor units.
 * More fractional digits than the currency has is an error, never a rounding.
 */
export function parseAmount(text: string, currency: string, field = 'amount'): bigint {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new DomainError('INVALID_AMOUNT', describeBadAmount(text), field);
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new DomainError(
      'INVALID_AMOUNT',
      exponent === 0
        ? `${currency} has no minor units: "${text}" must be a whole number.`
        : `${currency} has ${exponent} decimal places: "${text}" has ${fraction.length}.`,
      field,
    );
  }
  return BigInt(whole!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
}

/** The most digits before the decimal point an entered amount may have: 999,999,999,999,999 in major units. */
export const MAX_ENTERED_WHOLE_DIGITS = 15;

/**
 * Parses an amount a person or a client ENTERED (a deposit, an overdraft limit, a transfer): like parseAmount, but a
 * number no branch ever handles (10^30 dollars) is refused on its field instead of being booked. Balances and stored
 * figures keep using parseAmount, which has no ceiling.
 */
export function parseEnteredAmount(text: string, currency: string, field = 'amount'): bigint {
  const minor = parseAmount(text, currency, field);
  if (minor >= 10n ** BigInt(MAX_ENTERED_WHOLE_DIGITS + currencyExponent(currency))) {
    throw new DomainError('INVALID_AMOUNT', `That amount is too large: at most ${MAX_ENTERED_WHOLE_DIGITS} digits before the decimal point.`, field);
  }
  return minor;
}

function describeBadAmount(text: string): string {
  if (text.trim() === '') return 'Enter an amount.';
  // Quoted as JSON, cut short: a newline or a megabyte of input must not reach a one-line message whole.
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (text.startsWith('-') || text.startsWith('+')) return `${shown}: enter the amount without a sign.`;
  if (/[,'_\s]/.test(text)) return `${shown}: enter the amount without thousands separators or spaces.`;
  return `${shown} is not an amount: use digits with an optional decimal point, such as 1000.50.`;
}

/** Formats minor units as a decimal string with exactly the currency's number of decimals ("155000" USD → "1550.00"). */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Minor units as they travel in events and JSON: a canonical base-10 integer string (no "-0", no leading zeros). */
export const MINOR_UNITS = /^(0|-?[1-9]\d*)$/;

export const toMinorString = (minor: bigint): string => minor.toString();

export function fromMinorString(text: string): bigint {
  if (!MINOR_UNITS.test(text)) throw new DomainError('INVALID_AMOUNT', `"${text}" is not an amount in minor units.`, 'amount');
  return BigInt(text);
}
