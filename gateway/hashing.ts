/** SHA-256 helpers: event content hashes (idempotency), rolling stream hashes (verify) and the bigint-safe state codec. */

import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { contentHashWith } from '@fidelis/shared/integrity/ledgerChain.js';
import { chainInput } from '@fidelis/shared/sync/protocol.js';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The chain's definition is shared/integrity/ledgerChain.ts: main computes the same hashes for the same stream. */
export const contentHashOf = (event: EventEnvelope): string => contentHashWith(sha256Hex, event);

export const chainHash = (previousHash: string, contentHash: string): string => sha256Hex(chainInput(previousHash, contentHash));

/** Aggregate states hold bigints (money); JSON cannot, so they travel as tagged strings. */
export const encodeState = (state: unknown): string =>
  JSON.stringify(state, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value));

export const decodeState = (text: string): unknown =>
  JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === 'object' && typeof (value as { $bigint?: unknown }).$bigint === 'string' ? BigInt((value as { $bigint: string }).$bigint) : value,
  );
