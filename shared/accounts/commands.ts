/** Account commands as they arrive from a teller, the CLI or sync: amounts are decimal strings in major units. */

import { z } from 'zod';
import { CURRENCY_CODES } from '../money/currency.js';
import { customerIdSchema } from '../customers/events.js';
import { DEPOSIT_CHANNELS, DEPOSIT_SOURCE_TYPES, HOLDER_ID_TYPES, SIGNATORY_ROLES, WITHDRAWAL_CHANNELS } from './events.js';
import { reversalOriginalSchema } from './reversal.js';

const accountId = z.string().trim().min(1, 'Choose an account.').max(64);
const amount = z.string().max(40, 'That amount is too long.');
const reference = z.string().trim().min(1).max(140, 'A reference has at most 140 characters.').optional();
const holdId = z.string().trim().min(1, 'Name the hold.').max(128);
/** The till a cash movement went through: set by main's command path (the teller's open till), never by a caller. */
const tillId = z.string().min(1).max(200).optional();
/** Which opening of that till (its session), set with the till. */
const tillSession = z.number().int().nonnegative().optional();
const email = z.string().trim().toLowerCase().pipe(z.email('Enter an email address such as bob@example.com.').max(254));

const sourceType = z.enum(DEPOSIT_SOURCE_TYPES, `The source is one of ${DEPOSIT_SOURCE_TYPES.join(', ')}.`);

/** An account number as staff type it: letters, digits and dashes (it names the number's reservation stream too). */
export const accountNumberSchema = z
  .string()
  .trim()
  .min(1, 'Enter the account number.')
  .max(20, 'An account number has at most 20 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'An account number has letters, digits, dashes, dots, underscores and slashes only, starting with a letter or digit.');

/**
 * Opens an account for its owners (customer ids, the primary first), or for a holder named alone: that holder is
 * then a customer derived from the account (derivedCustomerIdOf), registered by their first change. With owners,
 * main sets `holder` to the primary owner's legal name.
 */
export const openAccountSchema = z.object({
  type: z.literal('OpenAccount'),
  accountId,
  number: accountNumberSchema,
  owners: z
    .array(customerIdSchema)
    .min(1, 'Name at least one owner.')
    .max(4, 'An account has at most 4 owners.')
    .refine((owners) => new Set(owners).size === owners.length, 'Name each owner once.')
    .optional(),
  holder: z.string().trim().min(1, "Enter the holder's name.").max(150, "A holder's name has at most 150 characters.").optional(),
  currency: z.enum(CURRENCY_CODES, 'Choose a supported currency (ISO 4217, such as USD).').default('USD'),
  openingDeposit: amount.default('0'),
  /** Like any deposit's sourceType, with the same default. */
  openingDepositSource: sourceType.default('cash'),
  overdraftLimit: amount.default('0'),
  tillId,
  tillSession,
});

export const makeDepositSchema = z.object({
  type: z.literal('MakeDeposit'),
  accountId,
  amount,
  /**
   * Cash unless said otherwise, whatever the door (API, CLI, sync): a teller counter is a cash desk, and a deposit
   * wrongly counted as cash over-reports a CTR, the safe side, where one wrongly left out would hide it.
   */
  sourceType: sourceType.default('cash'),
  reference,
  /** Set only by the process that makes the deposit (a transfer's credit, a PayFlow payment's); a teller's is 'counter'. */
  channel: z.enum(DEPOSIT_CHANNELS).default('counter'),
  tillId,
  tillSession,
});

export const makeWithdrawalSchema = z.object({
  type: z.literal('MakeWithdrawal'),
  accountId,
  amount,
  reference,
  /** The hold this withdrawal consumes (a transfer's): its funds are the first the withdrawal takes. */
  holdId: holdId.optional(),
  /** Set only by the process that makes the withdrawal (a transfer's debit, a PayFlow payment's); a teller's is cash. */
  channel: z.enum(WITHDRAWAL_CHANNELS).default('cash'),
  tillId,
  tillSession,
});

export const closeAccountSchema = z.object({
  type: z.literal('CloseAccount'),
  accountId,
  reason: z.string().trim().max(280).optional(),
});

/** Reserve funds for work in flight; `currency`, when given, must be the account's. */
export const placeHoldSchema = z.object({
  type: z.literal('PlaceHold'),
  accountId,
  holdId,
  amount,
  currency: z.enum(CURRENCY_CODES, 'Choose a supported currency (ISO 4217, such as USD).').optional(),
  reason: z.string().trim().min(1).max(140).optional(),
});

export const releaseHoldSchema = z.object({
  type: z.literal('ReleaseHold'),
  accountId,
  holdId,
});

export const addSignatorySchema = z.object({
  type: z.literal('AddSignatory'),
  accountId,
  name: z.string().trim().min(1, "Enter the signatory's name.").max(100, "A signatory's name has at most 100 characters."),
  email,
  role: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(SIGNATORY_ROLES, `The role is one of ${SIGNATORY_ROLES.join(', ')}.`))
    .default('OPERATOR'),
});

