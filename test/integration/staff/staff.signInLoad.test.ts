// Sign-in under load: parallel attempts for one user reach the password check at most 5 times per window, and a
// changed or reset password ends that person's open sessions.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiRouter, type ApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, resultOf, seedTestStaff, signedIn } from '../../support/staffFixtures.js';

let host: Host;
let router: ApiRouter;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-11-26T09:00:00.000Z');
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS }, clock: () => now });
  router = createApiRouter(host);
  await seedTestStaff(host, ['teller']);
});

afterEach(async () => {
  router.close();
  await host.close();
});

const failedChecks = async () => (await host.store.readStream('staff-teller')).filter((e) => e.type === 'Fidelis.StaffSignInFailed.v1').length;

describe('sign-in under load', () => {
  it('checks at most 5 of 40 parallel wrong passwords for one user, refuses them all, and then locks the right one out too', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => router.connect().call('auth.signIn', { username: 'teller', password: `guess number ${i}` })));
    expect(responses.every((r) => !r.ok)).toBe(true);
    const codes = responses.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(new Set(codes), JSON.stringify(responses.filter((r) => !r.ok && !["INVALID_CREDENTIALS","STAFF_LOCKED_OUT"].includes(r.error.code)))).toEqual(new Set(["INVALID_CREDENTIALS", "STAFF_LOCKED_OUT"]));
    expect(await failedChecks()).toBe(5);
    expect(await router.connect().call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'STAFF_LOCKED_OUT' } });
    expect(await failedChecks()).toBe(5);
    now = new Date(now.getTime() + 16 * 60_000);
    resultOf(await router.connect().call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD }));
  });

  it('lets 40 parallel right passwords in: a right password does not spend the window', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, () => router.connect().call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD })));
    // Only as many as are in flight at once can be refused; once checked, a right password frees its place.
    expect(responses.filter((r) => r.ok).length).toBeGreaterThanOrEqual(5);
    expect(responses.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'STAFF_LOCKED_OUT')).toBe(true);
    expect(await failedChecks()).toBe(0);
    resultOf(await router.connect().call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD }));
  });

  it("ends every session of a person whose password an administrator reset", async () => {
    const first = await signedIn(router, 'teller');
    const second = await signedIn(router, 'teller');
    const admin = await signedIn(router, 'admin');
    resultOf(await admin.call('staff.resetPassword', { username: 'teller', password: 'a one-time password' }));
    expect(await first.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await second.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    resultOf(await admin.call('accounts.list', {}));
  });

  it("ends a person's other sessions when they change their password, and goes on in a fresh one where they changed it", async () => {
    const elsewhere = await signedIn(router, 'teller');
    const here = await signedIn(router, 'teller');
    const before = resultOf<{ token: string }>(await here.call('auth.status', {}));
    const changed = resultOf<{ token: string; username: string }>(await here.call('auth.changePassword', { currentPassword: STAFF_PASSWORD, newPassword: 'a brand new passphrase' }));
    expect(changed.username).toBe('teller');
    expect(await elsewhere.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    resultOf(await here.call('accounts.list', {}));
    expect(before).not.toHaveProperty('token');
    expect(await router.connect().call('auth.resume', { token: changed.token })).toMatchObject({ ok: true });
  });
});
