/** Account events: their payload schemas (amounts in minor units as integer strings) and current versions. */

import { z } from 'zod';
import type { DomainEvent } from '../../decider.js';
import { MINOR_UNITS } from '../../money/money.js';

const minor = z.string().regex(MINOR_UNITS, 'an integer amount in minor units');
const nonNegativeMinor = minor.refine((value) => !value.startsWith('-'), 'must not be negative');

export const DEPOSIT_SOURCE_TYPES = ['cash', 'check', 'wire', 'ach', 'payroll', 'bank_transfer', 'payflow', 'manual'] as const;
export type DepositSourceType = (typeof DEPOSIT_SOURCE_TYPES)[number];

export const accountOpenedSchema = z.object({
  accountId: z.string().min(1),
  number: z.string().min(1).max(20),
  holder: z.string().min(1).max(100),
  currency: z.string().length(3),
  openingDeposit: nonNegativeMinor,
  overdraftLimit: nonNegativeMinor,
});

export const depositMadeSchema = z.object({
  accountId: z.string().min(1),
  amount: nonNegativeMinor,
  /** `unknown` only for deposits recorded before v2, which did not say. */
  sourceType: z.enum([...DEPOSIT_SOURCE_TYPES, 'unknown']),
  reference: z.string().optional(),
});

export const withdrawalMadeSchema = z.object({
  accountId: z.string().min(1),
  amount: nonNegativeMinor,
  reference: z.string().optional(),
});

export const accountClosedSchema = z.object({
  accountId: z.string().min(1),
  reason: z.string().optional(),
});

export type AccountOpened = DomainEvent<'AccountOpened', z.infer<typeof accountOpenedSchema>>;
export type DepositMade = DomainEvent<'DepositMade', z.infer<typeof depositMadeSchema>>;
export type WithdrawalMade = DomainEvent<'WithdrawalMade', z.infer<typeof withdrawalMadeSchema>>;
export type AccountClosed = DomainEvent<'AccountClosed', z.infer<typeof accountClosedSchema>>;

export type AccountEvent = AccountOpened | DepositMade | WithdrawalMade | AccountClosed;

/** The version each event is written at today, and the schema of that version's payload. */
export const accountEventSchemas = {
  AccountOpened: { version: 1, schema: accountOpenedSchema },
  DepositMade: { version: 2, schema: depositMadeSchema },
  WithdrawalMade: { version: 1, schema: withdrawalMadeSchema },
  AccountClosed: { version: 1, schema: accountClosedSchema },
} as const satisfies Record<AccountEvent['type'], { version: number; schema: z.ZodType }>;
