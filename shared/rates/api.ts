/** The rates area's API: record a day's rate for a currency (supervisors), and list the rates recorded. */

import { z } from 'zod';
import { day, isoTime } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { commandIdField } from '../ledger/commands.js';
import { recordExchangeRateSchema } from './commands.js';

export const recordRateInput = recordExchangeRateSchema.omit({ type: true }).extend(commandIdField);

export const rateRow = z.object({
  day,
  currency: z.string(),
  /** US dollars per one unit of the currency, exact. */
  usdPerUnit: z.string(),
  recordedBy: z.string(),
  recordedAt: isoTime,
  /** How many times the day's rate was recorded (above 1: it was corrected). */
  revisions: z.number().int().min(1),
  reason: z.string().nullable(),
});
export type RateRow = z.infer<typeof rateRow>;

export const rateListInput = z
  .object({
    from: day.optional(),
    to: day.optional(),
    currency: z.string().trim().toUpperCase().length(3).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const rateListResult = z.object({ rates: z.array(rateRow) });

export const ratesMethods = {
  'rates.record': command({ input: recordRateInput, result: rateRow, permission: 'rates' }),
  'rates.list': query({ input: rateListInput, result: rateListResult, permission: 'read' }),
} as const;
