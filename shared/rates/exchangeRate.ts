/**
 * Exchange rates as exact decimals and USD equivalents by integer arithmetic. A rate is quoted as US dollars per one
 * unit of the foreign currency ("0.0067" USD per JPY, "2.6596" USD per BHD): converting is then one multiplication,
 * and an equivalent is kept as an exact fraction of a dollar until it is shown.
 */

import { DomainError } from '../errors.js';
import { currencyExponent } from '../money/currency.js';

/** Up to 12 whole digits and 12 decimals, no sign, no exponent, not zero. */
const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** A rate as a fraction: `numerator / 10^scale` US dollars per unit. */
export interface ParsedRate {
  readonly numerator: bigint;
  readonly scale: number;
}

export function parseRate(text: string, field = 'usdPerUnit'): ParsedRate {
  const match = RATE.exec(text);
  if (!match) throw new DomainError('VALIDATION', `"${text.slice(0, 30)}" is not a rate: give US dollars per unit as a decimal such as 0.0067.`, field);
  const fraction = match[2] ?? '';
  const numerator = BigInt(`${match[1]}${fraction}`);
  if (numerator === 0n) throw new DomainError('VALIDATION', 'A rate of zero converts nothing: give US dollars per unit, such as 0.0067.', field);
  return { numerator, scale: fraction.length };
}

/** The rate written canonically (no leading zeros, no trailing decimal zeros), so the same rate is one string. */
export function canonicalRate(text: string): string {
  const { numerator, scale } = parseRate(text);
  const digits = numerator.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** An exact amount of US dollars: `numerator / 10^scale`. */
export interface UsdExact {
  readonly numerator: bigint;
  readonly scale: number;
}

export const ZERO_USD: UsdExact = { numerator: 0n, scale: 2 };

const rescale = (a: UsdExact, scale: number): bigint => a.numerator * 10n ** BigInt(scale - a.scale);

export function addUsd(a: UsdExact, b: UsdExact): UsdExact {
  const scale = Math.max(a.scale, b.scale);
  return { numerator: rescale(a, scale) + rescale(b, scale), scale };
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareUsd(a: UsdExact, b: UsdExact): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** USD minor units (cents) as an exact amount. */
export const usdOfCents = (cents: bigint): UsdExact => ({ numerator: cents, scale: 2 });

/** The exact USD equivalent of `minor` units of `currency` at `rate` (USD itself needs no rate). */
export function toUsd(minor: bigint, currency: string, rate: ParsedRate | undefined): UsdExact {
  if (currency === 'USD') return usdOfCents(minor);
  if (!rate) throw new Error(`toUsd needs a rate for ${currency}`);
  return { numerator: minor * rate.numerator, scale: rate.scale + currencyExponent(currency) };
}

/** Whole cents, rounded up: a regulatory figure never under-states the cash (a non-negative amount). */
export function centsRoundedUp(amount: UsdExact): bigint {
  if (amount.scale <= 2) return amount.numerator * 10n ** BigInt(2 - amount.scale);
  const divisor = 10n ** BigInt(amount.scale - 2);
  return (amount.numerator + divisor - 1n) / divisor;
}
