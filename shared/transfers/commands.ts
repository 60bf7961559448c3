/** Transfer commands: a teller initiates one; the transfer process manager records each step it has driven. */

import { z } from 'zod';
import { CURRENCY_CODES } from '../money/currency.js';

const transferId = z.string().trim().min(1, 'Name the transfer.').max(64);
const accountId = z.string().trim().min(1, 'Choose an account.').max(64);
/** Why a step was refused, in the words of the account that refused it. */
const reason = z.string().trim().min(1).max(500);

export const initiateTransferSchema = z.object({
  type: z.literal('InitiateTransfer'),
  transferId,
  fromAccountId: accountId,
  toAccountId: accountId,
  /** Decimal string in major units of the transfer's currency. */
  amount: z.string().max(40, 'That amount is too long.'),
  /** The source account's currency; the host fills it in when the caller leaves it out. */
  currency: z.enum(CURRENCY_CODES, 'Choose a supported currency (ISO 4217, such as USD).'),
  reference: z.string().trim().min(1).max(140, 'A reference has at most 140 characters.').optional(),
});

/** The source has put the amount on hold for this transfer. */
export const recordTransferHoldSchema = z.object({ type: z.literal('RecordTransferHold'), transferId });

/** The source has been debited (the hold consumed). */
export const recordTransferDebitSchema = z.object({ type: z.literal('RecordTransferDebit'), transferId });

/** The destination has been credited: the transfer is done. */
export const completeTransferSchema = z.object({ type: z.literal('CompleteTransfer'), transferId });

/** The destination refused the credit after the source was debited: the debit must be reversed. */
export const recordTransferCreditRefusedSchema = z.object({
  type: z.literal('RecordTransferCreditRefused'),
  transferId,
  reason,
  code: z.string().max(64),
});

/** The transfer ends without moving money (nothing was debited, or the debit was reversed). */
export const failTransferSchema = z.object({
  type: z.literal('FailTransfer'),
  transferId,
  reason,
  code: z.string().max(64),
});

export const transferCommandSchema = z.discriminatedUnion('type', [
  initiateTransferSchema,
  recordTransferHoldSchema,
  recordTransferDebitSchema,
  completeTransferSchema,
  recordTransferCreditRefusedSchema,
  failTransferSchema,
]);

export type InitiateTransfer = z.infer<typeof initiateTransferSchema>;
export type TransferCommand = z.infer<typeof transferCommandSchema>;
export type TransferCommandInput = z.input<typeof transferCommandSchema>;
