/** The dashboard area's API: a period's movements by currency, by source and by hour, the largest, open alerts and subscription health. */

import { z } from 'zod';
import { decimal, isoTime } from '../api/fields.js';
import { query } from '../api/method.js';

/** The longest period the dashboard sums (its hourly chart shows 48 hours at most). */
export const DASHBOARD_MAX_DAYS = 31;

export const dashboardInput = z
  .object({ from: isoTime, to: isoTime })
  .refine((input) => Date.parse(input.from) < Date.parse(input.to), { message: 'The period must end after it starts.', path: ['to'] })
  // The query walks the period day by day: a period of centuries would keep main busy for hours.
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= DASHBOARD_MAX_DAYS * 86_400_000, { message: `The dashboard shows at most ${DASHBOARD_MAX_DAYS} days.`, path: ['to'] });

const movementTotal = z.object({ count: z.number().int(), total: decimal });

export const dashboardCurrency = z.object({
  currency: z.string(),
  deposits: movementTotal,
  withdrawals: movementTotal,
  bySource: z.array(movementTotal.extend({ sourceType: z.string() })),
  /** One entry per hour since `from` (24 for a day). */
  hourly: z.array(z.object({ hour: z.number().int(), deposits: decimal, withdrawals: decimal })),
  largest: z.array(
    z.object({
      eventId: z.string(),
      accountId: z.string(),
      number: z.string(),
      holder: z.string(),
      kind: z.enum(['deposit', 'withdrawal']),
      amount: decimal,
      occurredAt: isoTime,
    }),
  ),
});
export type DashboardCurrency = z.infer<typeof dashboardCurrency>;

export const dashboardResult = z.object({
  currencies: z.array(dashboardCurrency),
  openAlerts: z.number().int(),
  subscriptions: z.object({ ok: z.number().int(), lagging: z.number().int(), failing: z.number().int() }),
});
export type DashboardResult = z.infer<typeof dashboardResult>;

export const dashboardMethods = {
  'dashboard.activity': query({ input: dashboardInput, result: dashboardResult, permission: 'read' }),
} as const;
