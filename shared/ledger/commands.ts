/** Every command the ledger accepts, as callers send them: an OpenAccount may leave its new id to the ledger. */

import { z } from 'zod';
import { closeAccountSchema, makeDepositSchema, makeWithdrawalSchema, openAccountSchema } from './account/commands.js';

export const commandRequestSchema = z.discriminatedUnion('type', [
  openAccountSchema.partial({ accountId: true }),
  makeDepositSchema,
  makeWithdrawalSchema,
  closeAccountSchema,
]);

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
