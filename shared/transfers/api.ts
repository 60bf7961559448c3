/** The transfers area's API: start a transfer between two accounts, list transfers with their live status. */

import { z } from 'zod';
import { decimal, id, isoTime, page } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { commandIdField } from '../ledger/commands.js';
import { approvalSchema } from '../staff/identity.js';
import { initiateTransferSchema } from './commands.js';

export const transferListInput = z.object({ accountId: id.optional(), ...page });
export const transferRow = z.object({
  transferId: z.string(),
  fromAccountId: z.string(),
  toAccountId: z.string(),
  /** The accounts' numbers, as staff name them (null for an account this workstation does not know yet). */
  fromNumber: z.string().nullable(),
  toNumber: z.string().nullable(),
  amount: decimal,
  currency: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
  failureReason: z.string().nullable(),
  startedAt: isoTime,
});
export type TransferRow = z.infer<typeof transferRow>;
export const transferListResult = z.object({ total: z.number().int(), items: z.array(transferRow) });

/** The ledger picks the id and takes the source account's currency; over the dual-control limit a second person approves. */
export const startTransferInput = initiateTransferSchema
  .omit({ type: true, transferId: true, currency: true })
  .extend({ ...commandIdField, approval: approvalSchema.optional() });
export const startTransferResult = z.object({ transferId: z.string() });

export const transfersMethods = {
  'transfers.list': query({ input: transferListInput, result: transferListResult, permission: 'read' }),
  'transfers.start': command({ input: startTransferInput, result: startTransferResult, permission: 'post' }),
} as const;
