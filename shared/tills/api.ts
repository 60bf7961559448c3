/**
 * The tills area's API: a teller's tills on their workstation, opening and closing by count (screens add a count up
 * with shared/tills/denominations.ts), cash back to the vault; the vault (positions, cash to tills, the cash centre,
 * counts); the branch's business day and its close. Command inputs are the command schemas without what main fills
 * in; a second person's credentials travel as `approval`, as for any dual-control command.
 */

import { z } from 'zod';
import { decimal } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { commandIdField } from '../ledger/commands.js';
import { approvalSchema } from '../staff/identity.js';
import { closeBusinessDaySchema, closeTillSchema, countVaultSchema, issueCashToTillSchema, openTillSchema, receiveCashShipmentSchema, returnCashToVaultSchema, shipCashToCentreSchema } from './commands.js';

const withApproval = { ...commandIdField, approval: approvalSchema.optional() };

export const openTillInput = openTillSchema.omit({ type: true, till: true, signOffOver: true, signedOffBy: true }).extend(withApproval);
export const closeTillInput = closeTillSchema.omit({ type: true, till: true, signOffOver: true, signedOffBy: true }).extend(withApproval);
/** The vault holder confirms receiving the cash (`approval`). */
export const returnCashInput = returnCashToVaultSchema.omit({ type: true, branchId: true, till: true, receivedBy: true }).extend(withApproval);
/** The receiving teller confirms (`approval`). */
export const issueCashInput = issueCashToTillSchema.omit({ type: true, branchId: true, till: true, receivedBy: true }).extend(withApproval);
export const receiveShipmentInput = receiveCashShipmentSchema.omit({ type: true, branchId: true }).extend(commandIdField);
export const shipCashInput = shipCashToCentreSchema.omit({ type: true, branchId: true }).extend(commandIdField);
export const countVaultInput = countVaultSchema.omit({ type: true, branchId: true, businessDay: true, signOffOver: true, signedOffBy: true }).extend(withApproval);
export const closeDayInput = closeBusinessDaySchema.omit({ type: true, branch: true }).extend(commandIdField);

export const cashCommandResult = z.object({ streamId: z.string(), version: z.number().int(), duplicate: z.boolean() });

/** A till as its book holds it; amounts in its currency. */
export const tillView = z.object({
  tillId: z.string(),
  teller: z.string(),
  workstation: z.string(),
  currency: z.string(),
  status: z.enum(['OPEN', 'CLOSED']),
  businessDay: z.string(),
  position: decimal,
  opening: decimal,
  customerIn: decimal,
  customerOut: decimal,
  fromVault: decimal,
  toVault: decimal,
  movements: z.number().int(),
  /** The closing count and its difference (negative: short), once closed. */
  counted: decimal.nullable(),
  difference: decimal.nullable(),
});
export type TillViewDto = z.infer<typeof tillView>;

export const vaultView = z.object({
  vaultId: z.string(),
  currency: z.string(),
  position: decimal,
  counted: decimal,
  countedDay: z.string().nullable(),
  lastDifference: decimal.nullable(),
  movedSinceCount: z.boolean(),
});
export type VaultViewDto = z.infer<typeof vaultView>;

export const myTillsResult = z.object({
  /** The business day a posting made now belongs to. */
  businessDay: z.string(),
  workstation: z.string(),
  tills: z.array(tillView),
  /** Currencies a till can hold (with a denomination table). */
  currencies: z.array(z.string()),
  /** Over this (in each currency's major units) a counted difference needs a supervisor's sign-off. */
  signOffAmount: decimal,
});

export const branchDayResult = z.object({
  branchId: z.string(),
  businessDay: z.string(),
  lastClosed: z.string().nullable(),
  tills: z.array(tillView),
  vaults: z.array(vaultView),
  /** What keeps the current business day from closing; empty when it may close. */
  blockers: z.array(z.string()),
});
export type BranchDayDto = z.infer<typeof branchDayResult>;

export const tillsMethods = {
  'till.mine': query({ input: z.object({}).strict(), result: myTillsResult, permission: 'post' }),
  'till.open': command({ input: openTillInput, result: cashCommandResult, permission: 'post' }),
  'till.close': command({ input: closeTillInput, result: cashCommandResult, permission: 'post' }),
  'till.returnCash': command({ input: returnCashInput, result: cashCommandResult, permission: 'post' }),
  'vault.issueCash': command({ input: issueCashInput, result: cashCommandResult, permission: 'vault' }),
  'vault.receiveShipment': command({ input: receiveShipmentInput, result: cashCommandResult, permission: 'vault' }),
  'vault.shipCash': command({ input: shipCashInput, result: cashCommandResult, permission: 'vault' }),
  'vault.count': command({ input: countVaultInput, result: cashCommandResult, permission: 'vault' }),
  'branchDay.status': query({ input: z.object({}).strict(), result: branchDayResult, permission: 'read' }),
  'branchDay.close': command({ input: closeDayInput, result: cashCommandResult, permission: 'vault' }),
} as const;
