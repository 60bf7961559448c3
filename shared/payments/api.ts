/** The payments area's API: external payments through PayFlow, their status, and the day's reconciliation. */

import { z } from 'zod';
import { day, decimal, emptyInput, isoTime } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { commandIdField } from '../ledger/commands.js';
import { approvalSchema } from '../staff/identity.js';
import { beneficiaryCommandSchema, sendExternalPaymentSchema } from './commands.js';
import { RECONCILIATION_ITEM_KINDS, raiseReconciliationItemsSchema, reconciliationSideSchema, resolveReconciliationItemSchema } from './reconciliation.js';

export const PAYMENT_STATUSES = ['HELD', 'QUEUED', 'SUBMITTED', 'COMPLETED', 'FAILED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];
export type ReconciliationKind = (typeof RECONCILIATION_ITEM_KINDS)[number];
export const RECONCILIATION_ITEM_STATUSES = ['open', 'resolved'] as const;
const direction = reconciliationSideSchema.shape.direction;

// ---- payments.list --------------------------------------------------------------------------------------------

export const paymentListInput = z.object({ limit: z.number().int().min(1).max(500).default(100) });

export const paymentRow = z.object({
  paymentId: z.string(),
  accountId: z.string(),
  accountNumber: z.string(),
  direction,
  /** Decimal string in major units of `currency`. */
  amount: decimal,
  currency: z.string(),
  /** Null for an inbound payment (the money came to us). */
  beneficiary: beneficiaryCommandSchema.nullable(),
  status: z.enum(PAYMENT_STATUSES),
  payflowId: z.string().nullable(),
  reference: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  failureReason: z.string().nullable(),
  attempts: z.number().int().min(0),
});
export type PaymentRow = z.infer<typeof paymentRow>;

export const paymentListResult = z.object({ payments: z.array(paymentRow) });

// ---- payments.send --------------------------------------------------------------------------------------------

/** The ledger picks the id, takes the account's currency and names the paying account (debtor) itself; over the dual-control amount a second person approves. */
export const sendPaymentInput = sendExternalPaymentSchema
  .omit({ type: true, paymentId: true, currency: true, debtor: true })
  .extend({ ...commandIdField, approval: approvalSchema.optional() });

export const sendPaymentResult = z.object({ paymentId: z.string(), status: z.enum(PAYMENT_STATUSES) });

// ---- payments.status ------------------------------------------------------------------------------------------

export const paymentsStatusResult = z.object({
  /** False until `fidelis payments configure` has given a URL and an API key. */
  configured: z.boolean(),
  breaker: z.enum(BREAKER_STATES),
  /** Payments held and waiting to be sent (PayFlow down, not configured, or offline). */
  queued: z.number().int().min(0),
  lastError: z.string().nullable(),
  nextAttemptAt: isoTime.nullable(),
});
export type PaymentsStatus = z.infer<typeof paymentsStatusResult>;

// ---- reconciliation -------------------------------------------------------------------------------------------

export const reconcileInput = raiseReconciliationItemsSchema.pick({ date: true });

/** One side of a reconciliation item as that side recorded it (null where that side has no such payment). */
export const reconciliationSide = z.object({ amount: decimal, currency: z.string(), status: z.string(), direction }).nullable();

export const reconciliationItem = z.object({
  itemId: z.string(),
  date: day,
  kind: z.enum(RECONCILIATION_ITEM_KINDS),
  paymentId: z.string().nullable(),
  payflowId: z.string().nullable(),
  fidelis: reconciliationSide,
  payflow: reconciliationSide,
  status: z.enum(RECONCILIATION_ITEM_STATUSES),
  /** Who closed the item, when, and why; null while open. */
  resolution: z.object({ note: z.string(), actor: z.string(), resolvedAt: isoTime }).nullable(),
});
export type ReconciliationItemDto = z.infer<typeof reconciliationItem>;

export const reconcileResult = z.object({
  date: day,
  /** Payments both sides agree on. */
  matched: z.number().int().min(0),
  items: z.array(reconciliationItem),
});

export const reconciliationInput = z.object({ date: day.optional(), status: z.enum([...RECONCILIATION_ITEM_STATUSES, 'all']).optional() });
export const reconciliationResult = z.object({ items: z.array(reconciliationItem) });

/** The signed-in person is the one on record; the item's day is read from the item. */
export const resolveItemInput = resolveReconciliationItemSchema.pick({ itemId: true, note: true });
export const resolveItemResult = z.object({ itemId: z.string(), status: z.enum(RECONCILIATION_ITEM_STATUSES) });

/** What `fidelis payments configure` takes; a field left out keeps its value. Main checks them as the CLI does. */
export const payflowConfigureInput = z.object({ url: z.string().trim().max(500).optional(), apiKey: z.string().trim().max(500).optional() }).strict();
/** The key is stored, never shown back: only that one is set. */
export const payflowConfigureResult = z.object({ url: z.string(), apiKeySet: z.boolean() });

export const paymentsMethods = {
  'payments.list': query({ input: paymentListInput, result: paymentListResult, permission: 'read' }),
  'payments.send': command({ input: sendPaymentInput, result: sendPaymentResult, permission: 'payments' }),
  'payments.status': query({ input: emptyInput, result: paymentsStatusResult, permission: 'read' }),
  'payments.configure': command({ input: payflowConfigureInput, result: payflowConfigureResult, permission: 'operations' }),
  'payments.reconcile': command({ input: reconcileInput, result: reconcileResult, permission: 'approve' }),
  'payments.reconciliation': query({ input: reconciliationInput, result: reconciliationResult, permission: 'read' }),
  'payments.resolveItem': command({ input: resolveItemInput, result: resolveItemResult, permission: 'approve' }),
} as const;
