// Staff in main: bootstrap once, provisioning, sign-in with lockout, sessions that lock when idle, and every event's actor.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';
import { settledHead } from '../../support/settledHead.js';

let host: Host;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-11-26T09:00:00.000Z');
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, sessionIdleMinutes: 10 }, clock: () => now });
});

afterEach(async () => {
  await host.close();
});

const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

describe('staff', () => {
  it('creates the first administrator by bootstrap only while no staff exist', async () => {
    expect(await host.staff.exists()).toBe(false);
    const admin = await host.staff.bootstrap({ username: 'Ada', displayName: 'Ada Admin', password: STAFF_PASSWORD });
    expect(admin).toEqual({ username: 'ada', displayName: 'Ada Admin', roles: ['administrator'] });
    expect(await host.staff.exists()).toBe(true);
    await expect(host.staff.bootstrap({ username: 'eve', displayName: 'Eve', password: STAFF_PASSWORD })).rejects.toMatchObject({ code: 'STAFF_EXISTS' });
    expect(await host.staff.principalOf('eve')).toBeUndefined();
  });

  it('refuses a password shorter than 10 characters and stores nothing', async () => {
    const head = await settledHead(host);
    await expect(host.staff.bootstrap({ username: 'ada', displayName: 'Ada', password: 'short' })).rejects.toMatchObject({ code: 'WEAK_PASSWORD', field: 'password' });
    expect(host.store.headSeq()).toBe(head);
    expect(await host.staff.exists()).toBe(false);
  });

  it('stores only a salted scrypt hash with its parameters, never the password', async () => {
    await seedTestStaff(host, ['teller']);
    const [provisioned] = await host.store.readStream('staff-teller');
    const hash = String(provisioned!.data['passwordHash']);
    expect(hash).toMatch(/^scrypt\$4\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(await host.store.readAll(0, 100))).not.toContain(STAFF_PASSWORD);
    const [admin] = await host.store.readStream('staff-admin');
    expect(String(admin!.data['passwordHash'])).not.toBe(hash);
  });

  it('authenticates with the right password and refuses a wrong one or an unknown user alike', async () => {
    await seedTestStaff(host, ['teller']);
    expect(await host.staff.authenticate('teller', STAFF_PASSWORD)).toEqual({ username: 'teller', displayName: 'Tom Teller', roles: ['teller'] });
    const wrong = await host.staff.authenticate('teller', 'not the password').catch((e: unknown) => e);
    const unknown = await host.staff.authenticate('nobody', STAFF_PASSWORD).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(unknown).toMatchObject({ code: 'INVALID_CREDENTIALS', message: (wrong as Error).message });
  });

  it('locks a user out after 5 wrong passwords within 15 minutes, records it, and lets them in once the window has passed', async () => {
    await seedTestStaff(host, ['teller']);
    for (let i = 1; i <= 4; i++) await expect(host.staff.authenticate('teller', `wrong password ${i}`)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(host.staff.authenticate('teller', 'wrong password 5')).rejects.toMatchObject({ code: 'STAFF_LOCKED_OUT' });
    // Even the right password is refused while locked out.
    await expect(host.staff.authenticate('teller', STAFF_PASSWORD)).rejects.toMatchObject({ code: 'STAFF_LOCKED_OUT' });
    const types = (await host.store.readStream('staff-teller')).map((e) => e.type);
    expect(types.filter((t) => t === 'Fidelis.StaffSignInFailed.v1')).toHaveLength(5);
    expect(types.at(-1)).toBe('Fidelis.StaffLockedOut.v1');
    advance(16);
    expect(await host.staff.authenticate('teller', STAFF_PASSWORD)).toMatchObject({ username: 'teller' });
  });

  it('does not lock out for failures spread wider than the window', async () => {
    await seedTestStaff(host, ['teller']);
    for (let i = 1; i <= 6; i++) {
      await expect(host.staff.authenticate('teller', 'wrong password!')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      advance(4);
    }
    expect(await host.staff.authenticate('teller', STAFF_PASSWORD)).toMatchObject({ username: 'teller' });
  });

  it('signs in to an opaque session, touches it on each call, locks it after 10 idle minutes, and unlocks with the password', async () => {
    await seedTestStaff(host, ['teller']);
    const session = await host.staff.sessions.signIn('teller', STAFF_PASSWORD);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    advance(9);
    expect(await host.staff.sessions.touch(session.token)).toMatchObject({ username: 'teller' });
    advance(9);
    expect(await host.staff.sessions.touch(session.token)).toMatchObject({ username: 'teller' });
    advance(10);
    await expect(host.staff.sessions.touch(session.token)).rejects.toMatchObject({ code: 'SESSION_LOCKED' });
    await expect(host.staff.sessions.unlock(session.token, 'not the password')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(host.staff.sessions.touch(session.token)).rejects.toMatchObject({ code: 'SESSION_LOCKED' });
    expect(await host.staff.sessions.unlock(session.token, STAFF_PASSWORD)).toMatchObject({ locked: false });
    expect(await host.staff.sessions.touch(session.token)).toMatchObject({ username: 'teller' });
    host.staff.sessions.signOut(session.token);
    await expect(host.staff.sessions.touch(session.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("ends a disabled user's sessions and refuses their sign-in", async () => {
    const { admin } = await seedTestStaff(host, ['teller']);
    const session = await host.staff.sessions.signIn('teller', STAFF_PASSWORD);
    await host.staff.disable(admin, 'teller');
    await expect(host.staff.sessions.touch(session.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(host.staff.sessions.signIn('teller', STAFF_PASSWORD)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await host.staff.list()).find((u) => u.username === 'teller')).toMatchObject({ disabled: true });
  });

  it('lets only an administrator provision or disable staff', async () => {
    const { teller, supervisor } = await seedTestStaff(host, ['teller', 'supervisor']);
    await expect(host.staff.provision(supervisor, { username: 'mallory', displayName: 'M', roles: ['administrator'], password: STAFF_PASSWORD })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(host.staff.disable(teller, 'supervisor')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await host.staff.principalOf('mallory')).toBeUndefined();
  });

  it('records the actor and the workstation on every staff event', async () => {
    await seedTestStaff(host, ['teller']);
    await host.staff.authenticate('teller', 'wrong password').catch(() => undefined);
    const events = [...(await host.store.readStream('staff-admin')), ...(await host.store.readStream('staff-teller'))];
    expect(events.map((e) => [e.type, e.meta.actor])).toEqual([
      ['Fidelis.StaffUserProvisioned.v1', 'bootstrap'],
      ['Fidelis.StaffUserProvisioned.v1', 'admin'],
      ['Fidelis.StaffSignInFailed.v1', 'unauthenticated'],
    ]);
    for (const event of events) expect(event.meta).toMatchObject({ deviceId: host.settings.deviceId, branchId: host.settings.branchId });
    expect(events[1]!.data).toMatchObject({ provisionedBy: 'admin', roles: ['teller'] });
  });
});
