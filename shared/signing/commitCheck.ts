/**
 * The check every receiver runs on a commit before accepting it (the gateway on a push, a workstation on a pull,
 * `fidelis verify` over the ledger): signed by its actor (or, for a process step, by the workstation for them), the
 * actor then held the command's permission, an approver is another person who held `approve` and signed, and staff
 * changes come from someone holding `manageStaff`. Pure: the staff history, device keys and crypto come in.
 */

import { categoryOf, parseEventTypeName, type EventEnvelope } from '../events/envelope.js';
import { canonicalJson } from '../json/canonicalJson.js';
import { SYNC_EXCEPTION_CATEGORY, STAND_IN_CATEGORY } from '../sync/syncEvents.js';
import type { StaffState } from '../staff/decider.js';
import { DUAL_CONTROL_COMMANDS } from '../staff/dualControl.js';
import { STAFF_CATEGORY } from '../staff/events.js';
import { COMMAND_PERMISSION, hasPermission, type Permission } from '../staff/roles.js';
import { contentOfCommit, signaturesOf, signedContentHash, type CommitSignature, type Sha256Hex } from './commitSignatures.js';
import type { StaffHistory } from './staffHistory.js';

export type SigningRefusalCode = 'UNSIGNED' | 'BAD_SIGNATURE' | 'NOT_PERMITTED' | 'BAD_APPROVAL';

export type SigningVerdict =
  | { readonly ok: true; readonly signedBy: 'person' | 'device' | 'none' }
  | { readonly ok: false; readonly code: SigningRefusalCode; readonly message: string };

export interface SigningCrypto {
  readonly sha256: Sha256Hex;
  /** Ed25519: `publicKey` raw base64url, `signature` base64url over the UTF-8 of `message`. */
  verify(publicKey: string, message: string, signature: string): boolean;
}

/** Whose device key may sign for a workstation: the gateway's binding, or what a workstation saw first for it. */
export type DeviceKeyCheck = (workstationId: string, publicKey: string) => boolean;

/** Workstation-own events a device signs with nobody to sign for: sync exceptions and stand-in limits, failed sign-ins. */
const DEVICE_CATEGORIES = new Set([SYNC_EXCEPTION_CATEGORY, STAND_IN_CATEGORY]);
const DEVICE_STAFF_EVENTS = new Set(['StaffSignInFailed', 'StaffLockedOut']);
/** Staff events a person records about themself: their own password, and their first key. */
const OWN_STAFF_EVENTS = new Set(['StaffPasswordChanged', 'StaffSigningKeyIssued']);

const refused = (code: SigningRefusalCode, message: string): SigningVerdict => ({ ok: false, code, message });

