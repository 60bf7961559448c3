/**
 * `fidelis verify`'s signature pass, beside the hash chain: each commit, in ledger order, is checked as the gateway
 * checks a push (shared/signing/commitCheck.ts) against the staff history before it. Commits from before signing
 * started (no staff key yet) are counted as unsigned by position, never as forgeries.
 */

import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { checkCommitSigning, type SigningCrypto, type SigningRefusalCode } from '@fidelis/shared/signing/commitCheck.js';
import { signaturesOf } from '@fidelis/shared/signing/commitSignatures.js';
import { createStaffHistory } from '@fidelis/shared/signing/staffHistory.js';

const publicKeys = new Map<string, KeyObject>();
function publicKey(raw: string): KeyObject {
  let key = publicKeys.get(raw);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
    if (publicKeys.size > 10_000) publicKeys.clear();
    publicKeys.set(raw, key);
  }
  return key;
}

/** Node's SHA-256 and Ed25519 under the shared check. */
export const signingCrypto: SigningCrypto = {
  sha256: (text) => createHash('sha256').update(text).digest('hex'),
  verify: (raw, message, signature) => verify(null, Buffer.from(message), publicKey(raw), Buffer.from(signature, 'base64url')),
};

export interface SignatureRefusal {
  readonly code: SigningRefusalCode;
  readonly streamId: string;
  readonly version: number;
  readonly seq: number;
  readonly message: string;
}

export interface SignatureVerification {
  /** Signed by the person who did it (and their approver). */
  readonly signedByPerson: number;
  /** Signed by a workstation for the person a process acted for, or as its own record. */
  readonly signedByDevice: number;
  /** Written before this ledger's first signing key: nothing to have signed them with. */
  readonly unsignedBeforeSigning: number;
  readonly refused: number;
  readonly firstRefusal: SignatureRefusal | null;
}

export interface SignatureAudit {
  check(commit: { readonly streamId: string; readonly events: readonly EventEnvelope[]; readonly lastSeq: number }): void;
  result(): SignatureVerification;
}

export function createSignatureAudit(crypto: SigningCrypto = signingCrypto): SignatureAudit {
  const history = createStaffHistory();
  // The key each workstation first signed with: a later commit claiming that workstation with another key is refused.
  const deviceKeys = new Map<string, string>();
  const counts = { signedByPerson: 0, signedByDevice: 0, unsignedBeforeSigning: 0, refused: 0 };
  let firstRefusal: SignatureRefusal | null = null;
  return {
    check(commit) {
      if (commit.events.length === 0) return;
      const verdict = checkCommitSigning(crypto, commit, history, (workstationId, key) => (deviceKeys.get(workstationId) ?? key) === key);
      if (!verdict.ok) {
        counts.refused++;
        firstRefusal ??= { code: verdict.code, streamId: commit.streamId, version: commit.events[0]!.version, seq: commit.lastSeq, message: verdict.message };
      } else if (verdict.signedBy === 'person') counts.signedByPerson++;
      else if (verdict.signedBy === 'device') {
        counts.signedByDevice++;
        const signatures = signaturesOf(commit.events[0]!.meta);
        const device = Array.isArray(signatures) ? signatures.find((s) => s.kind === 'device') : undefined;
        if (device?.key && !deviceKeys.has(device.by)) deviceKeys.set(device.by, device.key);
      } else counts.unsignedBeforeSigning++;
      history.apply(commit.events);
    },
    result: () => ({ ...counts, firstRefusal }),
  };
}
