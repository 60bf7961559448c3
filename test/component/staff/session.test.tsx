// @vitest-environment jsdom
// Signing in (jsdom): the first administrator, sign-in with clear refusals, resume after a reload, the lock screen.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/App.js';
import { connected, fakeWorkstation, ok, refused, sessionOf, STAFF } from '../../support/fakeMain.js';

beforeEach(() => {
  window.location.hash = '';
  window.sessionStorage.clear();
});
afterEach(cleanup);

const header = () => screen.getByRole('banner');

describe('first administrator on a new workstation', () => {
  it('asks for username, name and the password twice, shows the policy, and refuses a short or mistyped password before sending', async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({ staffExists: false }, (method, input) => (method === 'auth.bootstrap' ? ok(sessionOf({ ...STAFF.admin, username: String(input.username), displayName: String(input.displayName) })) : undefined));
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Create the first administrator' });
    expect(screen.getByText('At least 10 characters.')).toBeTruthy();
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Display name'), 'Ada Admin');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Password again'), 'short{Enter}');
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('The password must have at least 10 characters.');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.clear(screen.getByLabelText('Password again'));
    await user.type(screen.getByLabelText('Password again'), 'correct horse batterz{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('The two passwords differ: type the same password twice.');
    expect(main.calls.map((c) => c.method)).not.toContain('auth.bootstrap');

    await user.clear(screen.getByLabelText('Password again'));
    await user.type(screen.getByLabelText('Password again'), 'correct horse battery{Enter}');
    await within(header()).findByText('Ada Admin');
    expect(main.calls.find((c) => c.method === 'auth.bootstrap')!.input).toEqual({ username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery' });
    expect(within(header()).getByText(/Administrator/)).toBeTruthy();
    expect(window.sessionStorage.getItem('fidelis.session')).toBe('token-ada');
  });

  it("shows main's password rule on the password field", async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({ staffExists: false }, (method) =>
      method === 'auth.bootstrap' ? refused('WEAK_PASSWORD', 'A password needs at least 10 characters and may not be the username.', 'password') : undefined,
    );
    main.wrap(<App onStatus={connected} />);
    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Display name'), 'Ada');
    await user.type(screen.getByLabelText('Password'), 'adaadaadaada');
    await user.type(screen.getByLabelText('Password again'), 'adaadaadaada{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toMatch(/may not be the username/);
  });
});

