/** The rates a report or rule converts with: the recorded rate of a currency on a business day, or a clear refusal. */

import { DomainError } from '../errors.js';
import { parseRate, toUsd, type ParsedRate, type UsdExact } from './exchangeRate.js';

export interface RateEntry {
  readonly day: string;
  readonly currency: string;
  readonly usdPerUnit: string;
  /** The event that recorded it (the latest for the day), for the manifest. */
  readonly eventId: string;
}

export interface RateBook {
  rateOf(day: string, currency: string): RateEntry | undefined;
}

export function createRateBook(entries: Iterable<RateEntry>): RateBook {
  const byKey = new Map<string, RateEntry>();
  for (const entry of entries) byKey.set(`${entry.currency}|${entry.day}`, entry);
  return { rateOf: (day, currency) => byKey.get(`${currency}|${day}`) };
}

export const EMPTY_RATE_BOOK: RateBook = createRateBook([]);

export const rateMissing = (day: string, currency: string): DomainError =>
  new DomainError(
    'RATE_MISSING',
    `No ${currency} rate is recorded for ${day}: record it (fidelis rates set --date ${day} --currency ${currency} --usd-per-unit R) and run the report again.`,
    'rates',
  );

/** Converts with the day's rate; refuses with RATE_MISSING (naming day and currency) rather than guessing one. */
export function usdOn(book: RateBook, day: string, minor: bigint, currency: string): { usd: UsdExact; rate: RateEntry | undefined } {
  if (currency === 'USD') return { usd: toUsd(minor, currency, undefined), rate: undefined };
  const rate = book.rateOf(day, currency);
  if (!rate) throw rateMissing(day, currency);
  const parsed: ParsedRate = parseRate(rate.usdPerUnit);
  return { usd: toUsd(minor, currency, parsed), rate };
}
