/** The wire contract between a workstation's sync module and the gateway: payload schemas, hashing inputs and the request signature. */

import { z } from 'zod';
import { eventEnvelopeSchema, type EventEnvelope } from '../events/envelope.js';

/** Headers of a signed request. */
export const SYNC_HEADERS = {
  device: 'x-fidelis-device',
  timestamp: 'x-fidelis-timestamp',
  signature: 'x-fidelis-signature',
  /** A random value per request: the gateway refuses one it has seen inside the signature window (a replay). */
  nonce: 'x-fidelis-nonce',
} as const;

/** A request signed longer ago (or further ahead) than this is refused: bounds replay of a captured request. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** A nonce: 16 to 64 URL-safe characters (a workstation sends 16 random bytes in base64url). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** What the HMAC covers: the method, the path with its query, the timestamp, the nonce and the SHA-256 of the body (hex). */
export const signingString = (method: string, pathWithQuery: string, timestamp: string, nonce: string, bodySha256: string): string =>
  [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodySha256].join('\n');

/** Most commits one push may carry; a workstation with more sends several pushes. */
export const MAX_PUSH_COMMITS = 1000;
export const MAX_COMMIT_EVENTS = 1000;
export const MAX_PULL_LIMIT = 5000;

export const pushCommitSchema = z.object({
  streamId: z.string().min(1).max(200),
  version: z.number().int().nonnegative(),
  commandId: z.string().min(1).max(128),
  commandHash: z.string().max(64),
  events: z.array(eventEnvelopeSchema).min(1).max(MAX_COMMIT_EVENTS),
  /**
   * The stream's rolling hash after the commit's last event, as the device chained it (shared/integrity/ledgerChain.ts).
   * Optional for devices from before the hash chain; when given, the gateway refuses a commit whose chain differs
   * from its own with CHAIN_BROKEN.
   */
  hash: z.string().max(64).optional(),
});

export type PushCommit = z.infer<typeof pushCommitSchema>;

export const pushRequestSchema = z.object({ commits: z.array(pushCommitSchema).min(1).max(MAX_PUSH_COMMITS) });
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const syncReasonSchema = z.object({ code: z.string(), message: z.string() });
export type SyncReason = z.infer<typeof syncReasonSchema>;

/** The gateway's answer for one commit: stored now, stored before (same content), the stream moved, or refused by the rules. */
export const commitResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('accepted'), firstEventId: z.string(), gpos: z.array(z.number().int().positive()) }),
  z.object({ status: z.literal('duplicate'), firstEventId: z.string(), gpos: z.array(z.number().int().positive()) }),
  z.object({ status: z.literal('conflict'), firstEventId: z.string(), head: z.number().int(), reason: syncReasonSchema }),
  z.object({ status: z.literal('rejected'), firstEventId: z.string(), reason: syncReasonSchema }),
]);
export type CommitResult = z.infer<typeof commitResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(commitResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** One pulled event: its gateway position, the hash of the command that made it, and the envelope as pushed. */
export const pulledEventSchema = z.object({
  gpos: z.number().int().positive(),
  commandHash: z.string(),
  event: eventEnvelopeSchema,
  /** The stream's rolling hash after this event (absent for events stored before the gateway kept it). */
  hash: z.string().optional(),
});
export type PulledEvent = z.infer<typeof pulledEventSchema>;

export const pullResponseSchema = z.object({
  events: z.array(pulledEventSchema),
  /** The position to pull after next time. */
  checkpoint: z.number().int().nonnegative(),
  /** The branch's newest position now: more to pull while checkpoint < head. */
  head: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A stream as the gateway holds it: its last version and the rolling hash of its events' contents. */
export const streamHeadSchema = z.object({ streamId: z.string(), version: z.number().int(), hash: z.string() });
export type StreamHead = z.infer<typeof streamHeadSchema>;
export const streamHeadsResponseSchema = z.object({ streams: z.array(streamHeadSchema) });

/** What identifies an event's content: everything but the positions, which each side assigns itself. */
export function eventContent(event: EventEnvelope): Omit<EventEnvelope, 'seq' | 'gpos'> {
  const { seq: _seq, gpos: _gpos, ...content } = event;
  return content;
}

/** The rolling stream hash: each event's content hash chained onto the previous head hash (the empty string before the first). */
export const chainInput = (previousHash: string, contentHash: string): string => `${previousHash}:${contentHash}`;