describe('sign-in', () => {
  it('says clearly when the password is wrong, and empties the password field', async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({}, (method) => (method === 'auth.signIn' ? refused('INVALID_CREDENTIALS', 'Wrong username or password.') : undefined));
    main.wrap(<App onStatus={connected} />);
    await user.type(await screen.findByLabelText('Username'), 'tom');
    await user.type(screen.getByLabelText('Password'), 'not my password{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password.');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('says when the account is locked out after too many attempts', async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({}, (method) => (method === 'auth.signIn' ? refused('STAFF_LOCKED_OUT', 'Too many failed attempts: try again in 5 minutes.') : undefined));
    main.wrap(<App onStatus={connected} />);
    await user.type(await screen.findByLabelText('Username'), 'tom');
    await user.type(screen.getByLabelText('Password'), 'whatever-it-is{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Too many failed attempts: try again in 5 minutes.');
  });

  it("signs in on the teller's start screen, shows who is signed in with their roles, and keeps the token for this tab", async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({}, (method) => (method === 'auth.signIn' ? ok(sessionOf(STAFF.teller)) : undefined));
    main.wrap(<App onStatus={connected} />);
    await user.type(await screen.findByLabelText('Username'), ' tom ');
    await user.type(screen.getByLabelText('Password'), 'teller password{Enter}');
    await screen.findByRole('heading', { name: 'Accounts', level: 1 });
    expect(window.location.hash).toBe('#/accounts');
    expect(main.calls.find((c) => c.method === 'auth.signIn')!.input).toEqual({ username: 'tom', password: 'teller password' });
    expect(within(header()).getByTestId('signed-in-user').textContent).toBe('Tom Teller (tom) · Teller');
    expect(window.sessionStorage.getItem('fidelis.session')).toBe('token-tom');
  });

  it('resumes the session of this tab after a reload, without asking for the password', async () => {
    window.sessionStorage.setItem('fidelis.session', 'token-sue');
    const main = fakeWorkstation({}, (method, input) => (method === 'auth.resume' && input.token === 'token-sue' ? ok(sessionOf(STAFF.supervisor)) : undefined));
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Today' });
    expect(within(header()).getByText('Sue Supervisor')).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('goes back to sign-in, saying why, when main answers UNAUTHENTICATED to any call', async () => {
    const main = fakeWorkstation({ signedIn: STAFF.teller }, (method) => (method === 'dashboard.activity' ? refused('UNAUTHENTICATED', 'Sign in first.') : undefined));
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(screen.getByText('Your session has ended. Sign in again.')).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('signs out from the header', async () => {
    const user = userEvent.setup();
    window.sessionStorage.setItem('fidelis.session', 'token-tom');
    const main = fakeWorkstation({ signedIn: STAFF.teller });
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Today' });
    await user.click(within(header()).getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(main.calls.map((c) => c.method)).toContain('auth.signOut');
    expect(window.sessionStorage.getItem('fidelis.session')).toBeNull();
  });
});

describe('lock screen', () => {
  it('locks from the header, hides the ledger, and opens again only with the password', async () => {
    const user = userEvent.setup();
    let password = '';
    const main = fakeWorkstation({ signedIn: STAFF.teller }, (method, input) => {
      if (method !== 'auth.unlock') return undefined;
      password = String(input.password);
      return password === 'teller password' ? ok(sessionOf(STAFF.teller)) : refused('INVALID_CREDENTIALS', 'Wrong password.', 'password');
    });
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Today' });
    await user.click(within(header()).getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Locked' });
    // Main locks the session too: another window on it is refused until the password is given.
    expect(main.calls.map((c) => c.method)).toContain('auth.lock');
    expect(screen.queryByRole('heading', { name: 'Today' })).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByText('Tom Teller')).toBeTruthy();
    // Only a password is asked: no username to change.
    expect(screen.queryByLabelText('Username')).toBeNull();

    await user.type(screen.getByLabelText('Password'), 'wrong{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toBe('Wrong password.');
    await user.type(screen.getByLabelText('Password'), 'teller password{Enter}');
    await screen.findByRole('heading', { name: 'Today' });
    expect(password).toBe('teller password');
  });

  it('stays locked after a reload of the page', async () => {
    const user = userEvent.setup();
    window.sessionStorage.setItem('fidelis.session', 'token-tom');
    const first = fakeWorkstation({ signedIn: STAFF.teller });
    const { unmount } = first.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Today' });
    await user.click(within(header()).getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Locked' });
    unmount();
    // The reloaded page finds the session open in main, but the screen was locked: it stays locked.
    fakeWorkstation({ signedIn: STAFF.teller }).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Locked' });
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('shows the lock screen when main says the session locked after inactivity', async () => {
    const main = fakeWorkstation({ signedIn: STAFF.teller }, (method) => (method === 'dashboard.activity' ? refused('SESSION_LOCKED', 'The session is locked: enter your password.') : undefined));
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Locked' });
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('opens on the lock screen when the resumed session is locked', async () => {
    const main = fakeWorkstation({ signedIn: STAFF.supervisor, locked: true });
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Locked' });
    expect(main.calls.map((c) => c.method)).not.toContain('dashboard.activity');
  });

  it('locks by itself after the idle time main gives, without any input', async () => {
    // 0.002 minutes = 120 ms: the lock comes when no key or pointer moved for that long.
    const main = fakeWorkstation({ signedIn: STAFF.teller, idleLockMinutes: 0.002 });
    main.wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Today' });
    await screen.findByRole('heading', { name: 'Locked' }, { timeout: 3_000 });
  });

  it('signs out from the lock screen for the next person', async () => {
    const user = userEvent.setup();
    const main = fakeWorkstation({ signedIn: STAFF.teller, locked: true });
    main.wrap(<App onStatus={connected} />);
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(main.calls.map((c) => c.method)).toContain('auth.signOut');
  });
});
