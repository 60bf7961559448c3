/** Events the sync module records: a command that no longer holds after a rebase, its resolution, and stand-in limit overrides. */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';

export const SYNC_EXCEPTION_CATEGORY = 'syncexception';
export const STAND_IN_CATEGORY = 'standin';

export const syncExceptionRaisedSchema = z.object({
  commandId: z.string().min(1),
  /** The stream the command was for. */
  streamId: z.string().min(1),
  commandType: z.string().min(1),
  /** The command as the teller gave it, so a supervisor can retry it; absent when it was not recorded. */
  command: z.record(z.string(), z.unknown()).optional(),
  code: z.string().min(1),
  message: z.string(),
  /** The provisional events the gateway never accepted (kept in the sync archive). */
  supersededEventIds: z.array(z.string()),
});

/** accepted: the supervisor accepted the loss (or the gain) into a suspense account, as a balanced, visible entry. */
export const SYNC_RESOLUTIONS = ['retried', 'reversed', 'accepted'] as const;

export const syncExceptionResolvedSchema = z.object({
  commandId: z.string().min(1),
  resolution: z.enum(SYNC_RESOLUTIONS),
  supervisor: z.string().min(1),
  note: z.string().max(280).optional(),
  /** Where a retried command landed (or, accepted, the suspense posting). */
  streamId: z.string().optional(),
  version: z.number().int().optional(),
  /** Accepted: the suspense account that carries the amount, and the amount in its minor units. */
  suspenseAccountId: z.string().optional(),
  amount: z.string().regex(/^\d+$/).optional(),
});

export const standInLimitOverriddenSchema = z.object({
  accountId: z.string().min(1),
  /** The UTC day the override applies to (YYYY-MM-DD). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Extra offline withdrawals allowed that day, in the account's minor units. */
  amount: z.string().regex(/^\d+$/),
  supervisor: z.string().min(1),
  reason: z.string().max(280).optional(),
});

export type SyncExceptionRaised = DomainEvent<'SyncExceptionRaised', z.infer<typeof syncExceptionRaisedSchema>>;
export type SyncExceptionResolved = DomainEvent<'SyncExceptionResolved', z.infer<typeof syncExceptionResolvedSchema>>;
export type StandInLimitOverridden = DomainEvent<'StandInLimitOverridden', z.infer<typeof standInLimitOverriddenSchema>>;
export type SyncEvent = SyncExceptionRaised | SyncExceptionResolved | StandInLimitOverridden;

export const syncEventSchemas = {
  SyncExceptionRaised: { version: 1, schema: syncExceptionRaisedSchema },
  SyncExceptionResolved: { version: 1, schema: syncExceptionResolvedSchema },
  StandInLimitOverridden: { version: 1, schema: standInLimitOverriddenSchema },
} as const;
