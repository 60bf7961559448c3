/**
 * What a commit's signatures cover and how they are recorded: pure (the SHA-256 and Ed25519 come in from the caller).
 * Signatures travel in every event's `meta.signatures`, so they are pushed, pulled, stored and chained with the commit
 * without any change to the commit document or the wire protocol; commits from before signing simply have none.
 */

import { z } from 'zod';
import type { EventEnvelope, EventMeta } from '../events/envelope.js';
import { canonicalJson } from '../json/canonicalJson.js';

/** person: the actor's own key; approver: the second person of an approved command; device: the workstation, for a process step. */
export const SIGNATURE_KINDS = ['person', 'approver', 'device'] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];

export const commitSignatureSchema = z.object({
  kind: z.enum(SIGNATURE_KINDS),
  /** The username (person, approver) or the workstation id (device) who signed. */
  by: z.string().min(1).max(200),
  /** A device signature names its public key (raw, base64url); a person's key is read from their staff stream. */
  key: z.string().min(40).max(50).optional(),
  /** Ed25519 over the signed content hash, base64url. */
  sig: z.string().min(80).max(90),
});
export type CommitSignature = z.infer<typeof commitSignatureSchema>;
export const commitSignaturesSchema = z.array(commitSignatureSchema).min(1).max(4);

/** What the signer knows before the store places the commit: its stream, first version, events and metadata. */
export interface SignedContent {
  readonly streamId: string;
  readonly version: number;
  readonly events: readonly { readonly type: string; readonly data: Record<string, unknown>; readonly occurredAt: string }[];
  readonly meta: EventMeta;
}

export type Sha256Hex = (text: string) => string;

/** The metadata as signed: everything but the signatures themselves. */
export function unsignedMeta(meta: EventMeta): EventMeta {
  if (!Object.hasOwn(meta, 'signatures')) return meta;
  const { signatures: _signatures, ...rest } = meta;
  return rest as EventMeta;
}

/**
 * The signed content hash: SHA-256 of the canonical JSON of the stream, first version, each event's type, payload and
 * time, and the metadata (actor, device, command, approver, process). Event ids, `recordedAt` and positions are the
 * store's, given after signing; the chain hash covers them and the signatures together.
 */
export function signedContentHash(sha256: Sha256Hex, content: SignedContent): string {
  const events = content.events.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt }));
  return sha256(canonicalJson({ streamId: content.streamId, version: content.version, meta: unsignedMeta(content.meta), events }));
}

/** A stored or pushed commit's signed content (its first event's metadata, which every event of a commit shares). */
export const contentOfCommit = (streamId: string, events: readonly EventEnvelope[]): SignedContent => ({ streamId, version: events[0]!.version, events, meta: events[0]!.meta });

/** The signatures in a commit's metadata: undefined when it has none, 'malformed' when they do not parse. */
export function signaturesOf(meta: EventMeta): readonly CommitSignature[] | undefined | 'malformed' {
  if (!Object.hasOwn(meta, 'signatures')) return undefined;
  const parsed = commitSignaturesSchema.safeParse(meta['signatures']);
  return parsed.success ? parsed.data : 'malformed';
}
