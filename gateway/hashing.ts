/** SHA-256 helpers: event content hashes (idempotency) and rolling stream hashes (verify). */

import { hash } from 'node:crypto';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { contentHashWith } from '@fidelis/shared/integrity/ledgerChain.js';
import { chainInput } from '@fidelis/shared/sync/protocol.js';

/** One-shot (crypto.hash): no Hash object per call, which for an event's short inputs cost more than the digest. */
export const sha256Hex = (data: string | Buffer): string => hash('sha256', data, 'hex');

/** The chain's definition is shared/integrity/ledgerChain.ts: main computes the same hashes for the same stream. */
export const contentHashOf = (event: EventEnvelope): string => contentHashWith(sha256Hex, event);

export const chainHash = (previousHash: string, contentHash: string): string => sha256Hex(chainInput(previousHash, contentHash));
