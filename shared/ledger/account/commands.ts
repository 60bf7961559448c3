/** Account commands as they arrive from a teller, the CLI or sync: amounts are decimal strings in major units. */

import { z } from 'zod';
import { CURRENCY_CODES } from '../../money/currency.js';
import { DEPOSIT_SOURCE_TYPES } from './events.js';

const accountId = z.string().trim().min(1, 'Choose an account.').max(64);
const amount = z.string().max(40, 'That amount is too long.');
const reference = z.string().trim().min(1).max(140, 'A reference has at most 140 characters.').optional();

export const openAccountSchema = z.object({
  type: z.literal('OpenAccount'),
  accountId,
  number: z.string().trim().min(1, 'Enter the account number.').max(20, 'An account number has at most 20 characters.'),
  holder: z.string().trim().min(1, "Enter the holder's name.").max(100, "A holder's name has at most 100 characters."),
  currency: z.enum(CURRENCY_CODES, 'Choose a supported currency (ISO 4217, such as USD).').default('USD'),
  openingDeposit: amount.default('0'),
  overdraftLimit: amount.default('0'),
});

export const makeDepositSchema = z.object({
  type: z.literal('MakeDeposit'),
  accountId,
  amount,
  sourceType: z.enum(DEPOSIT_SOURCE_TYPES, `The source is one of ${DEPOSIT_SOURCE_TYPES.join(', ')}.`).default('manual'),
  reference,
});

export const makeWithdrawalSchema = z.object({
  type: z.literal('MakeWithdrawal'),
  accountId,
  amount,
  reference,
});

export const closeAccountSchema = z.object({
  type: z.literal('CloseAccount'),
  accountId,
  reason: z.string().trim().max(280).optional(),
});

export const accountCommandSchema = z.discriminatedUnion('type', [
  openAccountSchema,
  makeDepositSchema,
  makeWithdrawalSchema,
  closeAccountSchema,
]);

export type OpenAccount = z.infer<typeof openAccountSchema>;
export type MakeDeposit = z.infer<typeof makeDepositSchema>;
export type MakeWithdrawal = z.infer<typeof makeWithdrawalSchema>;
export type CloseAccount = z.infer<typeof closeAccountSchema>;
export type AccountCommand = z.infer<typeof accountCommandSchema>;
/** What a caller writes: defaults (currency, source type…) may be left out. */
export type AccountCommandInput = z.input<typeof accountCommandSchema>;
