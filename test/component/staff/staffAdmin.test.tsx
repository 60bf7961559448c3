// @vitest-environment jsdom
// An administrator looks after people on the Staff screen (jsdom): roles, a one-time password, disabling and enabling.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/App.js';
import { connected, fakeWorkstation, ok, refused, STAFF } from '../../support/fakeMain.js';

beforeEach(() => {
  window.location.hash = '#/staff';
  window.sessionStorage.clear();
});
afterEach(cleanup);

const disabledTom = { ...STAFF.teller, disabled: true };

function staffScreen(answer: (method: string, input: Record<string, unknown>) => ReturnType<typeof ok> | undefined = () => undefined, users = Object.values(STAFF)) {
  const main = fakeWorkstation({ signedIn: STAFF.admin }, (method, input) => (method === 'staff.list' ? ok({ users }) : answer(method, input)));
  main.wrap(<App onStatus={connected} />);
  return main;
}

describe('staff administration', () => {
  it("changes someone's roles from a dialog, refusing none ticked", async () => {
    const user = userEvent.setup();
    const main = staffScreen((method, input) => (method === 'staff.changeRoles' ? ok({ username: input.username }) : undefined));
    await user.click(await screen.findByRole('button', { name: 'Roles of tom…' }));
    const dialog = screen.getByRole('dialog', { name: 'Roles of Tom Teller' });
    expect((within(dialog).getByRole('checkbox', { name: 'Teller' }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(dialog).getByRole('checkbox', { name: 'Teller' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save roles' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Give the person at least one role.');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Supervisor' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save roles' }));
    await screen.findByText('Tom Teller is now Supervisor.');
    expect(main.calls.filter((c) => c.method === 'staff.changeRoles').map((c) => c.input)).toEqual([{ username: 'tom', roles: ['supervisor'] }]);
  });

  it('sets a one-time password typed twice, and says the person chooses their own next', async () => {
    const user = userEvent.setup();
    const main = staffScreen((method, input) => (method === 'staff.resetPassword' ? ok({ username: input.username }) : undefined));
    await user.click(await screen.findByRole('button', { name: 'Reset password of tom…' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset the password of Tom Teller' });
    await user.type(within(dialog).getByLabelText('One-time password'), 'one time passphrase');
    await user.type(within(dialog).getByLabelText('One-time password again'), 'one time passphrase{Enter}');
    await screen.findByText('Tom Teller signs in with the one-time password and then chooses their own.');
    expect(main.calls.filter((c) => c.method === 'staff.resetPassword').map((c) => c.input)).toEqual([{ username: 'tom', password: 'one time passphrase' }]);
  });

  it("shows main's refusal of a weak one-time password on its field", async () => {
    const user = userEvent.setup();
    staffScreen((method) => (method === 'staff.resetPassword' ? refused('WEAK_PASSWORD', 'The password must not contain the username.', 'password') : undefined));
    await user.click(await screen.findByRole('button', { name: 'Reset password of tom…' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('One-time password'), 'tom tom tom tom');
    await user.type(within(dialog).getByLabelText('One-time password again'), 'tom tom tom tom{Enter}');
    await waitFor(() => expect(within(dialog).getByLabelText('One-time password').getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByRole('alert').textContent).toBe('The password must not contain the username.');
  });

  it('enables a disabled person again after confirmation, and marks a pending one-time password', async () => {
    const user = userEvent.setup();
    const main = staffScreen((method, input) => (method === 'staff.enable' ? ok({ username: input.username }) : undefined), [STAFF.admin, disabledTom, { ...STAFF.supervisor, mustChangePassword: true }]);
    const row = await screen.findByRole('row', { name: /Tom Teller/ });
    expect(row.textContent).toContain('Disabled');
    expect(within(row).queryByRole('button', { name: /Roles of/ })).toBeNull();
    expect(screen.getByRole('row', { name: /Sue Supervisor/ }).textContent).toContain('One-time password');
    await user.click(within(row).getByRole('button', { name: 'Enable tom…' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Enable Tom Teller?' })).getByRole('button', { name: 'Enable' }));
    await screen.findByText('Tom Teller is enabled again.');
    expect(main.calls.filter((c) => c.method === 'staff.enable').map((c) => c.input)).toEqual([{ username: 'tom' }]);
  });

  it('offers an administrator no action on their own row', async () => {
    staffScreen();
    const own = await screen.findByRole('row', { name: /Ada Admin/ });
    expect(within(own).queryByRole('button')).toBeNull();
    expect(own.textContent).toContain('You');
  });
});
