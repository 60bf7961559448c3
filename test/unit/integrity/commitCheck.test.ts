// The signing check every receiver runs (gateway, pulling workstation, verify), over hand-made commits and a staff history.

import { createHash, generateKeyPairSync, sign, verify, createPublicKey, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope, EventMeta } from '@fidelis/shared/events/envelope.js';
import { checkCommitSigning, type SigningCrypto } from '@fidelis/shared/signing/commitCheck.js';
import { contentOfCommit, signedContentHash, type CommitSignature } from '@fidelis/shared/signing/commitSignatures.js';
import { createStaffHistory, type StaffHistory } from '@fidelis/shared/signing/staffHistory.js';

const crypto: SigningCrypto = {
  sha256: (text) => createHash('sha256').update(text).digest('hex'),
  verify: (raw, message, signature) => verify(null, Buffer.from(message), createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' }), Buffer.from(signature, 'base64url')),
};

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: String(publicKey.export({ format: 'jwk' }).x) };
};
const keys = { admin: pair(), sue: pair(), tom: pair(), device: pair(), other: pair() };

let n = 0;
function envelope(streamId: string, version: number, type: string, data: Record<string, unknown>, meta: Partial<EventMeta>): EventEnvelope {
  n++;
  return {
    id: `e${n}`,
    type: `Fidelis.${type}.v1`,
    streamId,
    version,
    seq: n,
    gpos: null,
    occurredAt: '2026-12-04T10:00:00.000Z',
    recordedAt: '2026-12-04T10:00:00.000Z',
    data,
    meta: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor: 'tom', deviceId: 'ws1', branchId: 'BR001', ...meta },
  };
}

type Signer = { kind: CommitSignature['kind']; by: string; key: KeyObject; publicKey?: string };
function signed(events: EventEnvelope[], signers: Signer[]): { streamId: string; events: EventEnvelope[] } {
  const streamId = events[0]!.streamId;
  const hash = signedContentHash(crypto.sha256, contentOfCommit(streamId, events));
  const signatures = signers.map((s) => ({ kind: s.kind, by: s.by, ...(s.publicKey ? { key: s.publicKey } : {}), sig: sign(null, Buffer.from(hash), s.key).toString('base64url') }));
  return { streamId, events: events.map((e) => ({ ...e, meta: { ...e.meta, signatures } })) };
}

const person = (name: 'admin' | 'sue' | 'tom'): Signer => ({ kind: 'person', by: name, key: keys[name].privateKey });
const device: Signer = { kind: 'device', by: 'ws1', key: keys.device.privateKey, publicKey: keys.device.publicKey };

function branch(): StaffHistory {
  const history = createStaffHistory();
  const provisioned = (username: string, roles: string[]) =>
    envelope(`staff-${username}`, 0, 'StaffUserProvisioned', { username, displayName: username, roles, passwordHash: 'x', provisionedBy: 'admin', signingKey: { publicKey: keys[username as 'tom'].publicKey, sealedPrivateKey: 'v1.x' } }, { actor: 'admin' });
  history.apply([provisioned('admin', ['administrator']), provisioned('sue', ['supervisor']), provisioned('tom', ['teller'])]);
  return history;
}

const deposit = (meta: Partial<EventMeta> = {}) => envelope('account-a1', 3, 'DepositMade', { accountId: 'a1', amount: '100' }, { commandType: 'MakeDeposit', ...meta });
const check = (commit: { streamId: string; events: EventEnvelope[] }, history = branch(), deviceKeyOk = () => true) => checkCommitSigning(crypto, commit, history, deviceKeyOk);

describe('the commit signing check', () => {
  it('accepts anything while the branch has no staff yet: its first administrator comes in unsigned', () => {
    expect(check({ streamId: 'account-a1', events: [deposit()] }, createStaffHistory())).toEqual({ ok: true, signedBy: 'none' });
  });

  it('accepts a teller’s deposit signed by them, and refuses it altered after signing', () => {
    const commit = signed([deposit()], [person('tom')]);
    expect(check(commit)).toEqual({ ok: true, signedBy: 'person' });
    const altered = { ...commit, events: commit.events.map((e) => ({ ...e, data: { ...e.data, amount: '100000' } })) };
    expect(check(altered)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('accepts a step a process ran for the teller signed by the workstation, but never the teller’s own command', () => {
    expect(check(signed([deposit({ process: 'sync-rebase' })], [device]))).toEqual({ ok: true, signedBy: 'device' });
    expect(check(signed([deposit()], [device]))).toMatchObject({ ok: false, code: 'UNSIGNED' });
    // A workstation signing with a key that is not the one it is known by.
    expect(check(signed([deposit({ process: 'sync-rebase' })], [device]), branch(), () => false)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('refuses a command its signer’s roles do not allow, and a person changing their own staff record', () => {
    expect(check(signed([envelope('vault-USD', 0, 'CashShipmentReceived', {}, { commandType: 'ReceiveCashShipment' })], [person('tom')]))).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    const ownRoles = envelope('staff-admin', 1, 'StaffRolesChanged', { username: 'admin', roles: ['administrator', 'supervisor'], changedBy: 'admin' }, { actor: 'admin' });
    expect(check(signed([ownRoles], [person('admin')]))).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    const tomsRoles = envelope('staff-tom', 1, 'StaffRolesChanged', { username: 'tom', roles: ['supervisor'], changedBy: 'admin' }, { actor: 'admin' });
    expect(check(signed([tomsRoles], [person('admin')]))).toEqual({ ok: true, signedBy: 'person' });
  });

  it('judges a person by the staff history up to the commit: disabled, they may no longer post', () => {
    const history = branch();
    history.apply([envelope('staff-tom', 1, 'StaffUserDisabled', { username: 'tom', disabledBy: 'admin' }, { actor: 'admin' })]);
    expect(check(signed([deposit()], [person('tom')]), history)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
  });

  it('needs an approver’s own signature on an approved command, except on a step a process re-ran for it', () => {
    const withdrawal = (meta: Partial<EventMeta>) => envelope('account-a1', 3, 'WithdrawalMade', { accountId: 'a1', amount: '900000' }, { commandType: 'MakeWithdrawal', approvedBy: 'sue', ...meta });
    expect(check(signed([withdrawal({})], [person('tom'), { kind: 'approver', by: 'sue', key: keys.sue.privateKey }]))).toEqual({ ok: true, signedBy: 'person' });
    expect(check(signed([withdrawal({})], [person('tom'), { kind: 'approver', by: 'sue', key: keys.other.privateKey }]))).toMatchObject({ ok: false, code: 'BAD_APPROVAL' });
    expect(check(signed([withdrawal({ process: 'sync-rebase' })], [device]))).toEqual({ ok: true, signedBy: 'device' });
    expect(check(signed([withdrawal({ process: 'sync-rebase', approvedBy: 'tom' })], [device]))).toMatchObject({ ok: false, code: 'BAD_APPROVAL' });
  });

  it('refuses a commit whose events carry different metadata (one signed, another changed)', () => {
    const first = deposit();
    const commit = signed([first, { ...first, id: `${first.id}-next`, version: 4 }], [person('tom')]);
    expect(check(commit)).toEqual({ ok: true, signedBy: 'person' });
    const mixed = { ...commit, events: [commit.events[0]!, { ...commit.events[1]!, meta: { ...commit.events[1]!.meta, actor: 'sue' } }] };
    expect(check(mixed)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });
});
