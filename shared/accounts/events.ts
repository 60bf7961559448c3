/** Account events: their payload schemas (amounts in minor units as integer strings) and current versions. */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { MINOR_UNITS } from '../money/money.js';

const minor = z.string().regex(MINOR_UNITS, 'an integer amount in minor units');
const nonNegativeMinor = minor.refine((value) => !value.startsWith('-'), 'must not be negative');
/** The till cash went through (the teller's, shared/tills): only cash movements posted with a till open carry one. */
const tillId = z.string().min(1).optional();
/** Which opening of the till (its session): a movement that reaches the book after that session's count is already in it. */
const tillSession = z.number().int().nonnegative().optional();

export const DEPOSIT_SOURCE_TYPES = ['cash', 'check', 'wire', 'ach', 'payroll', 'bank_transfer', 'payflow', 'manual'] as const;
export type DepositSourceType = (typeof DEPOSIT_SOURCE_TYPES)[number];

/** How a withdrawal left: paid out in cash at the counter, a transfer's debit, a PayFlow payment's, or a compensation. */
export const WITHDRAWAL_CHANNELS = ['cash', 'transfer', 'payment', 'reversal'] as const;
export type WithdrawalChannel = (typeof WITHDRAWAL_CHANNELS)[number];

/** How a deposit came in: recorded at the counter (its sourceType says cash, check…), a transfer's credit, a PayFlow payment's, or a refund. */
export const DEPOSIT_CHANNELS = ['counter', 'transfer', 'payment', 'reversal'] as const;
export type DepositChannel = (typeof DEPOSIT_CHANNELS)[number];

export const accountOpenedSchema = z.object({
  accountId: z.string().min(1),
  number: z.string().min(1).max(20),
  /** The primary owner's name when the account was opened (the customer record holds the current one). */
  holder: z.string().min(1).max(150),
  /** Since v2: the customers who own the account, the primary first (earlier accounts: the customer derived from them). */
  owners: z.array(z.string().min(1)).min(1),
  currency: z.string().length(3),
  openingDeposit: nonNegativeMinor,
  /** Since v2: where the opening deposit came from, like any deposit's sourceType (earlier openings were booked as cash). */
  openingDepositSource: z.enum(DEPOSIT_SOURCE_TYPES),
  overdraftLimit: nonNegativeMinor,
  tillId,
  tillSession,
});

export const depositMadeSchema = z.object({
  accountId: z.string().min(1),
  amount: nonNegativeMinor,
  /** `unknown` only for deposits recorded before v2, which did not say. */
  sourceType: z.enum([...DEPOSIT_SOURCE_TYPES, 'unknown']),
  /** Since v3; deposits recorded before it are read in the account's currency (its AccountOpened). */
  currency: z.string().length(3),
  /** Since v4: set by the command that made it, never read from the reference a person typed. */
  channel: z.enum(DEPOSIT_CHANNELS),
  reference: z.string().optional(),
  tillId,
  tillSession,
});

export const withdrawalMadeSchema = z.object({
  accountId: z.string().min(1),
  amount: nonNegativeMinor,
  /** Since v2: set by the command that made it (a teller's is cash), never read from the reference a person typed. */
  channel: z.enum(WITHDRAWAL_CHANNELS),
  reference: z.string().optional(),
  tillId,
  tillSession,
});

export const accountClosedSchema = z.object({
  accountId: z.string().min(1),
  reason: z.string().optional(),
});

/** Funds reserved for work in flight (a transfer): they count against the available balance until released. */
export const holdPlacedSchema = z.object({
  accountId: z.string().min(1),
  holdId: z.string().min(1),
  amount: nonNegativeMinor,
  reason: z.string().optional(),
});

/** A hold ends: released unused, or consumed by the withdrawal recorded with it in the same commit. */
export const holdReleasedSchema = z.object({
  accountId: z.string().min(1),
  holdId: z.string().min(1),
  amount: nonNegativeMinor,
});

export const SIGNATORY_ROLES = ['OWNER', 'MANAGER', 'OPERATOR'] as const;
export type SignatoryRole = (typeof SIGNATORY_ROLES)[number];

export const signatoryAddedSchema = z.object({
  accountId: z.string().min(1),
  name: z.string().min(1).max(100),
  /** Lower-cased: one person, one email, however it was typed. */
  email: z.string().min(3).max(254),
  role: z.enum(SIGNATORY_ROLES),
});

export const signatoryRemovedSchema = z.object({
  accountId: z.string().min(1),
  email: z.string().min(3).max(254),
});

/** Identification kinds a regulator's forms know (FinCEN CTR item 14: SSN/ITIN, EIN, driver's licence, passport…). */
export const HOLDER_ID_TYPES = ['SSN', 'EIN', 'TIN', 'DRIVERS_LICENSE', 'PASSPORT', 'ALIEN_REGISTRATION', 'FOREIGN', 'OTHER'] as const;
export type HolderIdType = (typeof HOLDER_ID_TYPES)[number];

