/**
 * The accounts area's API: the account list, one account now or at a point in time, its timeline, and the teller's
 * commands. Command inputs are the command schemas themselves (without `type`, with a command id): one set of rules
 * and defaults, whichever door a command comes in by.
 */

import { z } from 'zod';
import { decimal, id, isoTime, page } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { commandIdField } from '../ledger/commands.js';
import { approvalSchema } from '../staff/identity.js';
import { closeAccountSchema, makeDepositSchema, makeWithdrawalSchema, openAccountSchema, reverseMovementSchema } from './commands.js';

export const accountStatus = z.enum(['ACTIVE', 'CLOSED']);

export const accountView = z.object({
  accountId: z.string(),
  number: z.string(),
  holder: z.string(),
  currency: z.string(),
  balance: decimal,
  availableBalance: decimal,
  overdraftLimit: decimal,
  status: accountStatus,
  version: z.number().int(),
  /** Events of the stream this release cannot read: the balance leaves them out, and commands are refused. */
  unreadable: z.object({ events: z.number().int(), types: z.array(z.string()) }).optional(),
});
export type AccountViewDto = z.infer<typeof accountView>;

export const accountListInput = z.object({
  /** Matches the start of the account number or of any word of the holder's name, ignoring case. */
  search: z.string().trim().max(100).default(''),
  ...page,
});

export const accountRow = accountView.pick({ accountId: true, number: true, holder: true, currency: true, balance: true, status: true, version: true });
export type AccountRow = z.infer<typeof accountRow>;

export const accountListResult = z.object({ total: z.number().int(), items: z.array(accountRow) });

export const accountGetInput = z
  .object({
    accountId: id,
    /** Show the account as it was after this version (read-only). */
    atVersion: z.number().int().min(0).optional(),
    /** Show the account as it was at this time (read-only). */
    asOf: isoTime.optional(),
  })
  .refine((input) => input.atVersion === undefined || input.asOf === undefined, {
    message: 'Choose a version or a time, not both.',
    path: ['asOf'],
  });

export const accountGetResult = z.object({
  account: accountView,
  /** The latest version of the stream, whatever point in time is shown. */
  headVersion: z.number().int(),
  /** Set when the account is shown as it was: the version it stops at. */
  pointInTime: z.object({ version: z.number().int(), asOf: isoTime.optional() }).nullable(),
});
export type AccountGetResult = z.infer<typeof accountGetResult>;

export const timelineInput = z.object({
  accountId: id,
  /** Rows start at the newest event (offset 0) or at `toVersion` when viewing a point in time. */
  toVersion: z.number().int().min(0).optional(),
  ...page,
});

export const timelineRow = z.object({
  eventId: z.string(),
  version: z.number().int(),
  seq: z.number().int(),
  /** The event's name without prefix and version: DepositMade. */
  type: z.string(),
  occurredAt: isoTime,
  /** Signed change to the ledger balance, or null for an event that moves no money. */
  amount: decimal.nullable(),
  runningBalance: decimal,
  detail: z.string(),
  /** The parts of the line a screen labels itself: a deposit's source, the reference typed, a reversal's reason. */
  sourceType: z.string().nullable(),
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  /** For a reversal: the version of the movement it compensates. */
  originalVersion: z.number().int().nullable(),
  actor: z.string(),
  /** The second person who approved it, over the dual-control amount. */
  approvedBy: z.string().nullable(),
  workstation: z.string(),
  branchId: z.string(),
  correlationId: z.string(),
});
export type TimelineRow = z.infer<typeof timelineRow>;

export const timelineResult = z.object({ total: z.number().int(), currency: z.string(), items: z.array(timelineRow) });

/** The ledger picks a new account's id. */
export const openAccountInput = openAccountSchema.omit({ type: true, accountId: true, tillId: true, tillSession: true }).extend(commandIdField);
/** A teller's deposit is at the counter and a teller's withdrawal is cash: the channel is never a caller's. */
export const depositInput = makeDepositSchema.omit({ type: true, channel: true, tillId: true, tillSession: true }).extend(commandIdField);
/** A teller's withdrawal never names a hold (only a transfer's own step consumes one); over the dual-control limit it carries a second person's approval. */
export const withdrawInput = makeWithdrawalSchema.omit({ type: true, holdId: true, channel: true, tillId: true, tillSession: true }).extend({ ...commandIdField, approval: approvalSchema.optional() });
export const closeAccountInput = closeAccountSchema.omit({ type: true }).extend(commandIdField);
/** A supervisor names the movement and says why; main reads the original's amount and kind from the ledger, never from the caller. */
export const reverseMovementInput = reverseMovementSchema.omit({ type: true, original: true }).extend(commandIdField);

export const commandResult = z.object({ accountId: z.string(), version: z.number().int(), duplicate: z.boolean() });

export const accountsMethods = {
  'accounts.list': query({ input: accountListInput, result: accountListResult, permission: 'read' }),
  'account.get': query({ input: accountGetInput, result: accountGetResult, permission: 'read' }),
  'account.timeline': query({ input: timelineInput, result: timelineResult, permission: 'read' }),
  'account.open': command({ input: openAccountInput, result: commandResult, permission: 'post' }),
  'account.deposit': command({ input: depositInput, result: commandResult, permission: 'post' }),
  'account.withdraw': command({ input: withdrawInput, result: commandResult, permission: 'post' }),
  'account.close': command({ input: closeAccountInput, result: commandResult, permission: 'post' }),
  'account.reverse': command({ input: reverseMovementInput, result: commandResult, permission: 'reverse' }),
} as const;
