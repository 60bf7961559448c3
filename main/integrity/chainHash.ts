/** Node's SHA-256 under the ledger chain (shared/integrity/ledgerChain.ts): content, chain and ledger head hashes for main. */

import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { chainEventsWith, contentHashWith, ledgerHeadInput, type ChainHead } from '@fidelis/shared/integrity/ledgerChain.js';
import { chainInput } from '@fidelis/shared/sync/protocol.js';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** SHA-256 of the event's content (no seq, no gpos): what sync compares and the chain links. */
export const contentHash = (event: EventEnvelope): string => contentHashWith(sha256Hex, event);

export const chainHash = (previous: string, content: string): string => sha256Hex(chainInput(previous, content));

/** The stream's hash after `events`, from the hash of the commit before them ('' before version 0). */
export const chainEvents = (previous: string, events: readonly EventEnvelope[]): string => chainEventsWith(sha256Hex, previous, events);

/** The digest pinning every stream head (see ledgerHeadInput for why a set of heads). */
export const ledgerHeadHash = (heads: Iterable<ChainHead>): string => sha256Hex(ledgerHeadInput(heads));
