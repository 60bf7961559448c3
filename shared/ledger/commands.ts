/** Every command the ledger accepts, as callers send them: an OpenAccount may leave its new id to the ledger. */

import { z } from 'zod';
import { closeAccountSchema, makeDepositSchema, makeWithdrawalSchema, openAccountSchema } from './account/commands.js';
import { addSignatorySchema, placeHoldSchema, releaseHoldSchema, removeSignatorySchema } from './account/commands.js';
import { recordHolderDetailsSchema } from './account/commands.js';
import {
  completeTransferSchema,
  failTransferSchema,
  initiateTransferSchema,
  recordTransferCreditRefusedSchema,
  recordTransferDebitSchema,
  recordTransferHoldSchema,
} from './transfer/commands.js';

const tellerCommands = [
  openAccountSchema.partial({ accountId: true }),
  makeDepositSchema,
  makeWithdrawalSchema,
  closeAccountSchema,
  placeHoldSchema,
  releaseHoldSchema,
  addSignatorySchema,
  removeSignatorySchema,
  recordHolderDetailsSchema,
  // A new transfer may leave its id to the ledger, and its currency (the source account's).
  initiateTransferSchema.partial({ transferId: true, currency: true }),
] as const;

/** The steps of a transfer: only the transfer process manager records them, or a forged CompleteTransfer could skip the deposit. */
const processSteps = [recordTransferHoldSchema, recordTransferDebitSchema, completeTransferSchema, recordTransferCreditRefusedSchema, failTransferSchema] as const;

/** What staff, the API, the CLI and sync may ask for. */
export const tellerCommandRequestSchema = z.discriminatedUnion('type', [...tellerCommands]);

/** Everything the ledger runs, including the process managers' own steps. */
export const commandRequestSchema = z.discriminatedUnion('type', [...tellerCommands, ...processSteps]);

export type CommandRequest = z.infer<typeof commandRequestSchema>;
export type CommandRequestInput = z.input<typeof commandRequestSchema>;

/** Metadata a caller may give a command; what it leaves out the ledger fills in. */
export const commandMetaSchema = z.object({
  commandId: z.string().trim().min(1).max(128).optional(),
  correlationId: z.string().trim().min(1).max(128).optional(),
  causationId: z.string().trim().min(1).max(128).optional(),
  actor: z.string().trim().min(1).max(100).optional(),
});

export type CommandMetaInput = z.infer<typeof commandMetaSchema>;