/**
 * What regulatory reports need to know of the holder: address, date of birth, identification. Recorded after the
 * opening (accounts opened before it simply have none, and reports say "unknown"); a later event replaces it whole.
 */
export const holderDetailsRecordedSchema = z.object({
  accountId: z.string().min(1),
  street: z.string().min(1).max(100),
  city: z.string().min(1).max(50),
  state: z.string().max(3).optional(),
  zip: z.string().max(9).optional(),
  /** ISO 3166 alpha-2. */
  country: z.string().length(2),
  /** YYYY-MM-DD. */
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  idType: z.enum(HOLDER_ID_TYPES).optional(),
  idNumber: z.string().min(1).max(25).optional(),
  idIssuer: z.string().max(3).optional(),
});

/** What every reversal records: the original it compensates (by id and version), and the supervisor's reason. */
const reversalFields = {
  accountId: z.string().min(1),
  originalEventId: z.string().min(1),
  originalVersion: z.number().int().nonnegative(),
  /** The original's amount: a reversal always compensates the whole movement. */
  amount: nonNegativeMinor,
  currency: z.string().length(3),
  reason: z.string().min(1).max(500),
  /** The original's reference, so a statement line says what was reversed without looking it up. */
  originalReference: z.string().optional(),
  /** The original's till: the reversal corrects that till's book while it is open, cash over/short once it was counted. */
  tillId,
  tillSession,
  /** Set when the original's till session was counted before the reversal: the count found the difference, so the correction clears cash over/short. */
  tillCounted: z.literal(true).optional(),
};

/** A deposit reversed: the money leaves the account again, through the branch account the deposit came in by. */
export const depositReversedSchema = z.object({
  ...reversalFields,
  /** The original deposit's source: the journal books the reversal against the same branch account. */
  sourceType: z.enum([...DEPOSIT_SOURCE_TYPES, 'unknown']),
});

/** A withdrawal reversed: the money comes back into the account (a cash withdrawal recorded in error). */
export const withdrawalReversedSchema = z.object(reversalFields);

export type AccountOpened = DomainEvent<'AccountOpened', z.infer<typeof accountOpenedSchema>>;
export type DepositMade = DomainEvent<'DepositMade', z.infer<typeof depositMadeSchema>>;
export type WithdrawalMade = DomainEvent<'WithdrawalMade', z.infer<typeof withdrawalMadeSchema>>;
export type AccountClosed = DomainEvent<'AccountClosed', z.infer<typeof accountClosedSchema>>;

export type HoldPlaced = DomainEvent<'HoldPlaced', z.infer<typeof holdPlacedSchema>>;
export type HoldReleased = DomainEvent<'HoldReleased', z.infer<typeof holdReleasedSchema>>;
export type SignatoryAdded = DomainEvent<'SignatoryAdded', z.infer<typeof signatoryAddedSchema>>;
export type SignatoryRemoved = DomainEvent<'SignatoryRemoved', z.infer<typeof signatoryRemovedSchema>>;
export type HolderDetailsRecorded = DomainEvent<'HolderDetailsRecorded', z.infer<typeof holderDetailsRecordedSchema>>;
export type DepositReversed = DomainEvent<'DepositReversed', z.infer<typeof depositReversedSchema>>;
export type WithdrawalReversed = DomainEvent<'WithdrawalReversed', z.infer<typeof withdrawalReversedSchema>>;

export type AccountEvent =
  | AccountOpened
  | DepositMade
  | WithdrawalMade
  | AccountClosed
  | HoldPlaced
  | HoldReleased
  | SignatoryAdded
  | SignatoryRemoved
  | HolderDetailsRecorded
  | DepositReversed
  | WithdrawalReversed;

/** The version each event is written at today, and the schema of that version's payload. */
export const accountEventSchemas = {
  AccountOpened: {
    version: 2,
    schema: accountOpenedSchema,
    // Upcasters of the stream's later events read the account's currency from here (DepositMade v1/v2 → v3).
    facts: (data: Record<string, unknown>) => ({ currency: String(data.currency) }),
  },
  DepositMade: { version: 4, schema: depositMadeSchema },
  WithdrawalMade: { version: 2, schema: withdrawalMadeSchema },
  AccountClosed: { version: 1, schema: accountClosedSchema },
  HoldPlaced: { version: 1, schema: holdPlacedSchema },
  HoldReleased: { version: 1, schema: holdReleasedSchema },
  SignatoryAdded: { version: 1, schema: signatoryAddedSchema },
  SignatoryRemoved: { version: 1, schema: signatoryRemovedSchema },
  HolderDetailsRecorded: { version: 1, schema: holderDetailsRecordedSchema },
  DepositReversed: { version: 1, schema: depositReversedSchema },
  WithdrawalReversed: { version: 1, schema: withdrawalReversedSchema },
} as const satisfies Record<AccountEvent['type'], { version: number; schema: z.ZodType; facts?: (data: Record<string, unknown>) => Record<string, string> }>;
