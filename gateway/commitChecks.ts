/**
 * Who may have written a pushed commit, checked before it is stored: its `meta.deviceId` is the workstation of the
 * device that signed the request (FORGED_DEVICE), and the shared signing check (shared/signing/commitCheck.ts)
 * against the branch's staff history up to it — signature, permission, approval. A refusal is per commit.
 */

import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { checkCommitSigning, type SigningCrypto } from '@fidelis/shared/signing/commitCheck.js';
import { signaturesOf } from '@fidelis/shared/signing/commitSignatures.js';
import { createStaffHistory, type StaffHistory } from '@fidelis/shared/signing/staffHistory.js';
import { STAFF_CATEGORY } from '@fidelis/shared/staff/events.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { PushCommit, SyncReason } from '@fidelis/shared/sync/protocol.js';
import type { Queryable } from './database.js';
import type { Tables } from './migrations.js';

export interface PushingDevice {
  readonly deviceId: string;
  readonly branchId: string;
}

/** One push's checks: commits are judged in order, each against the history the earlier ones left. */
export interface PushChecks {
  /** Undefined when the commit may be stored; else why not. */
  check(commit: PushCommit): SyncReason | undefined;
  /** The commit was stored: later commits of the push see it (a new person's key, a role changed). */
  stored(commit: PushCommit): void;
  /** Whether the push binds the device to a workstation or key: another device may be claiming them at once. */
  binds(): boolean;
  /** Records the device's binding (its workstation and key) made by this push, inside the push's transaction. */
  finish(tx: Queryable): Promise<void>;
}

export interface CommitChecks {
  /**
   * What a push's checks read, as columns for the plan's one statement (parameters numbered from `first`, their
   * values in `params`): the branch's staff events the cache lacks, up to the positions counter the statement reads,
   * and the devices rows that bind.
   */
  reads(device: PushingDevice, commits: readonly PushCommit[], first: number): { readonly columns: string; readonly params: readonly unknown[] };
  /** `seen`: every position up to it has committed, and `row` holds the reads' columns as of it. */
  begin(device: PushingDevice, commits: readonly PushCommit[], seen: number, row: { readonly staff: string; readonly devices: string }): PushChecks;
}

const publicKeys = new Map<string, KeyObject>();
/** Ed25519 keys as raw base64url, parsed once each. */
function publicKey(raw: string): KeyObject {
  let key = publicKeys.get(raw);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
    if (publicKeys.size > 10_000) publicKeys.clear();
    publicKeys.set(raw, key);
  }
  return key;
}

export const nodeSigningCrypto: SigningCrypto = {
  sha256: (text) => createHash('sha256').update(text).digest('hex'),
  verify: (raw, message, signature) => verify(null, Buffer.from(message), publicKey(raw), Buffer.from(signature, 'base64url')),
};

const forged = (message: string): SyncReason => ({ code: 'FORGED_DEVICE', message });

/**
 * Each branch's staff history as stored, kept between pushes: a push reads only the staff events stored since the
 * position the cache covers, and moves it to the position the push saw (every position up to it had committed).
 */
export function createCommitChecks(t: Tables): CommitChecks {
  const histories = new Map<string, { history: StaffHistory; gpos: number }>();

  /** Applies the staff events read (gpos, envelope) after the cache's position and up to `seen`; a copy for this push. */
  function branchHistory(branchId: string, seen: number, rows: readonly [number, EventEnvelope][]): StaffHistory {
    // Concurrent pushes read overlapping ranges: each applies only what the cache does not hold yet, in order.
    const known = histories.get(branchId) ?? { history: createStaffHistory(), gpos: 0 };
    const fresh = rows.filter(([gpos]) => gpos > known.gpos);
    if (fresh.length > 0) known.history.apply(fresh.map(([, envelope]) => envelope));
    known.gpos = Math.max(known.gpos, seen);
    histories.set(branchId, known);
    return known.history.copy();
  }

  return {
    reads(device, commits, first) {
      const p = (i: number) => `$${first + i}`;
      // Workstations this push names that another active device writes as: a fresh device cannot take them over.
      const claimedIds = [...new Set(commits.flatMap((c) => c.events.map((e) => e.meta.deviceId)))];
      return {
        columns: `(SELECT coalesce(json_agg(json_build_array(gpos, envelope::json) ORDER BY gpos), '[]')::text FROM ${t.events}
             WHERE branch_id = ${p(0)} AND gpos > ${p(1)} AND gpos <= (SELECT last FROM ${t.positions} WHERE id = 1) AND stream_id LIKE ${p(2)}) AS staff,
           (SELECT coalesce(json_agg(json_build_array(device_id, workstation_id, signing_key)), '[]')::text FROM ${t.devices}
             WHERE device_id = ${p(3)} OR (revoked_at IS NULL AND workstation_id = ANY(${p(4)}::text[]))) AS devices`,
        params: [device.branchId, histories.get(device.branchId)?.gpos ?? 0, `${STAFF_CATEGORY}-%`, device.deviceId, claimedIds],
      };
    },
    begin(device, commits, seen, row) {
      const history = branchHistory(device.branchId, seen, JSON.parse(row.staff) as [number, EventEnvelope][]);
      // The device's own row, and the active devices writing as a workstation this push names.
      const devices = (JSON.parse(row.devices) as [string, string | null, string | null][]).map(([device_id, workstation_id, signing_key]) => ({ device_id, workstation_id, signing_key }));
      const own = devices.find((r) => r.device_id === device.deviceId);
      let workstation = own?.workstation_id ?? undefined;
      let key = own?.signing_key ?? undefined;
      let bound = false;
      const owners = new Map(devices.filter((r) => r.device_id !== device.deviceId).map((r) => [r.workstation_id!, r.device_id] as const));

      return {
        check(commit) {
          // A branch with nobody to sign yet (open) has nothing a device could be vouched for against.
          if (history.mode() === 'open') return undefined;
          const ids = new Set(commit.events.map((e) => e.meta.deviceId));
          if (ids.size > 1) return forged(`The events of one commit name several workstations (${[...ids].join(', ')}).`);
          const claimed = [...ids][0]!;
          if (workstation !== undefined && claimed !== workstation) return forged(`Device ${device.deviceId} writes as workstation ${workstation}; it cannot record events as ${claimed}.`);
          const owner = owners.get(claimed);
          if (owner !== undefined) return forged(`Workstation ${claimed} is device ${owner}'s, not ${device.deviceId}'s.`);
          const signatures = signaturesOf(commit.events[0]!.meta);
          const deviceSignature = Array.isArray(signatures) ? signatures.find((s) => s.kind === 'device') : undefined;
          // A device signs with the key it first signed with here; a new device brings its own.
          const verdict = checkCommitSigning(nodeSigningCrypto, commit, history, (_workstationId, publicKey) => key === undefined || key === publicKey);
          if (!verdict.ok) return { code: verdict.code, message: verdict.message };
          if (workstation === undefined) {
            workstation = claimed;
            bound = true;
          }
          if (key === undefined && verdict.signedBy === 'device' && deviceSignature?.key) {
            key = deviceSignature.key;
            bound = true;
          }
          return undefined;
        },
        stored(commit) {
          history.apply(commit.events);
        },
        binds: () => bound,
        async finish(write) {
          if (bound) await write.query(`UPDATE ${t.devices} SET workstation_id = $2, signing_key = $3 WHERE device_id = $1`, [device.deviceId, workstation ?? null, key ?? null]);
        },
      };
    },
  };
}
