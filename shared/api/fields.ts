/** Field schemas every area's API shares: ids, decimal amounts as text, times, days and paging. */

import { z } from 'zod';

export const id = z.string().trim().min(1).max(128);
/** An amount main formatted in its currency (never a number: no float touches money). */
export const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount');
export const isoTime = z.iso.datetime({ offset: true });
export const day = z.iso.date('A day is YYYY-MM-DD.');
export const page = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};
export const optionalText = (max: number) => z.string().trim().max(max).optional();
export const emptyInput = z.object({}).strict();
