/**
 * The tamper-evidence chain, pure: what is hashed and in which order. The SHA-256 itself comes in (shared/ runs
 * nowhere in particular); main/integrity/chainHash.ts and gateway/hashing.ts supply Node's.
 *
 * Per stream, h starts at '' before version 0; for each event h = sha256(chainInput(h, sha256(canonicalJson(
 * eventContent(event))))), canonicalJson being RFC 8785. A commit's `hash` is h after its last event. Positions (seq,
 * gpos) are not content, so every device and the gateway compute the same chain for a stream.
 */

import type { EventEnvelope } from '../events/envelope.js';
import { canonicalJson } from '../json/canonicalJson.js';
import { chainInput, eventContent } from '../sync/protocol.js';

export type Sha256Hex = (text: string) => string;

/** The hash before a stream's first event. */
export const CHAIN_START = '';

export const contentHashWith = (sha256: Sha256Hex, event: EventEnvelope): string => sha256(canonicalJson(eventContent(event)));

/** The stream's rolling hash after `events`, continuing from `previous` (the hash of the commit before them). */
export function chainEventsWith(sha256: Sha256Hex, previous: string, events: readonly EventEnvelope[]): string {
  let hash = previous;
  for (const event of events) hash = sha256(chainInput(hash, contentHashWith(sha256, event)));
  return hash;
}

/** One stream's head as the ledger head hash pins it. */
export interface ChainHead {
  readonly streamId: string;
  /** The version of the stream's last event. */
  readonly version: number;
  readonly hash: string;
}

/**
 * What the ledger head hash covers: every stream head, sorted by stream id, as canonical JSON. A set of heads rather
 * than one chain in `seq` order, because sync removes superseded provisional commits and re-inserts confirmed ones
 * with new seqs: a seq-order chain would change on every device for the same content, the set of heads does not.
 */
export function ledgerHeadInput(heads: Iterable<ChainHead>): string {
  const rows = [...heads].map((h) => [h.streamId, h.version, h.hash] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return canonicalJson(rows);
}
