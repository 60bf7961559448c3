/** The compliance area's API: the alerts the compliance handler raised, and their acknowledgement by a reviewer. */

import { z } from 'zod';
import { decimal, id, isoTime, optionalText, page } from '../api/fields.js';
import { command, query } from '../api/method.js';

export const alertListInput = z.object({ status: z.enum(['open', 'acknowledged', 'all']).default('open'), ...page });

/** A transaction an alert saw, named as staff know it. */
export const alertTransactionRow = z.object({
  eventId: z.string(),
  accountId: z.string(),
  accountNumber: z.string(),
  holder: z.string(),
  amount: decimal,
  currency: z.string(),
  occurredAt: isoTime,
});
export type AlertTransactionRow = z.infer<typeof alertTransactionRow>;

export const alertRow = z.object({
  alertId: z.string(),
  accountId: z.string(),
  /** The account's number and holder, and the customer the alert is about: what a reviewer reads, not ids. */
  accountNumber: z.string(),
  holder: z.string(),
  customer: z.string(),
  customerId: z.string(),
  rule: z.string(),
  message: z.string(),
  transactions: z.array(alertTransactionRow),
  amount: decimal.nullable(),
  currency: z.string().nullable(),
  raisedAt: isoTime,
  status: z.enum(['open', 'acknowledged']),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: isoTime.nullable(),
  /** Why the reviewer acknowledged it, kept with who did. */
  note: z.string().nullable(),
});
export type AlertRow = z.infer<typeof alertRow>;

export const alertListResult = z.object({ total: z.number().int(), items: z.array(alertRow) });

export const acknowledgeAlertInput = z.object({ alertId: id, note: optionalText(280) });

export const complianceMethods = {
  'alerts.list': query({ input: alertListInput, result: alertListResult, permission: 'alerts' }),
  'alerts.acknowledge': command({ input: acknowledgeAlertInput, result: alertRow, permission: 'alerts' }),
} as const;
