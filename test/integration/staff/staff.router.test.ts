// Roles at the API boundary: each connection signs in, every method needs its permission, and dual control over the limit.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { apiMethods } from '@fidelis/shared/api/contract.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, resultOf, signedIn, staffConnections, type TestStaffName } from '../../support/staffFixtures.js';
import { settledHead } from '../../support/settledHead.js';

let host: Host;
let router: ApiRouter;
let as: Record<TestStaffName, ApiConnection>;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-11-26T09:00:00.000Z');
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, dualControlAmount: '10000.00' }, clock: () => now });
  router = createApiRouter(host);
  as = await staffConnections(host, router);
});

afterEach(async () => {
  router.close();
  await host.close();
});

async function openAccount(opening = '50000.00'): Promise<string> {
  return resultOf<{ accountId: string }>(await as.teller.call('account.open', { number: `N-${host.store.headSeq()}`, holder: 'Grace Hopper', currency: 'USD', openingDeposit: opening })).accountId;
}

describe('API authorisation', () => {
  it('refuses every method but sign-in to a connection that has not signed in, before looking at the input', async () => {
    const stranger = router.connect();
    for (const method of Object.keys(apiMethods)) {
      const response = await stranger.call(method, { amount: 'not even valid', accountId: 42 });
      if (apiMethods[method as keyof typeof apiMethods].permission === 'public') continue;
      expect(response, method).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(stranger.subscribe('store', {}, () => {}).response).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(resultOf(await stranger.call('auth.status', {}))).toEqual({ staffExists: true, session: null, idleLockMinutes: 10 });
  });

  it('lets a teller post and read, but not reverse, approve, see alerts or reports, or administer', async () => {
    const accountId = await openAccount('100.00');
    expect(resultOf(await as.teller.call('account.deposit', { accountId, amount: '25.00' }))).toMatchObject({ version: 1 });
    expect(resultOf<{ total: number }>(await as.teller.call('accounts.list', {})).total).toBe(1);
    for (const [method, input] of [
      ['alerts.list', {}],
      ['reports.folder', {}],
      ['ops.subscriptions', {}],
      ['staff.list', {}],
      ['staff.provision', { username: 'x1', displayName: 'X', roles: ['teller'], password: STAFF_PASSWORD }],
      ['sync.resolve', { commandId: 'c', resolution: 'accept', supervisor: 'teller' }],
      ['account.reverse', { accountId, originalEventId: 'e', reason: 'typo' }],
    ] as const) {
      expect(await as.teller.call(method, input), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'role' } });
    }
  });

  it('lets a supervisor reverse a movement the teller posted, recording both people', async () => {
    const accountId = await openAccount('100.00');
    resultOf(await as.teller.call('account.deposit', { accountId, amount: '25.00' }));
    const deposit = (await host.store.readStream(`account-${accountId}`)).at(-1)!;
    resultOf(await as.supervisor.call('account.reverse', { accountId, originalEventId: deposit.id, reason: 'keyed twice' }));
    const events = await host.store.readStream(`account-${accountId}`);
    expect(events.map((e) => e.meta.actor)).toEqual(['teller', 'teller', 'supervisor']);
  });

  it('lets compliance read alerts and reports but not post', async () => {
    const accountId = await openAccount('100.00');
    const head = await settledHead(host);
    expect(await as.compliance.call('account.deposit', { accountId, amount: '1.00' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await as.compliance.call('account.open', { number: 'C-1', holder: 'C', currency: 'USD' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(host.store.headSeq()).toBe(head);
    expect(resultOf(await as.compliance.call('alerts.list', {}))).toMatchObject({ total: 0 });
    expect(resultOf(await as.compliance.call('reports.folder', {}))).toHaveProperty('path');
    expect(resultOf(await as.compliance.call('account.get', { accountId }))).toMatchObject({ account: { accountId } });
  });

  it('lets an administrator manage staff and operations but not post', async () => {
    const accountId = await openAccount('100.00');
    expect(await as.admin.call('account.withdraw', { accountId, amount: '1.00' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(resultOf(await as.admin.call('staff.provision', { username: 'Newbie', displayName: 'New Teller', roles: ['teller'], password: STAFF_PASSWORD }))).toEqual({ username: 'newbie' });
    const users = resultOf<{ users: { username: string; roles: string[]; disabled: boolean }[] }>(await as.admin.call('staff.list', {})).users;
    expect(users.map((u) => u.username)).toEqual(['admin', 'all', 'compliance', 'newbie', 'supervisor', 'teller']);
    expect(JSON.stringify(users)).not.toMatch(/passwordHash|scrypt/);
    expect(resultOf(await as.admin.call('ops.subscriptions', {}))).toHaveProperty('items');
    const newbie = await signedIn(router, 'newbie');
    expect(resultOf(await as.admin.call('staff.disable', { username: 'newbie' }))).toEqual({ username: 'newbie' });
    expect(await newbie.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('records the signed-in person as actor, with the workstation, on the events of a call', async () => {
    const accountId = await openAccount('100.00');
    resultOf(await as.supervisor.call('account.deposit', { accountId, amount: '5.00' }));
    const events = await host.store.readStream(`account-${accountId}`);
    expect(events.map((e) => e.meta.actor)).toEqual(['teller', 'supervisor']);
    for (const event of events) expect(event.meta).toMatchObject({ deviceId: host.settings.deviceId, branchId: host.settings.branchId });
  });

  it('signs in, reports the session, signs out, and refuses a wrong password without saying which part was wrong', async () => {
    const connection = router.connect();
    expect(await connection.call('auth.signIn', { username: 'teller', password: 'wrong password' })).toEqual({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', message: 'The username or password is not right.' },
    });
    expect(await connection.call('auth.signIn', { username: 'ghost', password: 'wrong password' })).toEqual({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', message: 'The username or password is not right.' },
    });
    const session = resultOf<{ token: string; username: string; roles: string[]; locked: boolean }>(await connection.call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD }));
    expect(session).toMatchObject({ username: 'teller', displayName: 'Tom Teller', roles: ['teller'], locked: false });
    expect(resultOf(await connection.call('auth.status', {}))).toEqual({
      staffExists: true,
      session: { username: 'teller', displayName: 'Tom Teller', roles: ['teller'], locked: false, mustChangePassword: false },
      idleLockMinutes: 10,
    });
    // A reloaded page (a new connection) resumes with the token.
    const reloaded = router.connect();
    expect(resultOf(await reloaded.call('auth.resume', { token: session.token }))).toMatchObject({ username: 'teller' });
    expect(resultOf(await reloaded.call('accounts.list', {}))).toMatchObject({ total: 0 });
    expect(resultOf(await connection.call('auth.signOut', {}))).toEqual({ signedOut: true });
    expect(await connection.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await reloaded.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await router.connect().call('auth.resume', { token: session.token })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('locks an idle connection, which only its own password unlocks', async () => {
    now = new Date(now.getTime() + 11 * 60_000);
    expect(await as.teller.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(resultOf(await as.teller.call('auth.status', {}))).toMatchObject({ session: { username: 'teller', locked: true } });
    expect(await as.teller.call('auth.unlock', { password: 'wrong password' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(resultOf(await as.teller.call('auth.unlock', { password: STAFF_PASSWORD }))).toMatchObject({ locked: false });
    expect(resultOf(await as.teller.call('accounts.list', {}))).toMatchObject({ total: 0 });
  });

  it('locks a session on request in main, for every connection on it, until its password is given', async () => {
    const { token } = resultOf<{ token: string }>(await as.supervisor.call('auth.lock', {}));
    expect(await as.supervisor.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    const otherWindow = router.connect();
    await otherWindow.call('auth.resume', { token });
    expect(await otherWindow.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(resultOf(await as.supervisor.call('auth.unlock', { password: STAFF_PASSWORD }))).toMatchObject({ locked: false });
    expect(resultOf(await otherWindow.call('accounts.list', {}))).toMatchObject({ total: 0 });
  });

  it('creates the first administrator through auth.bootstrap only while the ledger has no staff', async () => {
    expect(await router.connect().call('auth.bootstrap', { username: 'eve', displayName: 'Eve', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'STAFF_EXISTS' } });
    const fresh = await createHost({ inMemory: true, settings: TEST_STAFF_SETTINGS });
    const freshRouter = createApiRouter(fresh);
    try {
      const connection = freshRouter.connect();
      expect(resultOf(await connection.call('auth.status', {}))).toMatchObject({ staffExists: false, session: null });
      expect(resultOf(await connection.call('auth.bootstrap', { username: 'root', displayName: 'First Admin', password: STAFF_PASSWORD }))).toMatchObject({ username: 'root', roles: ['administrator'] });
      expect(resultOf(await connection.call('staff.list', {}))).toEqual({ users: [{ username: 'root', displayName: 'First Admin', roles: ['administrator'], disabled: false, mustChangePassword: false }] });
    } finally {
      freshRouter.close();
      await fresh.close();
    }
  });

  it('never shows a password hash: not in the explorer, not in the audit report', async () => {
    const search = resultOf<{ items: { type: string; data: Record<string, unknown> }[] }>(await as.compliance.call('explorer.search', { text: 'StaffUserProvisioned' }));
    expect(search.items.length).toBeGreaterThan(0);
    for (const item of search.items) expect(item.data['passwordHash']).toBe('[redacted]');
    const streams = resultOf<{ items: unknown[] }>(await as.compliance.call('explorer.streams', { category: 'staff' }));
    expect(streams.items.length).toBeGreaterThan(0);
    const audit = await as.compliance.call('reports.preview', { kind: 'audit', date: '2026-11-26', limit: 200 });
    expect(audit.ok).toBe(true);
    expect(JSON.stringify(audit)).toContain('StaffUserProvisioned');
    expect(JSON.stringify([search, audit])).not.toMatch(/scrypt\$/);
  });

  it("keeps system.capabilities to device, branch and the branch's time zone", async () => {
    const capabilities = resultOf<Record<string, unknown>>(await router.connect().call('system.capabilities', {}));
    expect(capabilities).toEqual({ deviceId: host.settings.deviceId, branchId: host.settings.branchId, timeZone: host.settings.timeZone });
  });
});

describe('staff administration', () => {
  const ONE_TIME = 'one time passphrase';
  const OWN = 'my own passphrase';

  it("changes another person's roles, which their next call follows, but never an administrator's own", async () => {
    expect(await as.teller.call('alerts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(resultOf(await as.admin.call('staff.changeRoles', { username: 'teller', roles: ['teller', 'compliance'] }))).toEqual({ username: 'teller' });
    expect(resultOf(await as.teller.call('alerts.list', {}))).toMatchObject({ total: 0 });
    expect(await as.admin.call('staff.changeRoles', { username: 'admin', roles: ['administrator', 'supervisor'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'username' } });
    expect(await as.admin.call('staff.changeRoles', { username: 'teller', roles: [] })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'roles' } });
    expect(await as.supervisor.call('staff.changeRoles', { username: 'teller', roles: ['supervisor'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'role' } });
    const events = await host.store.readStream('staff-teller');
    expect(events.at(-1)).toMatchObject({ type: 'Fidelis.StaffRolesChanged.v1', data: { roles: ['teller', 'compliance'], changedBy: 'admin' }, meta: { actor: 'admin' } });
  });

  it('disables a person, whose sessions end, and enables them again with the roles and password they had', async () => {
    resultOf(await as.admin.call('staff.disable', { username: 'teller', reason: 'on leave' }));
    expect(await as.teller.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await router.connect().call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(resultOf(await as.admin.call('staff.enable', { username: 'teller', reason: 'back from leave' }))).toEqual({ username: 'teller' });
    const back = await signedIn(router, 'teller');
    expect(resultOf(await back.call('accounts.list', {}))).toMatchObject({ total: 0 });
    const users = resultOf<{ users: { username: string; disabled: boolean; roles: string[] }[] }>(await as.admin.call('staff.list', {})).users;
    expect(users.find((u) => u.username === 'teller')).toMatchObject({ disabled: false, roles: ['teller'] });
    // Enabling someone active records nothing.
    const version = await host.store.streamVersion('staff-teller');
    resultOf(await as.admin.call('staff.enable', { username: 'teller' }));
    expect(await host.store.streamVersion('staff-teller')).toBe(version);
  });

  it('resets a password to a one-time one: the person can do nothing but choose their own, which then works alone', async () => {
    expect(resultOf(await as.admin.call('staff.resetPassword', { username: 'teller', password: ONE_TIME }))).toEqual({ username: 'teller' });
    // The old password no longer opens anything; the one-time one opens only the change.
    expect(await router.connect().call('auth.signIn', { username: 'teller', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    const teller = router.connect();
    expect(resultOf(await teller.call('auth.signIn', { username: 'teller', password: ONE_TIME }))).toMatchObject({ username: 'teller', mustChangePassword: true });
    expect(await teller.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(teller.subscribe('store', {}, () => {}).response).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const users = resultOf<{ users: { username: string; mustChangePassword: boolean }[] }>(await as.admin.call('staff.list', {})).users;
    expect(users.find((u) => u.username === 'teller')).toMatchObject({ mustChangePassword: true });
    // The one-time password must be proved, and cannot be kept.
    expect(await teller.call('auth.changePassword', { currentPassword: 'a wrong guess', newPassword: OWN })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', field: 'currentPassword' } });
    expect(await teller.call('auth.changePassword', { currentPassword: ONE_TIME, newPassword: ONE_TIME })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'password' } });
    expect(await teller.call('auth.changePassword', { currentPassword: ONE_TIME, newPassword: 'short' })).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD' } });
    expect(resultOf(await teller.call('auth.changePassword', { currentPassword: ONE_TIME, newPassword: OWN }))).toMatchObject({ username: 'teller', mustChangePassword: false });
    expect(resultOf(await teller.call('accounts.list', {}))).toMatchObject({ total: 0 });
    expect(teller.subscribe('store', {}, () => {}).response).toMatchObject({ ok: true });
    expect(await router.connect().call('auth.signIn', { username: 'teller', password: ONE_TIME })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    resultOf(await router.connect().call('auth.signIn', { username: 'teller', password: OWN }));
    // Besides the wrong passwords tried above (each a failed sign-in), the stream holds the reset and the change.
    const types = (await host.store.readStream('staff-teller')).map((e) => e.type).filter((type) => !type.includes('SignInFailed'));
    expect(types.slice(-2)).toEqual(['Fidelis.StaffPasswordReset.v1', 'Fidelis.StaffPasswordChanged.v1']);
  });

  it("refuses an administrator resetting their own password, and a disabled person's", async () => {
    expect(await as.admin.call('staff.resetPassword', { username: 'admin', password: ONE_TIME })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'username' } });
    resultOf(await as.admin.call('staff.disable', { username: 'teller' }));
    expect(await as.admin.call('staff.resetPassword', { username: 'teller', password: ONE_TIME })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'username' } });
    expect(await as.admin.call('staff.resetPassword', { username: 'ghost', password: ONE_TIME })).toMatchObject({ ok: false, error: { code: 'STAFF_NOT_FOUND' } });
  });
});

describe('dual control', () => {
  it('posts a withdrawal at or under the limit directly', async () => {
    const accountId = await openAccount();
    resultOf(await as.teller.call('account.withdraw', { accountId, amount: '10000.00' }));
    const [, withdrawal] = await host.store.readStream(`account-${accountId}`);
    expect(withdrawal!.meta).toMatchObject({ actor: 'teller' });
    expect(withdrawal!.meta).not.toHaveProperty('approvedBy');
  });

  it('refuses a withdrawal over the limit without an approval, and stores nothing', async () => {
    const accountId = await openAccount();
    const head = await settledHead(host);
    expect(await as.teller.call('account.withdraw', { accountId, amount: '10000.01' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED', field: 'approval' } });
    expect(await as.teller.call('transfers.start', { fromAccountId: accountId, toAccountId: accountId, amount: '20000' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    expect(host.store.headSeq()).toBe(head);
  });

  it('refuses the teller approving their own withdrawal, a teller approver, and a wrong approver password', async () => {
    const accountId = await openAccount();
    await seedSecondTeller();
    const head = await settledHead(host);
    const withdraw = (approval: { username: string; password: string }) => as.teller.call('account.withdraw', { accountId, amount: '12000.00', approval });
    expect(await withdraw({ username: 'teller', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'approval' } });
    expect(await withdraw({ username: 'teller2', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'approval' } });
    expect(await withdraw({ username: 'compliance', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'approval' } });
    expect(await withdraw({ username: 'supervisor', password: 'wrong password' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', field: 'approval' } });
    // The wrong approver password counted as a failed sign-in of the supervisor.
    expect((await host.store.readStream('staff-supervisor')).map((e) => e.type)).toContain('Fidelis.StaffSignInFailed.v1');
    expect(await host.store.streamVersion(`account-${accountId}`)).toBe(0);
    // Only that failed sign-in was stored.
    expect(host.store.headSeq()).toBe(head + 1);
  });

  it('posts a withdrawal over the limit approved by a supervisor, recording who approved it', async () => {
    const accountId = await openAccount();
    resultOf(await as.teller.call('account.withdraw', { accountId, amount: '12000.00', approval: { username: 'supervisor', password: STAFF_PASSWORD } }));
    const [, withdrawal] = await host.store.readStream(`account-${accountId}`);
    expect(withdrawal!.type).toMatch(/WithdrawalMade/);
    expect(withdrawal!.meta).toMatchObject({ actor: 'teller', approvedBy: 'supervisor', deviceId: host.settings.deviceId });
  });

  it('starts a transfer over the limit approved by a supervisor, recording who approved it', async () => {
    const from = await openAccount();
    const to = await openAccount('0');
    const { transferId } = resultOf<{ transferId: string }>(
      await as.teller.call('transfers.start', { fromAccountId: from, toAccountId: to, amount: '15000.00', approval: { username: 'supervisor', password: STAFF_PASSWORD } }),
    );
    const [initiated] = await host.store.readStream(`transfer-${transferId}`);
    expect(initiated!.meta).toMatchObject({ actor: 'teller', approvedBy: 'supervisor' });
  });
});

async function seedSecondTeller(): Promise<void> {
  const admin = (await host.staff.principalOf('admin'))!;
  await host.staff.provision(admin, { username: 'teller2', displayName: 'Second Teller', roles: ['teller'], password: STAFF_PASSWORD });
}
