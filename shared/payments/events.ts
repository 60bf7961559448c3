/** Outbound payment events: amounts in minor units as integer strings; every step towards PayFlow and back is recorded. */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { MINOR_UNITS } from '../money/money.js';

const positiveMinor = z.string().regex(MINOR_UNITS, 'an integer amount in minor units').refine((v) => !v.startsWith('-') && v !== '0', 'must be positive');
const paymentId = z.string().min(1);

export const paymentRequestedSchema = z.object({
  paymentId,
  accountId: z.string().min(1),
  /** Our account's number and holder, as sent to PayFlow. */
  accountNumber: z.string().min(1),
  debtorName: z.string().min(1),
  amount: positiveMinor,
  currency: z.string().length(3),
  beneficiary: z.object({ name: z.string().min(1), accountNumber: z.string().min(1), bankCode: z.string().min(1) }),
  memo: z.string().optional(),
});

const stepSchema = z.object({ paymentId });

export const paymentQueuedSchema = z.object({ paymentId, reason: z.string().min(1) });

export const paymentSubmittedSchema = z.object({ paymentId, payflowId: z.string().min(1), attempt: z.number().int().min(1) });

export const paymentCompletedSchema = z.object({ paymentId, payflowId: z.string().min(1) });

export const paymentFailedSchema = z.object({
  paymentId,
  reason: z.string().min(1),
  /** The refusal's code (INSUFFICIENT_FUNDS, PAYFLOW_REJECTED, a PayFlow failure reason…). */
  code: z.string(),
  payflowId: z.string().optional(),
});

export type PaymentRequested = DomainEvent<'PaymentRequested', z.infer<typeof paymentRequestedSchema>>;
export type PaymentFundsHeld = DomainEvent<'PaymentFundsHeld', z.infer<typeof stepSchema>>;
export type PaymentQueued = DomainEvent<'PaymentQueued', z.infer<typeof paymentQueuedSchema>>;
export type PaymentSubmitted = DomainEvent<'PaymentSubmitted', z.infer<typeof paymentSubmittedSchema>>;
export type PaymentCompleted = DomainEvent<'PaymentCompleted', z.infer<typeof paymentCompletedSchema>>;
export type PaymentFailed = DomainEvent<'PaymentFailed', z.infer<typeof paymentFailedSchema>>;

export type PaymentEvent = PaymentRequested | PaymentFundsHeld | PaymentQueued | PaymentSubmitted | PaymentCompleted | PaymentFailed;

export const paymentEventSchemas = {
  PaymentRequested: { version: 1, schema: paymentRequestedSchema },
  PaymentFundsHeld: { version: 1, schema: stepSchema },
  PaymentQueued: { version: 1, schema: paymentQueuedSchema },
  PaymentSubmitted: { version: 1, schema: paymentSubmittedSchema },
  PaymentCompleted: { version: 1, schema: paymentCompletedSchema },
  PaymentFailed: { version: 1, schema: paymentFailedSchema },
} as const satisfies Record<PaymentEvent['type'], { version: number; schema: z.ZodType }>;