export const removeSignatorySchema = z.object({
  type: z.literal('RemoveSignatory'),
  accountId,
  email,
});

const detail = (max: number, message: string) => z.string().trim().min(1, message).max(max, message);

/** Address, date of birth and identification of the holder, for regulatory reports (CTR). Replaces what was recorded before. */
export const recordHolderDetailsSchema = z.object({
  type: z.literal('RecordHolderDetails'),
  accountId,
  street: detail(100, 'Enter the street address (at most 100 characters).'),
  city: detail(50, 'Enter the city (at most 50 characters).'),
  state: z.string().trim().toUpperCase().max(3, 'A state code has at most 3 characters.').optional(),
  zip: z.string().trim().regex(/^[0-9A-Za-z]{1,9}$/, 'A ZIP code has 1 to 9 letters or digits, no spaces or dashes.').optional(),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'The country is a 2-letter ISO code such as US.').default('US'),
  dateOfBirth: z.iso.date('The date of birth is YYYY-MM-DD.').optional(),
  idType: z.string().trim().toUpperCase().pipe(z.enum(HOLDER_ID_TYPES, `The identification type is one of ${HOLDER_ID_TYPES.join(', ')}.`)).optional(),
  idNumber: z.string().trim().min(1).max(25, 'An identification number has at most 25 characters.').optional(),
  idIssuer: z.string().trim().toUpperCase().max(3, 'The issuing state or country has at most 3 characters.').optional(),
});

/**
 * A supervisor reverses a posted deposit or withdrawal by naming it and saying why. `original` is never the caller's:
 * main fills it in from the account's stream (tellerCommandRequestSchema leaves it out, so a caller's is dropped).
 */
export const reverseMovementSchema = z.object({
  type: z.literal('ReverseMovement'),
  accountId,
  originalEventId: z.string().trim().min(1, 'Name the movement to reverse (its event id).').max(128, 'An event id has at most 128 characters.'),
  reason: z.string().trim().min(1, 'Give the reason for the reversal.').max(500, 'A reason has at most 500 characters.'),
  original: reversalOriginalSchema.optional(),
});

export const accountCommandSchema = z.discriminatedUnion('type', [
  openAccountSchema,
  makeDepositSchema,
  makeWithdrawalSchema,
  closeAccountSchema,
  placeHoldSchema,
  releaseHoldSchema,
  addSignatorySchema,
  removeSignatorySchema,
  recordHolderDetailsSchema,
  reverseMovementSchema,
]);

export type OpenAccount = z.infer<typeof openAccountSchema>;
export type MakeDeposit = z.infer<typeof makeDepositSchema>;
export type MakeWithdrawal = z.infer<typeof makeWithdrawalSchema>;
export type CloseAccount = z.infer<typeof closeAccountSchema>;
export type PlaceHold = z.infer<typeof placeHoldSchema>;
export type ReleaseHold = z.infer<typeof releaseHoldSchema>;
export type AddSignatory = z.infer<typeof addSignatorySchema>;
export type RemoveSignatory = z.infer<typeof removeSignatorySchema>;
export type RecordHolderDetails = z.infer<typeof recordHolderDetailsSchema>;
export type ReverseMovement = z.infer<typeof reverseMovementSchema>;
export type AccountCommand = z.infer<typeof accountCommandSchema>;
/** What a caller writes: defaults (currency, source type…) may be left out. */
export type AccountCommandInput = z.input<typeof accountCommandSchema>;