export function checkCommitSigning(
  crypto: SigningCrypto,
  commit: { readonly streamId: string; readonly events: readonly EventEnvelope[] },
  history: StaffHistory,
  deviceKeyOk: DeviceKeyCheck,
): SigningVerdict {
  const mode = history.mode();
  // Nobody to check against yet: a new branch's first administrator, and ledgers from before staff.
  if (mode === 'open') return { ok: true, signedBy: 'none' };
  const first = commit.events[0]!;
  const meta = first.meta;
  const at = `${commit.streamId} version ${first.version}`;
  const names = commit.events.map((e) => parseEventTypeName(e.type)?.name ?? e.type);
  const category = categoryOf(commit.streamId);
  const actor = meta.actor;
  const person = history.person(actor);
  const process = typeof meta['process'] === 'string' ? meta['process'] : undefined;
  const isStaff = category === STAFF_CATEGORY;
  const deviceMayAct = process !== undefined || DEVICE_CATEGORIES.has(category) || (isStaff && names.every((n) => DEVICE_STAFF_EVENTS.has(n)));

  let signedBy: 'person' | 'device' | 'none' = 'none';
  // Before the branch's first key (staffed), nothing must be signed; a person's own signature there is still checked.
  const signatures = signaturesOf(meta);
  const ownBefore = mode === 'staffed' && Array.isArray(signatures) && signatures.some((s) => s.kind === 'person' && s.by === actor);
  if (mode === 'signing' || ownBefore) {
    const metaText = canonicalJson(meta);
    if (commit.events.some((e) => e !== first && canonicalJson(e.meta) !== metaText)) return refused('BAD_SIGNATURE', `${at}: the events of one commit carry different metadata.`);
    if (signatures === 'malformed') return refused('BAD_SIGNATURE', `${at}: the signatures are malformed.`);
    if (!signatures) return refused('UNSIGNED', `${at}: the commit is not signed; ${actor} must sign it.`);
    const hash = signedContentHash(crypto.sha256, contentOfCommit(commit.streamId, commit.events));
    const own = signatures.find((s) => s.kind === 'person' && s.by === actor);
    const device = signatures.find((s) => s.kind === 'device' && s.by === meta.deviceId);
    if (own) {
      const key = ownKeyFor(person, actor, commit.events, names);
      if (!key) return refused('BAD_SIGNATURE', `${at}: ${actor} holds no signing key to have signed it.`);
      if (!verifies(crypto, key, hash, own)) return refused('BAD_SIGNATURE', `${at}: the signature of ${actor} does not verify with their key.`);
      signedBy = 'person';
    } else if (device && deviceMayAct) {
      if (!device.key || !deviceKeyOk(meta.deviceId, device.key)) return refused('BAD_SIGNATURE', `${at}: workstation ${meta.deviceId} signed with a key that is not its own.`);
      if (!verifies(crypto, device.key, hash, device)) return refused('BAD_SIGNATURE', `${at}: the signature of workstation ${meta.deviceId} does not verify.`);
      signedBy = 'device';
    } else {
      return refused('UNSIGNED', `${at}: ${actor} did not sign it${device ? ' (a workstation signs only the steps a process runs for someone)' : ''}.`);
    }
    if (meta['approvedBy'] !== undefined && signedBy === 'person') {
      const approver = String(meta['approvedBy']);
      const theirs = signatures.find((s) => s.kind === 'approver' && s.by === approver);
      const key = history.person(approver)?.signingKey?.publicKey;
      if (!theirs || !key || !verifies(crypto, key, hash, theirs)) return refused('BAD_APPROVAL', `${at}: the approver ${approver} did not sign it.`);
    }
  }

  const permission = isStaff ? staffPermission(actor, names, commit.events) : permissionOf(meta['commandType']);
  if (permission === 'self') return refused('NOT_PERMITTED', `${at}: ${actor} cannot change their own staff record (${names.join(', ')}).`);
  if (permission === 'own') {
    if (!person?.exists || person.disabled) return refused('NOT_PERMITTED', `${at}: ${actor} is not an active member of staff.`);
  } else if (permission !== undefined) {
    if (!person?.exists) {
      // A process may act for nobody in particular (an inbound payment): only a named person's permissions are checked.
      if (!(process !== undefined && !isStaff)) return refused('NOT_PERMITTED', `${at}: ${actor} is not a member of staff.`);
    } else if (person.disabled || !hasPermission(person, permission)) {
      return refused('NOT_PERMITTED', `${at}: ${actor} did not hold '${permission}' for ${isStaff ? names.join(', ') : String(meta['commandType'])}.`);
    }
  }

  if (meta['approvedBy'] !== undefined) {
    const approver = String(meta['approvedBy']);
    const approving = history.person(approver);
    if (approver === actor) return refused('BAD_APPROVAL', `${at}: ${actor} cannot approve their own command.`);
    if (!approving?.exists || approving.disabled) return refused('BAD_APPROVAL', `${at}: the approver ${approver} is not an active member of staff.`);
    if ((DUAL_CONTROL_COMMANDS as readonly unknown[]).includes(meta['commandType']) && !hasPermission(approving, 'approve')) {
      return refused('BAD_APPROVAL', `${at}: the approver ${approver} did not hold 'approve'.`);
    }
  }
  return { ok: true, signedBy };
}

const permissionOf = (commandType: unknown): Permission | undefined =>
  typeof commandType === 'string' && Object.hasOwn(COMMAND_PERMISSION, commandType) ? COMMAND_PERMISSION[commandType] : undefined;

/**
 * What a staff commit needs: failed sign-ins nobody (a workstation records them); one's own password change and first
 * key only being that active person ('own'); anything else `manageStaff`, and never about oneself.
 */
function staffPermission(actor: string, names: readonly string[], events: readonly EventEnvelope[]): Permission | 'own' | 'self' | undefined {
  if (names.every((n) => DEVICE_STAFF_EVENTS.has(n))) return undefined;
  const aboutSelf = events.every((e) => e.data['username'] === actor);
  if (aboutSelf && names.every((n) => OWN_STAFF_EVENTS.has(n))) return 'own';
  if (aboutSelf) return 'self';
  return 'manageStaff';
}

/**
 * The key a person's own signature is checked with: theirs as the staff history holds it; for someone without one, the
 * key their own first-key or password-change event carries (that commit brings the key it is signed with).
 */
function ownKeyFor(person: StaffState | undefined, actor: string, events: readonly EventEnvelope[], names: readonly string[]): string | undefined {
  if (person?.signingKey) return person.signingKey.publicKey;
  const carried = events.find((e, i) => OWN_STAFF_EVENTS.has(names[i]!) && e.data['username'] === actor);
  const key = (carried?.data['signingKey'] as { publicKey?: unknown } | undefined)?.publicKey;
  return typeof key === 'string' ? key : undefined;
}

function verifies(crypto: SigningCrypto, publicKey: string, hash: string, signature: CommitSignature): boolean {
  try {
    return crypto.verify(publicKey, hash, signature.sig);
  } catch {
    return false;
  }
}
