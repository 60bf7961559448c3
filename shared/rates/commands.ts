/** The exchange-rate command as supervisors, the CLI and the API send it. */

import { z } from 'zod';
import { foreignCurrencySchema, rateDaySchema, usdPerUnitSchema } from './events.js';

export const recordExchangeRateSchema = z.object({
  type: z.literal('RecordExchangeRate'),
  day: rateDaySchema,
  currency: foreignCurrencySchema,
  usdPerUnit: z.string().trim().pipe(usdPerUnitSchema),
  /** Needed when the day already has a different rate: what was wrong with it. */
  reason: z.string().trim().min(1).max(200).optional(),
});

export type RecordExchangeRate = z.infer<typeof recordExchangeRateSchema>;
export type RateCommand = RecordExchangeRate;
