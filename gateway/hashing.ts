/** SHA-256 helpers: event content hashes (idempotency) and rolling stream hashes (verify). */

import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { contentHashWith } from '@fidelis/shared/integrity/ledgerChain.js';
import { chainInput } from '@fidelis/shared/sync/protocol.js';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The chain's definition is shared/integrity/ledgerChain.ts: main computes the same hashes for the same stream. */
export const contentHashOf = (event: EventEnvelope): string => contentHashWith(sha256Hex, event);

export const chainHash = (previousHash: string, contentHash: string): string => sha256Hex(chainInput(previousHash, contentHash));
