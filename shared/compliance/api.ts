/** The compliance area's API: the alerts the compliance handler raised, and their acknowledgement by a reviewer. */

import { z } from 'zod';
import { decimal, id, isoTime, optionalText, page } from '../api/fields.js';
import { command, query } from '../api/method.js';

export const alertListInput = z.object({ status: z.enum(['open', 'acknowledged', 'all']).default('open'), ...page });

export const alertRow = z.object({
  alertId: z.string(),
  accountId: z.string(),
  rule: z.string(),
  amount: decimal.nullable(),
  currency: z.string().nullable(),
  raisedAt: isoTime,
  status: z.enum(['open', 'acknowledged']),
  acknowledgedBy: z.string().nullable(),
});
export type AlertRow = z.infer<typeof alertRow>;

export const alertListResult = z.object({ total: z.number().int(), items: z.array(alertRow) });

export const acknowledgeAlertInput = z.object({ alertId: id, note: optionalText(280) });

export const complianceMethods = {
  'alerts.list': query({ input: alertListInput, result: alertListResult, permission: 'alerts' }),
  'alerts.acknowledge': command({ input: acknowledgeAlertInput, result: alertRow, permission: 'alerts' }),
} as const;
