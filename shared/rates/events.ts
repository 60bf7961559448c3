/** Exchange-rate events: the rate of one currency for one business day, as a supervisor recorded it (a later one corrects it). */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { isCurrencyCode } from '../money/currency.js';

/** One stream per currency and day: `rate-<CURRENCY>-<YYYY-MM-DD>`. */
export const RATE_CATEGORY = 'rate';

export const rateDaySchema = z.iso.date('A day is YYYY-MM-DD.');

export const foreignCurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'The currency is an ISO 4217 code Fidelis supports, such as JPY.')
  .refine((code) => code !== 'USD', 'USD is the reporting currency: it needs no rate.');

/** US dollars per one unit of the currency, an exact decimal string (canonical: no leading or trailing zeros). */
export const usdPerUnitSchema = z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, 'A rate is US dollars per unit, such as 0.0067.');

export const exchangeRateRecordedSchema = z.object({
  day: rateDaySchema,
  currency: z.string().length(3),
  usdPerUnit: usdPerUnitSchema,
  /** Why a recorded rate was replaced (absent for the first one). */
  reason: z.string().max(200).optional(),
});

export type ExchangeRateRecorded = DomainEvent<'ExchangeRateRecorded', z.infer<typeof exchangeRateRecordedSchema>>;
export type RateEvent = ExchangeRateRecorded;

export const rateEventSchemas = {
  ExchangeRateRecorded: { version: 1, schema: exchangeRateRecordedSchema },
} as const satisfies Record<RateEvent['type'], { version: number; schema: z.ZodType }>;

export const rateAggregateId = (currency: string, day: string): string => `${currency}-${day}`;
