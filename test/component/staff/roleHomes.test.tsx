// @vitest-environment jsdom
// Where each person starts and where the app sends them (jsdom): sign-in lands on the role's own start screen, never on
// the screen the previous person left; no link leads anyone to a screen their role cannot see; a one-time password
// opens nothing but choosing one's own.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffUserRow } from '@fidelis/shared/staff/api.js';
import { App, SCREEN_PERMISSION } from '../../../renderer/src/App.js';
import { hasPermission } from '@fidelis/shared/staff/roles.js';
import { parseRoute } from '../../../renderer/src/routing.js';
import { connected, fakeWorkstation, ok, refused, sessionOf, STAFF } from '../../support/fakeMain.js';

beforeEach(() => {
  window.location.hash = '';
  window.sessionStorage.clear();
});
afterEach(cleanup);

/** Main answering every screen's reads with nothing in the ledger, and sign-in for `user`. */
const emptyLedger = (user: StaffUserRow) => (method: string) => {
  switch (method) {
    case 'auth.signIn':
      return ok(sessionOf(user));
    case 'alerts.list':
    case 'transfers.list':
      return ok({ total: 0, items: [] });
    case 'sync.exceptions':
      return ok({ items: [] });
    case 'ops.subscriptions':
    case 'ops.rebuilds':
      return ok({ items: [] });
    case 'ops.deadLetters':
      return ok({ total: 0, items: [] });
    default:
      return undefined;
  }
};

async function signInAs(user: StaffUserRow) {
  const events = userEvent.setup();
  const main = fakeWorkstation({}, emptyLedger(user));
  main.wrap(<App onStatus={connected} />);
  await events.type(await screen.findByLabelText('Username'), user.username);
  await events.type(screen.getByLabelText('Password'), 'a passphrase{Enter}');
  await screen.findByTestId('signed-in-user');
  return main;
}

describe('start screens', () => {
  it.each([
    { role: 'a teller', user: STAFF.teller, hash: '#/accounts', heading: 'Accounts' },
    { role: 'a supervisor', user: STAFF.supervisor, hash: '#/review', heading: 'Approvals and exceptions' },
    { role: 'compliance staff', user: STAFF.compliance, hash: '#/compliance', heading: 'Compliance' },
    { role: 'an administrator', user: STAFF.admin, hash: '#/staff', heading: 'Staff' },
  ])('lands $role on their start screen after sign-in', async ({ user, hash, heading }) => {
    await signInAs(user);
    await screen.findByRole('heading', { name: heading, level: 1 });
    expect(window.location.hash).toBe(hash);
    expect(screen.queryByText(/does not give access/)).toBeNull();
  });

  it("does not leave a teller on the administrator's Staff screen the address still named", async () => {
    window.location.hash = '#/staff';
    await signInAs(STAFF.teller);
    await screen.findByRole('heading', { name: 'Accounts', level: 1 });
    expect(screen.queryByText(/does not give access/)).toBeNull();
  });
});

describe('links', () => {
  it.each(Object.values(STAFF).map((user) => ({ roles: user.roles.join(', '), user })))('gives $roles navigation links only to screens their roles may see', async ({ user }) => {
    fakeWorkstation({ signedIn: user }, emptyLedger(user)).wrap(<App onStatus={connected} />);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    for (const link of within(nav).getAllByRole('link')) {
      const route = parseRoute(link.getAttribute('href')!);
      const screenName = route.screen === 'account' || route.screen === 'receipt' ? 'accounts' : route.screen;
      expect(hasPermission(user, SCREEN_PERMISSION[screenName]), link.textContent!).toBe(true);
    }
  });

  it('shows the open alerts on the dashboard to compliance staff only, and the subscriptions to administrators only', async () => {
    window.location.hash = '#/dashboard';
    fakeWorkstation({ signedIn: STAFF.teller }).wrap(<App onStatus={connected} />);
    await screen.findByText('No deposits or withdrawals yet today.');
    expect(screen.queryByRole('heading', { name: 'Open alerts' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Subscriptions' })).toBeNull();
    cleanup();
    fakeWorkstation({ signedIn: STAFF.compliance }).wrap(<App onStatus={connected} />);
    expect(await screen.findByRole('link', { name: 'Review alerts' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Subscriptions' })).toBeNull();
    cleanup();
    fakeWorkstation({ signedIn: STAFF.admin }).wrap(<App onStatus={connected} />);
    expect((await screen.findByRole('heading', { name: 'Subscriptions' })).parentElement?.textContent).toContain('3 ok · 0 lagging · 0 failing');
    expect(screen.queryByRole('heading', { name: 'Open alerts' })).toBeNull();
  });

  it('points someone who typed a refused address at their own start screen', async () => {
    window.location.hash = '#/operations';
    fakeWorkstation({ signedIn: STAFF.compliance }).wrap(<App onStatus={connected} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/does not give access/);
    expect(screen.getByRole('link', { name: 'Go to your start screen' }).getAttribute('href')).toBe('#/compliance');
  });
});

describe('a one-time password', () => {
  const reset = { ...STAFF.teller, mustChangePassword: true };

  it('asks for a new password before showing anything of the ledger, then opens the start screen', async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({}, (method, input) => {
      if (method === 'auth.signIn') return ok(sessionOf(reset));
      if (method === 'auth.changePassword') return input.currentPassword === 'one time passphrase' ? ok(sessionOf(STAFF.teller)) : refused('INVALID_CREDENTIALS', 'The username or password is not right.', 'currentPassword');
      return undefined;
    });
    main.wrap(<App onStatus={connected} />);
    await user.type(await screen.findByLabelText('Username'), 'tom');
    await user.type(screen.getByLabelText('Password'), 'one time passphrase{Enter}');
    const form = await screen.findByRole('form', { name: 'Choose your password' });
    expect(screen.queryByRole('navigation')).toBeNull();
    await user.type(within(form).getByLabelText('One-time password'), 'a wrong guess');
    await user.type(within(form).getByLabelText('New password'), 'my own passphrase');
    await user.type(within(form).getByLabelText('New password again'), 'my own passphrase{Enter}');
    expect((await within(form).findByRole('alert')).textContent).toBe('The username or password is not right.');
    // The refused password is gone from its field; the new one stays typed.
    expect((within(form).getByLabelText('One-time password') as HTMLInputElement).value).toBe('');
    await user.type(within(form).getByLabelText('One-time password'), 'one time passphrase{Enter}');
    await screen.findByRole('heading', { name: 'Accounts', level: 1 });
    expect(main.calls.filter((c) => c.method === 'auth.changePassword').at(-1)!.input).toEqual({ currentPassword: 'one time passphrase', newPassword: 'my own passphrase' });
  });

  it('refuses two different new passwords before asking main', async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({ signedIn: reset });
    main.wrap(<App onStatus={connected} />);
    const form = await screen.findByRole('form', { name: 'Choose your password' });
    await user.type(within(form).getByLabelText('One-time password'), 'one time passphrase');
    await user.type(within(form).getByLabelText('New password'), 'my own passphrase');
    await user.type(within(form).getByLabelText('New password again'), 'another passphrase{Enter}');
    expect((await within(form).findByRole('alert')).textContent).toMatch(/The two passwords differ/);
    await waitFor(() => expect(main.calls.map((c) => c.method)).not.toContain('auth.changePassword'));
  });
});
