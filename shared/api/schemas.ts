/** Payload and result schemas of the API: every amount is a decimal string in the account's currency, never a number. */

import { z } from 'zod';
import { DEPOSIT_SOURCE_TYPES } from '../accounts/events.js';
import { CURRENCY_CODES } from '../money/currency.js';
import { approvalSchema } from '../staff/identity.js';

const id = z.string().trim().min(1).max(128);
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount');
const isoTime = z.iso.datetime({ offset: true });
const page = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};
/** Amount text as typed by a teller: main parses it in the account's currency and reports problems on `amount`. */
const amountText = z.string().max(40, 'That amount is too long.');
const optionalText = (max: number) => z.string().trim().max(max).optional();

export const emptyInput = z.object({}).strict();

// ---- features -------------------------------------------------------------------------------------------------

export const FEATURES = ['processing', 'alerts', 'explorer', 'tracing', 'transfers', 'temporal', 'sync', 'reports', 'payments'] as const;
export type Feature = (typeof FEATURES)[number];

export const capabilitiesResult = z.object({
  /** Which host capabilities exist in this build: a screen without its capability shows "not available yet". */
  features: z.record(z.enum(FEATURES), z.boolean()),
  deviceId: z.string(),
  branchId: z.string(),
  actor: z.string(),
});

// ---- accounts -------------------------------------------------------------------------------------------------

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
});
export type AccountViewDto = z.infer<typeof accountView>;

export const accountListInput = z.object({
  /** Matches the start of the account number or of any word of the holder's name, ignoring case. */
  search: z.string().trim().max(100).default(''),
  ...page,
});

export const accountRow = z.object({
  accountId: z.string(),
  number: z.string(),
  holder: z.string(),
  currency: z.string(),
  balance: decimal,
  status: accountStatus,
  version: z.number().int(),
});
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
  actor: z.string(),
  workstation: z.string(),
  branchId: z.string(),
  correlationId: z.string(),
});
export type TimelineRow = z.infer<typeof timelineRow>;

export const timelineResult = z.object({ total: z.number().int(), currency: z.string(), items: z.array(timelineRow) });

export const openAccountInput = z.object({
  number: z.string().trim().min(1, 'Enter the account number.').max(20, 'An account number has at most 20 characters.'),
  holder: z.string().trim().min(1, "Enter the holder's name.").max(100, "A holder's name has at most 100 characters."),
  currency: z.enum(CURRENCY_CODES, 'Choose a supported currency.'),
  openingDeposit: amountText.default('0'),
  overdraftLimit: amountText.default('0'),
  commandId: id.optional(),
});

export const depositInput = z.object({
  accountId: id,
  amount: amountText,
  sourceType: z.enum(DEPOSIT_SOURCE_TYPES).default('cash'),
  reference: optionalText(140),
  commandId: id.optional(),
});

export const withdrawInput = z.object({
  accountId: id,
  amount: amountText,
  reference: optionalText(140),
  commandId: id.optional(),
  /** A second person (holding 'approve') when the amount is over the dual-control limit. */
  approval: approvalSchema.optional(),
});

export const closeAccountInput = z.object({ accountId: id, reason: optionalText(280), commandId: id.optional() });

/** A supervisor reverses a posted deposit or withdrawal, naming it by event id and saying why (the amount is the ledger's, not the caller's). */
export const reverseMovementInput = z.object({
  accountId: id,
  eventId: id,
  reason: z.string().trim().min(1, 'Give the reason for the reversal.').max(500, 'A reason has at most 500 characters.'),
  commandId: id.optional(),
});

export const commandResult = z.object({ accountId: z.string(), version: z.number().int(), duplicate: z.boolean() });

// ---- dashboard ------------------------------------------------------------------------------------------------

/** The longest period the dashboard sums (its hourly chart shows 48 hours at most). */
export const DASHBOARD_MAX_DAYS = 31;

export const dashboardInput = z
  .object({ from: isoTime, to: isoTime })
  .refine((input) => Date.parse(input.from) < Date.parse(input.to), { message: 'The period must end after it starts.', path: ['to'] })
  // The query walks the period day by day: a period of centuries would keep main busy for hours.
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= DASHBOARD_MAX_DAYS * 86_400_000, { message: `The dashboard shows at most ${DASHBOARD_MAX_DAYS} days.`, path: ['to'] });

const movementTotal = z.object({ count: z.number().int(), total: decimal });

export const dashboardCurrency = z.object({
  currency: z.string(),
  deposits: movementTotal,
  withdrawals: movementTotal,
  bySource: z.array(movementTotal.extend({ sourceType: z.string() })),
  /** One entry per hour since `from` (24 for a day). */
  hourly: z.array(z.object({ hour: z.number().int(), deposits: decimal, withdrawals: decimal })),
  largest: z.array(
    z.object({
      eventId: z.string(),
      accountId: z.string(),
      number: z.string(),
      holder: z.string(),
      kind: z.enum(['deposit', 'withdrawal']),
      amount: decimal,
      occurredAt: isoTime,
    }),
  ),
});
export type DashboardCurrency = z.infer<typeof dashboardCurrency>;

export const dashboardResult = z.object({
  currencies: z.array(dashboardCurrency),
  /** Null while the alerts capability is not available. */
  openAlerts: z.number().int().nullable(),
  /** Null while the processing capability is not available. */
  subscriptions: z.object({ ok: z.number().int(), lagging: z.number().int(), failing: z.number().int() }).nullable(),
});
export type DashboardResult = z.infer<typeof dashboardResult>;

