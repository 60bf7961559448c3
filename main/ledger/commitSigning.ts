/**
 * Every commit this workstation writes is signed before the store places it: a person's command by their key when it
 * is open here (an unlocked session), with the approver's beside it for an approved command; a step a process runs
 * for someone (transfer steps, rebases, PayFlow postings), the workstation's own records and anything without an open
 * key by the workstation's device key, which receivers accept only for process steps and the workstation's own
 * records (meta.actor still names the person). The signatures go into the commit's meta.
 */

import { createHash, type KeyObject } from 'node:crypto';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { signedContentHash, unsignedMeta, type CommitSignature } from '@fidelis/shared/signing/commitSignatures.js';
import type { AppendRequest, EventStore } from '../store/eventStore.js';
import { signWith, type SigningKeyPair } from '../staff/signingKeys.js';

export interface CommitSigningKeys {
  /** The person's key if it is open on this workstation now. */
  personKey(username: string): KeyObject | undefined;
  /** The key an approver lent by typing their password for this command (taken once). */
  approverKey(username: string): KeyObject | undefined;
  readonly device: SigningKeyPair;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The version the commit will start at: the store refuses it anywhere else, except for appends at any version. */
async function firstVersion(store: Pick<EventStore, 'streamVersion'>, request: AppendRequest): Promise<number> {
  if (typeof request.expected === 'number') return request.expected + 1;
  if (request.expected === 'no-stream') return 0;
  return (await store.streamVersion(request.streamId)) + 1;
}

/** The meta with the commit's signatures. */
export async function signedMeta(store: Pick<EventStore, 'streamVersion'>, keys: CommitSigningKeys, request: AppendRequest): Promise<EventMeta> {
  const meta = unsignedMeta(request.meta);
  const hash = signedContentHash(sha256Hex, { streamId: request.streamId, version: await firstVersion(store, request), events: request.events, meta });
  const signatures: CommitSignature[] = [];
  // A step a process ran for someone is the workstation's to vouch for, typed as such: the person signs only what they did.
  const own = typeof meta['process'] === 'string' ? undefined : keys.personKey(meta.actor);
  if (own) {
    signatures.push({ kind: 'person', by: meta.actor, sig: signWith(own, hash) });
    const approver = typeof meta['approvedBy'] === 'string' ? meta['approvedBy'] : undefined;
    const theirs = approver === undefined ? undefined : keys.approverKey(approver);
    if (approver !== undefined && theirs) signatures.push({ kind: 'approver', by: approver, sig: signWith(theirs, hash) });
  } else {
    signatures.push({ kind: 'device', by: meta.deviceId, key: keys.device.publicKey, sig: signWith(keys.device.privateKey, hash) });
  }
  return { ...meta, signatures };
}

/** The store with every append signed (reads, sync's remote writes and the rest pass through). */
export function withCommitSigning(store: EventStore, keys: () => CommitSigningKeys): EventStore {
  return {
    ...store,
    async append(request) {
      if (request.events.length === 0) return store.append(request);
      return store.append({ ...request, meta: await signedMeta(store, keys(), request) });
    },
  };
}
