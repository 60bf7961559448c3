/** Payloads of the Payments screen's API: external payments through PayFlow, their status, and the day's reconciliation. */

import { z } from 'zod';
import { approvalSchema } from '../staff/identity.js';

const id = z.string().trim().min(1).max(128);
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount');
const isoTime = z.iso.datetime({ offset: true });
const day = z.iso.date('A day is YYYY-MM-DD.');
/** Amount text as typed by a teller: main parses it in the account's currency and reports problems on `amount`. */
const amountText = z.string().max(40, 'That amount is too long.');

export const PAYMENT_STATUSES = ['HELD', 'QUEUED', 'SUBMITTED', 'COMPLETED', 'FAILED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_DIRECTIONS = ['inbound', 'outbound'] as const;
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];
export const RECONCILIATION_KINDS = ['MISSING_IN_FIDELIS', 'MISSING_AT_PAYFLOW', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH'] as const;
export type ReconciliationKind = (typeof RECONCILIATION_KINDS)[number];
export const RECONCILIATION_ITEM_STATUSES = ['open', 'resolved'] as const;

/** The other bank's account the money goes to. */
export const beneficiarySchema = z.object({
  name: z.string().trim().min(1, "Enter the beneficiary's name.").max(140, "A beneficiary's name has at most 140 characters."),
  accountNumber: z.string().trim().min(1, "Enter the beneficiary's account number.").max(34, 'An account number has at most 34 characters.'),
  bankCode: z.string().trim().min(1, "Enter the beneficiary's bank code.").max(20, 'A bank code has at most 20 characters.'),
});
export type Beneficiary = z.infer<typeof beneficiarySchema>;


// ---- payments.list --------------------------------------------------------------------------------------------

export const paymentListInput = z.object({ limit: z.number().int().min(1).max(500).default(100) });

export const paymentRow = z.object({
  paymentId: z.string(),
  accountId: z.string(),
  accountNumber: z.string(),
  direction: z.enum(PAYMENT_DIRECTIONS),
  /** Decimal string in major units of `currency`. */
  amount: decimal,
  currency: z.string(),
  /** Null for an inbound payment (the money came to us). */
  beneficiary: beneficiarySchema.nullable(),
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

export const sendPaymentInput = z.object({
  accountId: id,
  amount: amountText,
  beneficiary: beneficiarySchema,
  memo: z.string().trim().max(140, 'A memo has at most 140 characters.').optional(),
  commandId: id.optional(),
  /** Another person's credentials approving a payment over the dual-control amount. */
  approval: approvalSchema.optional(),
});

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

export const reconcileInput = z.object({ date: day });

/** One side of a reconciliation item as that side recorded it (null where that side has no such payment). */
export const reconciliationSide = z
  .object({ amount: decimal, currency: z.string(), status: z.string(), direction: z.enum(PAYMENT_DIRECTIONS) })
  .nullable();

export const reconciliationItem = z.object({
  itemId: z.string(),
  date: day,
  kind: z.enum(RECONCILIATION_KINDS),
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

export const resolveItemInput = z.object({
  itemId: id,
  note: z.string().trim().min(1, 'Say how the item was resolved.').max(500, 'A note has at most 500 characters.'),
});
export const resolveItemResult = z.object({ itemId: z.string(), status: z.enum(RECONCILIATION_ITEM_STATUSES) });