// ---- compliance -----------------------------------------------------------------------------------------------

export const alertListInput = z.object({ status: z.enum(['open', 'acknowledged', 'all']).default('open'), ...page });

export const alertRow = z.object({
  alertId: z.string(),
  accountId: z.string(),
  rule: z.string(),
  amount: decimal.nullable(),
  currency: z.string().nullable(),
  raisedAt: isoTime,
  status: z.enum(['open', 'acknowledged']),
  acknowledgedBy: z.string().nullable(),
});
export type AlertRow = z.infer<typeof alertRow>;

export const alertListResult = z.object({ total: z.number().int(), items: z.array(alertRow) });

export const acknowledgeAlertInput = z.object({ alertId: id, note: optionalText(280) });

// ---- operations -----------------------------------------------------------------------------------------------

export const subscriptionStatus = z.object({
  name: z.string(),
  position: z.number().int(),
  lag: z.number().int(),
  pending: z.number().int(),
  deadLetters: z.number().int(),
  status: z.enum(['ok', 'lagging', 'failing', 'stopped']),
});
export type SubscriptionStatusDto = z.infer<typeof subscriptionStatus>;

export const subscriptionListResult = z.object({ items: z.array(subscriptionStatus) });

export const deadLetterListInput = z.object({ subscription: z.string().trim().max(100).optional(), ...page });

export const deadLetterRow = z.object({
  id: z.string(),
  subscription: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  streamId: z.string(),
  reason: z.string(),
  retries: z.number().int(),
  parkedAt: isoTime,
  /** The event as stored, for inspection. */
  payload: z.unknown(),
});
export type DeadLetterRow = z.infer<typeof deadLetterRow>;

export const deadLetterListResult = z.object({ total: z.number().int(), items: z.array(deadLetterRow) });

export const replayDeadLetterInput = z.object({ id });
export const replayAllInput = z.object({ subscription: z.string().trim().min(1).max(100) });
export const purgeDeadLettersInput = z.object({
  subscription: z.string().trim().min(1).max(100),
  /** Purging loses the parked work for good: the caller must say it means it. */
  confirm: z.literal(true, 'Confirm the purge.'),
});
export const replayResult = z.object({ replayed: z.number().int(), failed: z.number().int() });
export const purgeResult = z.object({ purged: z.number().int() });

export const rebuildInput = z.object({ projection: z.string().trim().min(1).max(100) });
export const rebuildStatus = z.object({
  projection: z.string(),
  running: z.boolean(),
  processed: z.number().int(),
  total: z.number().int(),
  dispatched: z.number().int(),
  skipped: z.number().int(),
});
export type RebuildStatusDto = z.infer<typeof rebuildStatus>;
export const rebuildListResult = z.object({ items: z.array(rebuildStatus) });

// ---- event explorer -------------------------------------------------------------------------------------------

export const explorerStreamsInput = z.object({ category: z.string().trim().max(60).optional(), ...page });
export const explorerStreamsResult = z.object({
  total: z.number().int(),
  items: z.array(z.object({ streamId: z.string(), version: z.number().int(), lastEventAt: isoTime.nullable() })),
});

export const explorerTypesResult = z.object({ items: z.array(z.object({ type: z.string(), count: z.number().int() })) });

export const explorerEvent = z.object({
  eventId: z.string(),
  type: z.string(),
  streamId: z.string(),
  version: z.number().int(),
  seq: z.number().int(),
  occurredAt: isoTime,
  correlationId: z.string(),
  causationId: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type ExplorerEvent = z.infer<typeof explorerEvent>;

export const explorerSearchInput = z.object({
  /** Case-insensitive part of an event type, or a stream id. */
  text: z.string().trim().max(100).default(''),
  streamId: z.string().trim().max(200).optional(),
  ...page,
});
export const explorerSearchResult = z.object({ total: z.number().int(), items: z.array(explorerEvent) });

export const traceInput = z.object({ correlationId: id });
export const traceNode = z.object({
  id: z.string(),
  kind: z.enum(['command', 'event']),
  type: z.string(),
  streamId: z.string().nullable(),
  parentId: z.string().nullable(),
  at: isoTime.nullable(),
});
export type TraceNodeDto = z.infer<typeof traceNode>;
export const traceResult = z.object({ correlationId: z.string(), nodes: z.array(traceNode) });

// ---- transfers ------------------------------------------------------------------------------------------------

export const transferListInput = z.object({ accountId: id.optional(), ...page });
export const transferRow = z.object({
  transferId: z.string(),
  fromAccountId: z.string(),
  toAccountId: z.string(),
  amount: decimal,
  currency: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
  failureReason: z.string().nullable(),
  startedAt: isoTime,
});
export type TransferRow = z.infer<typeof transferRow>;
export const transferListResult = z.object({ total: z.number().int(), items: z.array(transferRow) });
export const startTransferInput = z.object({
  fromAccountId: id,
  toAccountId: id,
  amount: amountText,
  reference: optionalText(140),
  commandId: id.optional(),
  /** A second person (holding 'approve') when the amount is over the dual-control limit. */
  approval: approvalSchema.optional(),
});
export const startTransferResult = z.object({ transferId: z.string() });

// ---- sync -----------------------------------------------------------------------------------------------------

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
