/** Outbound payment commands: a teller sends money to another bank; the payment process manager and the PayFlow ACL record each step. */

import { z } from 'zod';
import { CURRENCY_CODES } from '../money/currency.js';

const paymentId = z.string().trim().min(1, 'Name the payment.').max(64);
const accountId = z.string().trim().min(1, 'Choose an account.').max(64);
const payflowId = z.string().trim().min(1).max(128);
/** Why a step failed, in words a teller can act on. */
const reason = z.string().trim().min(1).max(500);

export const beneficiaryCommandSchema = z.object({
  name: z.string().trim().min(1, "Enter the beneficiary's name.").max(140, "A beneficiary's name has at most 140 characters."),
  accountNumber: z.string().trim().min(1, "Enter the beneficiary's account number.").max(34, 'An account number has at most 34 characters.'),
  bankCode: z.string().trim().min(1, "Enter the beneficiary's bank code.").max(20, 'A bank code has at most 20 characters.'),
});

/** Our account as PayFlow must name it (number and holder): main fills it in from the account, never the caller. */
export const paymentDebtorSchema = z.object({ accountNumber: z.string().min(1).max(64), name: z.string().min(1).max(200) });

export const sendExternalPaymentSchema = z.object({
  type: z.literal('SendExternalPayment'),
  paymentId,
  accountId,
  /** Decimal string in major units of the account's currency. */
  amount: z.string().max(40, 'That amount is too long.'),
  /** The account's currency; the host fills it in when the caller leaves it out. */
  currency: z.enum(CURRENCY_CODES, 'Choose a supported currency (ISO 4217, such as USD).'),
  beneficiary: beneficiaryCommandSchema,
  memo: z.string().trim().min(1).max(140, 'A memo has at most 140 characters.').optional(),
  debtor: paymentDebtorSchema.optional(),
});

/** The account has put the amount on hold for this payment. */
export const recordPaymentHoldSchema = z.object({ type: z.literal('RecordPaymentHold'), paymentId });

/** PayFlow could not be asked yet (not configured, down, breaker open): the payment waits, held. */
export const recordPaymentQueuedSchema = z.object({ type: z.literal('RecordPaymentQueued'), paymentId, reason });

/** PayFlow accepted the payment under its own id. */
export const recordPaymentSubmissionSchema = z.object({
  type: z.literal('RecordPaymentSubmission'),
  paymentId,
  payflowId,
  attempt: z.number().int().min(1).max(1_000_000),
});

/** PayFlow reported the payment completed; the withdrawal consuming the hold is recorded before this. */
export const completeExternalPaymentSchema = z.object({ type: z.literal('CompleteExternalPayment'), paymentId, payflowId });

/** The payment ends without moving money: the hold (if any) is released before this. */
export const failExternalPaymentSchema = z.object({
  type: z.literal('FailExternalPayment'),
  paymentId,
  reason,
  code: z.string().max(64),
  payflowId: payflowId.optional(),
});

export const paymentCommandSchema = z.discriminatedUnion('type', [
  sendExternalPaymentSchema,
  recordPaymentHoldSchema,
  recordPaymentQueuedSchema,
  recordPaymentSubmissionSchema,
  completeExternalPaymentSchema,
  failExternalPaymentSchema,
]);

export type SendExternalPayment = z.infer<typeof sendExternalPaymentSchema>;
export type PaymentCommand = z.infer<typeof paymentCommandSchema>;
