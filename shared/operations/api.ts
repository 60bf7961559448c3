/**
 * The operations area's API: subscriptions, dead-letter queues and projection rebuilds; the ledger's hash chain
 * verified (tamper evidence); and the event explorer with its causation traces.
 */

import { z } from 'zod';
import { emptyInput, id, isoTime, page } from '../api/fields.js';
import { command, query } from '../api/method.js';

// ---- processing -----------------------------------------------------------------------------------------------

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

// ---- tamper evidence ------------------------------------------------------------------------------------------

export const brokenLinkSchema = z.object({
  kind: z.enum(['content-changed', 'hash-missing', 'commit-removed', 'version-gap']),
  streamId: z.string(),
  version: z.number().int(),
  commitId: z.string(),
  seq: z.number().int(),
  expected: z.string(),
  found: z.string(),
  message: z.string(),
});

export const ledgerVerificationResult = z.object({
  ok: z.boolean(),
  commits: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  streams: z.number().int().nonnegative(),
  headSeq: z.number().int().nonnegative(),
  ledgerHeadHash: z.string(),
  firstBreak: brokenLinkSchema.nullable(),
  breaks: z.number().int().nonnegative(),
});
export type LedgerVerificationResult = z.infer<typeof ledgerVerificationResult>;

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
/** One stored event, by its place in its stream (as the search lists it). */
export const explorerEventInput = z.object({ streamId: z.string().trim().min(1).max(200), version: z.number().int().min(0) });
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
/** An event opened: its data (secrets redacted), its whole meta (who, where, which command, approver), and its trace. */
export const explorerEventResult = z.object({
  event: explorerEvent.extend({ recordedAt: isoTime, meta: z.record(z.string(), z.unknown()) }),
  trace: traceResult,
});
export type ExplorerEventDetail = z.infer<typeof explorerEventResult>;

// ---- methods --------------------------------------------------------------------------------------------------

/** Queues, rebuilds and verification: an administrator's work. */
export const operationsMethods = {
  'ops.subscriptions': query({ input: emptyInput, result: subscriptionListResult, permission: 'operations' }),
  'ops.deadLetters': query({ input: deadLetterListInput, result: deadLetterListResult, permission: 'operations' }),
  'ops.replayDeadLetter': command({ input: replayDeadLetterInput, result: replayResult, permission: 'operations' }),
  'ops.replayAllDeadLetters': command({ input: replayAllInput, result: replayResult, permission: 'operations' }),
  'ops.purgeDeadLetters': command({ input: purgeDeadLettersInput, result: purgeResult, permission: 'operations' }),
  'ops.rebuilds': query({ input: emptyInput, result: rebuildListResult, permission: 'operations' }),
  'ops.startRebuild': command({ input: rebuildInput, result: rebuildStatus, permission: 'operations' }),
  'ops.verify': query({ input: emptyInput, result: ledgerVerificationResult, permission: 'operations' }),
} as const;

/** The event explorer reads what the ledger holds (secrets redacted): anyone who may read. */
export const explorerMethods = {
  'explorer.streams': query({ input: explorerStreamsInput, result: explorerStreamsResult, permission: 'read' }),
  'explorer.types': query({ input: emptyInput, result: explorerTypesResult, permission: 'read' }),
  'explorer.search': query({ input: explorerSearchInput, result: explorerSearchResult, permission: 'read' }),
  'explorer.trace': query({ input: traceInput, result: traceResult, permission: 'read' }),
  'explorer.event': query({ input: explorerEventInput, result: explorerEventResult, permission: 'read' }),
} as const;
