// Forgery at the gateway: commits whose device, actor, signature, approver or permission do not hold are refused one
// by one with their code, counted, and reach no workstation; the honest workstations of the branch still converge.

import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@fidelis/shared/decider.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { contentOfCommit, signedContentHash, type CommitSignature } from '@fidelis/shared/signing/commitSignatures.js';
import type { PushCommit } from '@fidelis/shared/sync/protocol.js';
import { createGatewayClient, type GatewayClient } from '../../../main/sync/gatewayClient.js';
import type { Gateway } from '../../../gateway/server.js';
import { commitOf, deposited, opened, signedFetch, withdrew } from '../../support/gatewayFixtures.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { openSigningKeys, seedTestStaff, STAFF_PASSWORD } from '../../support/staffFixtures.js';
import { streamFacts, workstation, type Workstation } from '../../support/syncWorkstations.js';

let db: TestDatabase;
let gateway: (Gateway & { schema: string }) | undefined;
const open: Workstation[] = [];
beforeAll(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.host.close();
});
afterAll(async () => {
  await gateway?.close();
  await db?.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Signer {
  readonly kind: CommitSignature['kind'];
  readonly by: string;
  readonly key: KeyObject;
  /** For a device signature: the public key it names. */
  readonly publicKey?: string;
}

/** The commit with `meta` changed on every event and signed by `signers` over what it now says. */
function forge(commit: PushCommit, meta: Partial<EventMeta>, signers: readonly Signer[] = []): PushCommit {
  const events = commit.events.map((e) => ({ ...e, meta: { ...e.meta, ...meta } }));
  const hash = signedContentHash(sha256, contentOfCommit(commit.streamId, events));
  const signatures = signers.map((s) => ({ kind: s.kind, by: s.by, ...(s.publicKey ? { key: s.publicKey } : {}), sig: sign(null, Buffer.from(hash), s.key).toString('base64url') }));
  return { ...commit, events: events.map((e) => ({ ...e, meta: { ...e.meta, ...(signatures.length > 0 ? { signatures } : {}) } })) };
}

const codes = (results: readonly { status: string; reason?: { code: string } }[]) => results.map((r) => (r.status === 'rejected' ? r.reason!.code : r.status));

describe('forgery at the gateway', () => {
  it('refuses each forged commit with its code, stores none of them anywhere, and the branch still converges', async () => {
    gateway = await startTestGateway(db);
    const a = await workstation('ws-a', gateway, gateway.url);
    const b = await workstation('ws-b', gateway, gateway.url);
    open.push(a, b);
    const staff = await seedTestStaff(a.host, ['teller', 'supervisor']);
    await a.host.staff.provision(staff.admin, { username: 'tina', displayName: 'Tina Teller', roles: ['teller'], password: STAFF_PASSWORD });
    await openSigningKeys(a.host, ['tina']);
    const account = await a.host.executeAs(staff.teller, { type: 'OpenAccount', number: '9001', holder: 'Grace Hopper', openingDeposit: '100.00', openingDepositSource: 'cash' });
    await a.host.sync.syncNow();
    const accountStream = account.streamId;
    const head = (await a.host.readStream(accountStream)).length;

    // A stolen device secret (a device of the branch), used from a machine where the teller and Tina were signed in.
    const stolen = await gateway.addDevice('BR001');
    const thief: GatewayClient = createGatewayClient({ gatewayUrl: gateway.url, deviceId: stolen.deviceId, secret: stolen.secret });
    const teller = a.host.staff.signingKeyOf('teller')!;
    const tina = a.host.staff.signingKeyOf('tina')!;
    const device = generateKeyPairSync('ed25519');
    const devicePublic = String(device.publicKey.export({ format: 'jwk' }).x);
    const as = (deviceId: string, actor: string, commandType: string, extra: Partial<EventMeta> = {}) => ({ deviceId, actor, commandType, ...extra });
    const deposit = (version: number) => commitOf(accountStream, version, [deposited(account.aggregateId, '100')]);
    const withdrawal = (version: number) => commitOf(accountStream, version, [withdrew(account.aggregateId, '5000')]);
    const newAdmin: DomainEvent = {
      type: 'StaffUserProvisioned',
      data: { username: 'mallory', displayName: 'Mallory', roles: ['administrator'], passwordHash: 'scrypt$4$8$1$c2FsdA==$aGFzaA==', provisionedBy: 'teller' },
    };

    const forgeries = [
      // Another workstation's id, signed properly by the teller.
      forge(deposit(head), as('ws-a', 'teller', 'MakeDeposit'), [{ kind: 'person', by: 'teller', key: teller }]),
      // Another person as actor: unsigned, signed with someone else's key as theirs, signed only by someone else.
      forge(deposit(head), as('ws-evil', 'supervisor', 'MakeDeposit')),
      forge(deposit(head), as('ws-evil', 'supervisor', 'MakeDeposit'), [{ kind: 'person', by: 'supervisor', key: teller }]),
      forge(deposit(head), as('ws-evil', 'supervisor', 'MakeDeposit'), [{ kind: 'person', by: 'teller', key: teller }]),
      // A teller's own command signed by the workstation alone: a device signs only what a process runs.
      forge(deposit(head), as('ws-evil', 'teller', 'MakeDeposit'), [{ kind: 'device', by: 'ws-evil', key: device.privateKey, publicKey: devicePublic }]),
      // Approvals: by the actor themself, by a teller without `approve`, and a supervisor named who never signed.
      forge(withdrawal(head), as('ws-evil', 'teller', 'MakeWithdrawal', { approvedBy: 'teller' }), [{ kind: 'person', by: 'teller', key: teller }, { kind: 'approver', by: 'teller', key: teller }]),
      forge(withdrawal(head), as('ws-evil', 'teller', 'MakeWithdrawal', { approvedBy: 'tina' }), [{ kind: 'person', by: 'teller', key: teller }, { kind: 'approver', by: 'tina', key: tina }]),
      forge(withdrawal(head), as('ws-evil', 'teller', 'MakeWithdrawal', { approvedBy: 'supervisor' }), [{ kind: 'person', by: 'teller', key: teller }]),
      // A staff event making an administrator, signed by a teller.
      forge(commitOf('staff-mallory', 0, [newAdmin]), as('ws-evil', 'teller', 'ProvisionStaffUser'), [{ kind: 'person', by: 'teller', key: teller }]),
    ];
    const forgedIds = forgeries.flatMap((c) => c.events.map((e) => e.id));
    // What the stolen key honestly allows still goes through beside them: the push goes on past each refusal.
    const tellerDeposit = forge(deposit(head), as('ws-evil', 'teller', 'MakeDeposit'), [{ kind: 'person', by: 'teller', key: teller }]);
    const { results } = await thief.push([...forgeries, tellerDeposit]);
    expect(codes(results)).toEqual([
      'FORGED_DEVICE',
      'UNSIGNED',
      'BAD_SIGNATURE',
      'UNSIGNED',
      'UNSIGNED',
      'BAD_APPROVAL',
      'BAD_APPROVAL',
      'BAD_APPROVAL',
      'NOT_PERMITTED',
      'accepted',
    ]);
    const metrics = await gateway.metrics.registry.metrics();
    for (const [code, count] of [['FORGED_DEVICE', 1], ['UNSIGNED', 3], ['BAD_SIGNATURE', 1], ['BAD_APPROVAL', 3], ['NOT_PERMITTED', 1]] as const) {
      expect(metrics).toMatch(new RegExp(`fidelis_gateway_rejections_total\\{code="${code}"\\} ${count}\\b`));
    }
    // Once it wrote as ws-evil, the stolen device cannot write as any other workstation, not even a new one.
    expect(codes((await thief.push([forge(deposit(head + 1), as('ws-other', 'teller', 'MakeDeposit'), [{ kind: 'person', by: 'teller', key: teller }])])).results)).toEqual(['FORGED_DEVICE']);

    // Nothing forged is stored at the gateway or reaches either workstation; the honest branch converges.
    await a.host.executeAs(staff.teller, { type: 'MakeDeposit', accountId: account.aggregateId, amount: '2.00' });
    await a.host.sync.syncNow();
    await b.host.sync.syncNow();
    await a.host.sync.syncNow();
    const stored = (await thief.pull(0, 1000)).events.map((e) => e.event.id);
    for (const id of forgedIds) expect(stored).not.toContain(id);
    expect(await b.host.staff.principalOf('mallory')).toBeUndefined();
    expect(await streamFacts(b.host, accountStream)).toEqual(await streamFacts(a.host, accountStream));
    const types = (await b.host.readStream(accountStream)).map((e) => [e.type.split('.')[1], e.meta.actor]);
    expect(types).toEqual([['AccountOpened', 'teller'], ['DepositMade', 'teller'], ['DepositMade', 'teller']]);

    // A revoked device is refused outright.
    await gateway.revokeDevice(stolen.deviceId);
    await expect(thief.push([forge(deposit(head + 3), as('ws-evil', 'teller', 'MakeDeposit'), [{ kind: 'person', by: 'teller', key: teller }])])).rejects.toMatchObject({ status: 401 });
  });

  it('keeps a workstation from applying a forged commit that a gateway database was made to hold, and raises it as an exception with its code', async () => {
    const altered = await startTestGateway(db);
    try {
      const a = await workstation('ws-e', altered, altered.url);
      const b = await workstation('ws-f', altered, altered.url);
      open.push(a, b);
      const staff = await seedTestStaff(a.host, ['teller', 'supervisor']);
      const account = await a.host.executeAs(staff.teller, { type: 'OpenAccount', number: '9101', holder: 'Ada Lovelace', openingDeposit: '100.00', openingDepositSource: 'cash' });
      await a.host.sync.syncNow();
      // Written straight into the gateway's tables (a copied or altered database): a deposit in the supervisor's name nobody signed.
      const version = (await a.host.readStream(account.streamId)).length;
      const forged = forge(commitOf(account.streamId, version, [deposited(account.aggregateId, '99900')]), { deviceId: 'ws-e', actor: 'supervisor', commandType: 'MakeDeposit' }).events[0]!;
      const t = `${altered.schema}`;
      await db.database.query(
        `INSERT INTO ${t}.events (gpos, id, stream_id, version, branch_id, device_id, content_hash, command_hash, envelope)
         SELECT last + 1, $1, $2, $3, 'BR001', 'forger', 'x', 'x', $4 FROM ${t}.positions`,
        [forged.id, account.streamId, version, JSON.stringify(forged)],
      );
      await db.database.query(`UPDATE ${t}.positions SET last = last + 1`);

      await b.host.sync.syncNow();
      expect((await b.host.readStream(account.streamId)).map((e) => e.id)).not.toContain(forged.id);
      expect(await b.host.sync.exceptions()).toEqual([expect.objectContaining({ streamId: account.streamId, code: 'UNSIGNED' })]);
      // Everything else of the branch still arrives.
      expect((await b.host.readStream(account.streamId)).length).toBe(version);
    } finally {
      await altered.close();
    }
  });

  it('refuses a replayed request after the gateway restarts, inside the window, and stores nothing from it', async () => {
    const first = await startTestGateway(db);
    const device = await first.addDevice('BR001');
    const body = JSON.stringify({ commits: [commitOf('account-RR1', 0, [opened('RR1')])] });
    const replay = { nonce: 'nonce-that-outlives-a-restart-01', timestamp: Date.now() };
    expect((await signedFetch(first.url, device, 'POST', '/v1/push', body, replay)).status).toBe(200);
    await first.close();
    const again = await startTestGateway(db, { schema: first.schema });
    try {
      const replayed = await signedFetch(again.url, device, 'POST', '/v1/push', JSON.stringify({ commits: [commitOf('account-RR2', 0, [opened('RR2')])] }), { ...replay, sendBody: body });
      expect(replayed.status).toBe(401);
      const pulled = (await signedFetch(again.url, device, 'GET', '/v1/pull?after=0&limit=10')).json as { events: { event: { streamId: string } }[] };
      expect(pulled.events.map((e) => e.event.streamId)).toEqual(['account-RR1']);
    } finally {
      await again.close();
    }
  });

  it('lets a BR002 device that wrote a staff stream id first neither stop nor change BR001’s staff', async () => {
    const shared = await startTestGateway(db);
    try {
      const squatter = await shared.addDevice('BR002');
      // BR002's own first administrator, under the username BR001 is about to give someone.
      const squat = commitOf('staff-newhire', 0, [newHire('BR002 squatter')], 'BR002');
      expect(codes((await createGatewayClient({ gatewayUrl: shared.url, deviceId: squatter.deviceId, secret: squatter.secret }).push([squat])).results)).toEqual(['accepted']);
      const a = await workstation('ws-c', shared, shared.url);
      const b = await workstation('ws-d', shared, shared.url);
      open.push(a, b);
      const { admin } = await seedTestStaff(a.host, []);
      await a.host.staff.provision(admin, { username: 'newhire', displayName: 'New Hire', roles: ['teller'], password: STAFF_PASSWORD });
      await a.host.sync.syncNow();
      await b.host.sync.syncNow();
      expect(await b.host.staff.principalOf('newhire')).toEqual({ username: 'newhire', displayName: 'New Hire', roles: ['teller'] });
      expect((await b.host.staff.sessions.signIn('newhire', STAFF_PASSWORD)).principal.username).toBe('newhire');
    } finally {
      await shared.close();
    }
  });
});

function newHire(displayName: string): DomainEvent {
  return { type: 'StaffUserProvisioned', data: { username: 'newhire', displayName, roles: ['administrator'], passwordHash: 'scrypt$4$8$1$c2FsdA==$aGFzaA==', provisionedBy: 'bootstrap' } };
}
