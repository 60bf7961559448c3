/**
 * Teller cash events: a till's opening and closing counts, the vault's movements (to and from tills, to and from the
 * cash centre) and its counts, and the close of a business day. Amounts are minor units as integer strings; a
 * difference is the count less what the books held (negative: short, positive: over).
 */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { MINOR_UNITS } from '../money/money.js';
import { denominationCountSchema } from './denominations.js';

const minor = z.string().regex(MINOR_UNITS, 'an integer amount in minor units');
const nonNegativeMinor = minor.refine((value) => !value.startsWith('-'), 'must not be negative');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const person = z.string().min(1).max(100);
const reason = z.string().min(1).max(280);

/** A counted difference: why, and (over the branch's sign-off amount) which supervisor signed it off. */
const differenceFields = {
  count: denominationCountSchema,
  counted: nonNegativeMinor,
  difference: minor,
  reason: reason.optional(),
  signedOffBy: person.optional(),
};

/** A teller opens their drawer for a business day by counting it; the count is compared with what the till's book holds (its last closing). */
export const tillOpenedSchema = z.object({
  tillId: z.string().min(1),
  teller: person,
  workstation: z.string().min(1),
  currency: z.string().length(3),
  businessDay: day,
  /** Which opening of the till this is (the event's version in the till's stream): movements name it. */
  session: z.number().int().nonnegative(),
  /** What the book held: the last closing count, moved by anything booked to the till since. */
  expected: minor,
  ...differenceFields,
});

/** A teller closes their drawer by counting it; the difference against the position is booked to cash over/short. */
export const tillClosedSchema = z.object({
  tillId: z.string().min(1),
  currency: z.string().length(3),
  /** The business day and session the till was opened for. */
  businessDay: day,
  session: z.number().int().nonnegative(),
  position: minor,
  ...differenceFields,
});

const vaultFields = { vaultId: z.string().min(1), branchId: z.string().min(1), currency: z.string().length(3), amount: nonNegativeMinor };

/** Cash between the vault and a till: the giver posted, the receiver confirmed with their password (`receivedBy`). */
const tillTransferFields = { ...vaultFields, tillId: z.string().min(1), tillSession: z.number().int().nonnegative(), teller: person, workstation: z.string().min(1), receivedBy: person };

/** A teller buys cash from the vault: the vault holder gives, the teller receives. */
export const cashIssuedToTillSchema = z.object(tillTransferFields);
/** A teller sells cash back to the vault: the teller gives, the vault holder receives. */
export const cashReturnedToVaultSchema = z.object(tillTransferFields);

/** Cash delivered by the cash centre (an external party), recorded with its shipment reference. */
export const vaultCashReceivedSchema = z.object({ ...vaultFields, reference: z.string().min(1).max(140) });
/** Cash shipped to the cash centre, recorded with its shipment reference. */
export const vaultCashShippedSchema = z.object({ ...vaultFields, reference: z.string().min(1).max(140) });

/** The vault counted by denomination; the difference against its position is booked to cash over/short. */
export const vaultCountedSchema = z.object({
  vaultId: z.string().min(1),
  branchId: z.string().min(1),
  currency: z.string().length(3),
  businessDay: day,
  position: minor,
  ...differenceFields,
});

/** The branch's business day ends: every till was closed and every vault counted. Postings after it belong to the next day. */
export const businessDayClosedSchema = z.object({
  branchId: z.string().min(1),
  businessDay: day,
  tills: z.array(z.object({ tillId: z.string().min(1), teller: person, currency: z.string().length(3), counted: nonNegativeMinor })),
  vaults: z.array(z.object({ vaultId: z.string().min(1), currency: z.string().length(3), counted: nonNegativeMinor })),
});

export type TillOpened = DomainEvent<'TillOpened', z.infer<typeof tillOpenedSchema>>;
export type TillClosed = DomainEvent<'TillClosed', z.infer<typeof tillClosedSchema>>;
export type CashIssuedToTill = DomainEvent<'CashIssuedToTill', z.infer<typeof cashIssuedToTillSchema>>;
export type CashReturnedToVault = DomainEvent<'CashReturnedToVault', z.infer<typeof cashReturnedToVaultSchema>>;
export type VaultCashReceived = DomainEvent<'VaultCashReceived', z.infer<typeof vaultCashReceivedSchema>>;
export type VaultCashShipped = DomainEvent<'VaultCashShipped', z.infer<typeof vaultCashShippedSchema>>;
export type VaultCounted = DomainEvent<'VaultCounted', z.infer<typeof vaultCountedSchema>>;
export type BusinessDayClosed = DomainEvent<'BusinessDayClosed', z.infer<typeof businessDayClosedSchema>>;

export type TillEvent = TillOpened | TillClosed;
export type VaultEvent = CashIssuedToTill | CashReturnedToVault | VaultCashReceived | VaultCashShipped | VaultCounted;
export type BranchDayEvent = BusinessDayClosed;

export const tillEventSchemas = {
  TillOpened: { version: 1, schema: tillOpenedSchema },
  TillClosed: { version: 1, schema: tillClosedSchema },
  CashIssuedToTill: { version: 1, schema: cashIssuedToTillSchema },
  CashReturnedToVault: { version: 1, schema: cashReturnedToVaultSchema },
  VaultCashReceived: { version: 1, schema: vaultCashReceivedSchema },
  VaultCashShipped: { version: 1, schema: vaultCashShippedSchema },
  VaultCounted: { version: 1, schema: vaultCountedSchema },
  BusinessDayClosed: { version: 1, schema: businessDayClosedSchema },
} as const satisfies Record<TillEvent['type'] | VaultEvent['type'] | BranchDayEvent['type'], { version: number; schema: z.ZodType }>;

/** Every event type of tills, vaults and the branch day. */
export const TILL_EVENT_TYPES = Object.keys(tillEventSchemas) as (keyof typeof tillEventSchemas)[];
