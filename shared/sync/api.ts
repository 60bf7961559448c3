/** The sync area's API: the connection to the gateway and its configuration, a sync on demand, and the exception queue a supervisor resolves. */

import { z } from 'zod';
import { emptyInput, id, isoTime, optionalText } from '../api/fields.js';
import { command, query } from '../api/method.js';

export const syncStatusResult = z.object({
  configured: z.boolean(),
  gatewayUrl: z.string().nullable(),
  running: z.boolean(),
  online: z.boolean(),
  /** Local events the gateway has not confirmed yet. */
  pendingEvents: z.number().int(),
  lastSyncedAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  openExceptions: z.number().int(),
});
export type SyncStatusDto = z.infer<typeof syncStatusResult>;
export const syncNowResult = z.object({ pushed: z.number().int(), pulled: z.number().int(), rebased: z.number().int(), exceptions: z.number().int() });
export const syncExceptionsInput = z.object({ includeResolved: z.boolean().default(false) });
export const syncExceptionRow = z.object({
  commandId: z.string(),
  streamId: z.string(),
  commandType: z.string(),
  /** The account and amount the command named (decimal, major units), when it named them. */
  accountId: z.string().nullable(),
  /** The account's number and currency as this workstation knows them (null when it does not). */
  accountNumber: z.string().nullable(),
  currency: z.string().nullable(),
  amount: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  archivedAt: isoTime,
  status: z.enum(['open', 'resolved']),
});
export type SyncExceptionRow = z.infer<typeof syncExceptionRow>;
export const syncExceptionsResult = z.object({ items: z.array(syncExceptionRow) });
export const SYNC_RESOLUTION_CHOICES = ['retry', 'reverse', 'accept'] as const;
export const syncResolveInput = z.object({
  commandId: id,
  resolution: z.enum(SYNC_RESOLUTION_CHOICES, 'Choose retry, reverse or accept.'),
  supervisor: z.string().trim().min(1, "Enter the supervisor's name.").max(100),
  note: optionalText(280),
});
export const syncResolveResult = z.object({
  commandId: z.string(),
  resolution: z.enum(SYNC_RESOLUTION_CHOICES),
  /** Where a retried command (or an accepted one's suspense posting) landed. */
  streamId: z.string().nullable(),
  version: z.number().int().nullable(),
  suspenseAccountId: z.string().nullable(),
});

/** What `fidelis sync configure` takes; a field left out keeps its current value. Main checks them as the CLI does. */
export const syncConfigureInput = z
  .object({
    gatewayUrl: z.string().trim().max(500).optional(),
    deviceId: z.string().trim().max(200).optional(),
    secret: z.string().trim().max(500).optional(),
    standInLimit: z.string().trim().max(30).optional(),
  })
  .strict();
/** The configuration as saved, without its secret. */
export const syncConfigureResult = z.object({ gatewayUrl: z.string(), deviceId: z.string(), standInLimit: z.string() });

/** Joining a branch from the first screen of a workstation with no ledger (as `fidelis sync join`). */
export const syncJoinInput = z
  .object({
    gatewayUrl: z.string().trim().min(1, "Enter the gateway's address.").max(500),
    deviceId: z.string().trim().min(1, 'Enter the device id the gateway printed.').max(200),
    secret: z.string().trim().min(1, 'Enter the device secret the gateway printed.').max(500),
  })
  .strict();
export const syncJoinResult = z.object({
  branchId: z.string(),
  deviceId: z.string(),
  events: z.number().int(),
  streams: z.number().int(),
  staff: z.number().int(),
  exceptions: z.number().int(),
});
export type SyncJoinResult = z.infer<typeof syncJoinResult>;
/** How far a join in progress has pulled: gateway positions applied of the branch's head (both 0 when none runs). */
export const syncJoinProgressResult = z.object({ joining: z.boolean(), done: z.number().int(), total: z.number().int() });

export const syncMethods = {
  // Public: a workstation with no ledger has nobody to sign in yet; main refuses it on any other (LEDGER_NOT_EMPTY).
  'sync.join': command({ input: syncJoinInput, result: syncJoinResult, permission: 'public' }),
  'sync.joinProgress': query({ input: emptyInput, result: syncJoinProgressResult, permission: 'public' }),
  'sync.status': query({ input: emptyInput, result: syncStatusResult, permission: 'read' }),
  'sync.now': command({ input: emptyInput, result: syncNowResult, permission: 'read' }),
  'sync.exceptions': query({ input: syncExceptionsInput, result: syncExceptionsResult, permission: 'read' }),
  'sync.resolve': command({ input: syncResolveInput, result: syncResolveResult, permission: 'resolveSyncExceptions' }),
  'sync.configure': command({ input: syncConfigureInput, result: syncConfigureResult, permission: 'operations' }),
} as const;
