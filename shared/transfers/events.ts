/** Transfer events: amounts in minor units as integer strings; each step the process manager drives is recorded. */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { MINOR_UNITS } from '../money/money.js';

const positiveMinor = z.string().regex(MINOR_UNITS, 'an integer amount in minor units').refine((v) => !v.startsWith('-') && v !== '0', 'must be positive');

export const transferInitiatedSchema = z.object({
  transferId: z.string().min(1),
  fromAccountId: z.string().min(1),
  toAccountId: z.string().min(1),
  amount: positiveMinor,
  currency: z.string().length(3),
  reference: z.string().optional(),
});

const stepSchema = z.object({ transferId: z.string().min(1) });

export const transferFailedSchema = z.object({
  transferId: z.string().min(1),
  reason: z.string().min(1),
  /** The error code of the refusal (INSUFFICIENT_FUNDS, ACCOUNT_CLOSED…). */
  code: z.string(),
  /** True when the source had been debited and that debit was reversed by a compensating deposit. */
  reversed: z.boolean(),
});

export const transferCreditRefusedSchema = z.object({
  transferId: z.string().min(1),
  reason: z.string().min(1),
  code: z.string(),
});

export type TransferInitiated = DomainEvent<'TransferInitiated', z.infer<typeof transferInitiatedSchema>>;
export type TransferFundsHeld = DomainEvent<'TransferFundsHeld', z.infer<typeof stepSchema>>;
export type TransferSourceDebited = DomainEvent<'TransferSourceDebited', z.infer<typeof stepSchema>>;
export type TransferCreditRefused = DomainEvent<'TransferCreditRefused', z.infer<typeof transferCreditRefusedSchema>>;
export type TransferCompleted = DomainEvent<'TransferCompleted', z.infer<typeof stepSchema>>;
export type TransferFailed = DomainEvent<'TransferFailed', z.infer<typeof transferFailedSchema>>;

export type TransferEvent =
  | TransferInitiated
  | TransferFundsHeld
  | TransferSourceDebited
  | TransferCreditRefused
  | TransferCompleted
  | TransferFailed;

export const transferEventSchemas = {
  TransferInitiated: { version: 1, schema: transferInitiatedSchema },
  TransferFundsHeld: { version: 1, schema: stepSchema },
  TransferSourceDebited: { version: 1, schema: stepSchema },
  TransferCreditRefused: { version: 1, schema: transferCreditRefusedSchema },
  TransferCompleted: { version: 1, schema: stepSchema },
  TransferFailed: { version: 1, schema: transferFailedSchema },
} as const satisfies Record<TransferEvent['type'], { version: number; schema: z.ZodType }>;
