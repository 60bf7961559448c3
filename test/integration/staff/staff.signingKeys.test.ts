// Each person's signing key: opened by their sign-in and dropped at sign-out or lock, re-sealed by their own password
// change, replaced by an administrator's reset (old signatures still verify), and issued at the next sign-in to
// someone provisioned before signing.

import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { hashPassword } from '../../../main/staff/passwordHash.js';
import { seedTestStaff, STAFF_PASSWORD, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function newHost(clock?: () => Date): Promise<Host> {
  const host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, sessionIdleMinutes: 5 }, ...(clock ? { clock } : {}) });
  hosts.push(host);
  return host;
}

const publicKeyOf = async (host: Host, username: string) => {
  const keyed = (await host.readStream(`staff-${username}`)).map((e) => (e.data['signingKey'] as { publicKey: string } | undefined)?.publicKey).filter((k) => k !== undefined);
  return keyed.at(-1);
};

describe('staff signing keys', () => {
  it('opens a person’s key at sign-in, and drops it at sign-out, at a lock and when the session idles out', async () => {
    let now = Date.parse('2026-12-04T09:00:00Z');
    const host = await newHost(() => new Date(now));
    await seedTestStaff(host, []);
    await host.staff.provision((await host.staff.principalOf('admin'))!, { username: 'tom', displayName: 'Tom', roles: ['teller'], password: STAFF_PASSWORD });
    expect(host.staff.signingKeyOf('tom')).toBeUndefined();

    const session = await host.staff.sessions.signIn('tom', STAFF_PASSWORD);
    expect(host.staff.signingKeyOf('tom')).toBeDefined();
    host.staff.sessions.lock(session.token);
    expect(host.staff.signingKeyOf('tom')).toBeUndefined();
    await host.staff.sessions.unlock(session.token, STAFF_PASSWORD);
    expect(host.staff.signingKeyOf('tom')).toBeDefined();
    now += 6 * 60_000;
    expect(host.staff.signingKeyOf('tom')).toBeUndefined();
    const again = await host.staff.sessions.signIn('tom', STAFF_PASSWORD);
    host.staff.sessions.signOut(again.token);
    expect(host.staff.signingKeyOf('tom')).toBeUndefined();
  });

  it('re-seals the same key at one’s own password change, gives a new pair at an administrator’s reset, and old signatures still verify', async () => {
    const host = await newHost();
    const staff = await seedTestStaff(host, ['teller']);
    const { aggregateId } = await host.executeAs(staff.teller, { type: 'OpenAccount', number: '7001', holder: 'Ada Lovelace', openingDeposit: '10.00' });
    const first = await publicKeyOf(host, 'teller');

    await host.staff.changePassword(staff.teller, 'teller', 'a brand new passphrase', STAFF_PASSWORD);
    expect(await publicKeyOf(host, 'teller')).toBe(first);
    await host.staff.sessions.signIn('teller', 'a brand new passphrase');
    await host.executeAs(staff.teller, { type: 'MakeDeposit', accountId: aggregateId, amount: '1.00' });

    await host.staff.resetPassword(staff.admin, 'teller', 'a one-time passphrase');
    const reset = await publicKeyOf(host, 'teller');
    expect(reset).not.toBe(first);
    await host.staff.sessions.signIn('teller', 'a one-time passphrase');
    await host.staff.changePassword(staff.teller, 'teller', 'my own passphrase again', 'a one-time passphrase');
    expect(await publicKeyOf(host, 'teller')).toBe(reset);
    await host.staff.sessions.signIn('teller', 'my own passphrase again');
    await host.executeAs(staff.teller, { type: 'MakeDeposit', accountId: aggregateId, amount: '2.00' });

    // Signed with the first key, the new pair's and in between: each verifies with the key the teller held then.
    const { signatures } = await host.verify();
    expect(signatures).toMatchObject({ refused: 0, firstRefusal: null });
    const signers = (await host.readStream(`account-${aggregateId}`)).map((e) => (e.meta['signatures'] as { kind: string; by: string }[])[0]);
    expect(signers).toEqual([{ kind: 'person', by: 'teller', sig: expect.any(String) }, expect.objectContaining({ by: 'teller' }), expect.objectContaining({ by: 'teller' })]);
  });

  it('issues a key at the next sign-in to someone provisioned before signing, recorded as an event signed by that key', async () => {
    const host = await newHost();
    // A staff stream from before signing: provisioned with a password hash and no key.
    await host.store.append({
      streamId: 'staff-olduser',
      expected: 'no-stream',
      events: [{ type: 'Fidelis.StaffUserProvisioned.v1', data: { username: 'olduser', displayName: 'Old User', roles: ['teller'], passwordHash: await hashPassword(STAFF_PASSWORD, 4), provisionedBy: 'bootstrap' }, occurredAt: new Date().toISOString() }],
      meta: { commandId: 'legacy', correlationId: 'legacy', causationId: 'legacy', actor: 'bootstrap', deviceId: 'old-ws', branchId: 'BR001' },
      commandHash: 'legacy',
    });
    await host.processing.waitForInline(host.store.headSeq());
    await host.staff.sessions.signIn('olduser', STAFF_PASSWORD);
    const events = await host.readStream('staff-olduser');
    expect(events.map((e) => e.type)).toEqual(['Fidelis.StaffUserProvisioned.v1', 'Fidelis.StaffSigningKeyIssued.v1']);
    expect(events[1]!.meta['signatures']).toEqual([{ kind: 'person', by: 'olduser', sig: expect.any(String) }]);
    expect(host.staff.signingKeyOf('olduser')).toBeDefined();
    const { signatures } = await host.verify();
    expect(signatures).toMatchObject({ refused: 0, signedByPerson: 1, unsignedBeforeSigning: 1 });
    // A second sign-in opens the issued key; nothing more is recorded.
    await host.staff.sessions.signIn('olduser', STAFF_PASSWORD);
    expect(await host.readStream('staff-olduser')).toHaveLength(2);
  });
});
