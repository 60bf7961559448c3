/** Every command the ledger accepts, as callers send them: an OpenAccount may leave its new id to the ledger. */

import { z } from 'zod';
import { closeAccountSchema, makeDepositSchema, makeWithdrawalSchema, openAccountSchema } from '../accounts/commands.js';
import { addSignatorySchema, placeHoldSchema, releaseHoldSchema, removeSignatorySchema } from '../accounts/commands.js';
import { recordHolderDetailsSchema, reverseMovementSchema } from '../accounts/commands.js';
import { reserveAccountNumberSchema } from '../accounts/accountNumber.js';
import { changeCustomerDetailsSchema, registerCustomerSchema } from '../customers/commands.js';
import { acknowledgeAlertSchema } from '../compliance/acknowledgement.js';
import { recordExchangeRateSchema } from '../rates/commands.js';
import { recordInstitutionSchema } from '../reports/institution.js';
import { cashCommandSchemas, cashRequestSchemas } from '../tills/commands.js';
import {
  completeTransferSchema,
  failTransferSchema,
  initiateTransferSchema,
  recordTransferCreditRefusedSchema,
  recordTransferDebitSchema,
  recordTransferHoldSchema,
} from '../transfers/commands.js';
import {
  completeExternalPaymentSchema,
  failExternalPaymentSchema,
  payflowMessageCommandSchema,
  reconciliationCommandSchema,
  recordPaymentHoldSchema,
  recordPaymentQueuedSchema,
  recordPaymentSubmissionSchema,
  sendExternalPaymentSchema,
} from '../payments/index.js';

/** A new account may leave its id to the ledger. */
const openAccountRequest = openAccountSchema.partial({ accountId: true });

/** Staff's commands besides deposits and withdrawals. */
const otherTellerCommands = [
  closeAccountSchema,
  placeHoldSchema,
  releaseHoldSchema,
  addSignatorySchema,
  removeSignatorySchema,
  recordHolderDetailsSchema,
  // A reversal names the original; main reads the original itself (main/ledger/commandRouter.ts), never the caller's copy.
  reverseMovementSchema.omit({ original: true }),
  // A new transfer may leave its id to the ledger, and its currency (the source account's).
  initiateTransferSchema.partial({ transferId: true, currency: true }),
  // An external payment may leave its id and currency to the ledger; main looks up the paying account itself (debtor).
  sendExternalPaymentSchema.partial({ paymentId: true, currency: true }).omit({ debtor: true }),
  // A new customer may leave its id to the ledger; what a derived customer was known as is main's to fill in.
  registerCustomerSchema.partial({ customerId: true }),
  changeCustomerDetailsSchema.omit({ derivedFrom: true }),
  // Reference data reports convert and file with: a day's exchange rate, the institution's filing details.
  recordExchangeRateSchema,
  recordInstitutionSchema,
] as const;

/**
 * What staff may ask for. A movement's channel is not theirs to say: a teller's deposit is at the counter and a
 * teller's withdrawal is cash, whatever its reference; only the processes that move money otherwise set it. Nor is
 * the till cash goes through: main books it to the teller's open till (main/tills).
 */
const tellerCommands = [
  makeDepositSchema.omit({ tillId: true, tillSession: true }).extend({ channel: z.literal('counter', "A teller's deposit is made at the counter.").default('counter') }),
  makeWithdrawalSchema.omit({ tillId: true, tillSession: true }).extend({ channel: z.literal('cash', "A teller's withdrawal is paid out in cash.").default('cash') }),
  openAccountRequest.omit({ tillId: true, tillSession: true }),
  ...otherTellerCommands,
  // Tills, the vault and the day's close, without the facts main fills in (whose till, the book's position, who confirmed).
  ...cashRequestSchemas,
] as const;

/** The steps of a transfer: only the transfer process manager records them, or a forged CompleteTransfer could skip the deposit. */
const processSteps = [
  // An opening reserves its number (main/accounts/openAccount.ts); sync decides a reservation again on its own.
  reserveAccountNumberSchema,
  recordTransferHoldSchema,
  recordTransferDebitSchema,
  completeTransferSchema,
  recordTransferCreditRefusedSchema,
  failTransferSchema,
  // A payment's steps: only its process manager and the PayFlow anti-corruption layer record them (main/payments/).
  recordPaymentHoldSchema,
  recordPaymentQueuedSchema,
  recordPaymentSubmissionSchema,
  completeExternalPaymentSchema,
  failExternalPaymentSchema,
  ...payflowMessageCommandSchema.options,
  ...reconciliationCommandSchema.options,
  // An alert's acknowledgement names the alert as main found it (main/compliance/alerts.ts): a caller only says which alert.
  acknowledgeAlertSchema,
] as const;

/** What staff, the API, the CLI and sync may ask for. */
export const tellerCommandRequestSchema = z.discriminatedUnion('type', [...tellerCommands]);

/** Everything the ledger runs, including the process managers' own steps (movements with their channel). */
export const commandRequestSchema = z.discriminatedUnion('type', [makeDepositSchema, makeWithdrawalSchema, openAccountRequest, ...otherTellerCommands, ...cashCommandSchemas, ...processSteps]);

export type CommandRequest = z.infer<typeof commandRequestSchema>;
export type CommandRequestInput = z.input<typeof commandRequestSchema>;

/** Metadata a caller may give a command; what it leaves out the ledger fills in. */
export const commandMetaSchema = z.object({
  commandId: z.string().trim().min(1).max(128).optional(),
  correlationId: z.string().trim().min(1).max(128).optional(),
  causationId: z.string().trim().min(1).max(128).optional(),
  actor: z.string().trim().min(1).max(100).optional(),
  /** The process that ran this step for `actor` (a process manager, a sync rebase, the PayFlow queue): the person stays the actor. */
  process: z.string().trim().min(1).max(100).optional(),
});

export type CommandMetaInput = z.infer<typeof commandMetaSchema>;

/** The client-made command id an API input carries beside a command's own fields: a retry with it gets the first answer. */
export const commandIdField = { commandId: commandMetaSchema.shape.commandId };
