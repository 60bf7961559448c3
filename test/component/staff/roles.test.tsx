// @vitest-environment jsdom
// What each role sees (jsdom): navigation and actions follow the signed-in person's roles; main's FORBIDDEN is shown plainly.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUserRow } from '@fidelis/shared/staff/api.js';
import { App } from '../../../renderer/src/App.js';
import { ProvisionForm } from '../../../renderer/src/screens/StaffScreen.js';
import { connected, fakeMain, fakeWorkstation, ok, refused, STAFF } from '../../support/fakeMain.js';

beforeEach(() => {
  window.location.hash = '';
  window.sessionStorage.clear();
});
afterEach(cleanup);

const account = { accountId: 'a1', number: 'ACC-1', holder: 'Ada Lovelace', currency: 'USD', balance: '100.00', availableBalance: '100.00', overdraftLimit: '0.00', status: 'ACTIVE', version: 1 };
const deposit = {
  eventId: 'ev-1',
  version: 1,
  seq: 2,
  type: 'DepositMade',
  occurredAt: '2026-11-26T10:00:00.000Z',
  amount: '100.00',
  runningBalance: '100.00',
  detail: 'cash',
  sourceType: 'cash',
  reference: null,
  reason: null,
  originalVersion: null,
  actor: 'tom',
  approvedBy: null,
  workstation: 'dev-1',
  branchId: 'B1',
  correlationId: 'c-1',
};
const accountAnswers = (method: string) => {
  if (method === 'account.get') return ok({ account, headVersion: 1, pointInTime: null });
  if (method === 'account.timeline') return ok({ total: 1, currency: 'USD', items: [deposit] });
  return undefined;
};
/** The same account once its balance is back to zero: the only time closing it is offered. */
const emptyAccountAnswers = (method: string) =>
  method === 'account.get' ? ok({ account: { ...account, balance: '0.00', availableBalance: '0.00' }, headVersion: 1, pointInTime: null }) : accountAnswers(method);

async function navigationOf(user: StaffUserRow): Promise<string[]> {
  fakeWorkstation({ signedIn: user }).wrap(<App onStatus={connected} />);
  const nav = await screen.findByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('navigation by role', () => {
  it('shows a teller the counter screens, without Staff, Operations, Compliance or Reports', async () => {
    expect(await navigationOf(STAFF.teller)).toEqual(['Dashboard', 'Accounts', 'Transfers', 'Payments', 'Event explorer', 'Sync']);
  });

  it('shows an administrator Staff and Operations, and no Compliance or Reports', async () => {
    const nav = await navigationOf(STAFF.admin);
    expect(nav).toEqual(expect.arrayContaining(['Staff', 'Operations']));
    expect(nav).not.toContain('Compliance');
    expect(nav).not.toContain('Reports');
  });

  it('shows compliance staff Compliance and Reports, and no Staff', async () => {
    const nav = await navigationOf(STAFF.compliance);
    expect(nav).toEqual(expect.arrayContaining(['Compliance', 'Reports']));
    expect(nav).not.toContain('Staff');
  });

  it("tells a teller who types a screen's address that their role does not give access to it", async () => {
    window.location.hash = '#/staff';
    const main = fakeWorkstation({ signedIn: STAFF.teller });
    main.wrap(<App onStatus={connected} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Your role does not give access to this screen/);
    expect(main.calls.map((c) => c.method)).not.toContain('staff.list');
  });
});

describe('actions by role', () => {
  // jsdom lays nothing out: the timeline's virtualized rows need their scroller to have a size.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(440);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  });
  afterEach(() => vi.restoreAllMocks());

  it("gives a teller deposit, withdrawal, transfer and each movement's receipt, but no Reverse, and no Close while money is in the account", async () => {
    window.location.hash = '#/accounts/a1';
    fakeWorkstation({ signedIn: STAFF.teller }, accountAnswers).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: /Ada Lovelace/ });
    expect(screen.getByRole('form', { name: 'Deposit' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Withdrawal' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'New transfer' })).toBeTruthy();
    expect((await screen.findByRole('link', { name: 'Receipt of version 1' })).getAttribute('href')).toBe('#/accounts/a1/receipt/1');
    expect(screen.queryByRole('button', { name: 'Reverse version 1' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close account…' })).toBeNull();
  });

  it('offers a teller Close once the balance is zero', async () => {
    window.location.hash = '#/accounts/a1';
    fakeWorkstation({ signedIn: STAFF.teller }, emptyAccountAnswers).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: /Ada Lovelace/ });
    expect(screen.getByRole('button', { name: 'Close account…' })).toBeTruthy();
  });

  it('shows compliance staff the account read-only: no forms to post with', async () => {
    window.location.hash = '#/accounts/a1';
    fakeWorkstation({ signedIn: STAFF.compliance }, accountAnswers).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: /Ada Lovelace/ });
    expect(screen.queryByRole('form', { name: 'Deposit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close account…' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'New transfer' })).toBeNull();
  });

  it('gives a supervisor Reverse on the timeline', async () => {
    window.location.hash = '#/accounts/a1';
    fakeWorkstation({ signedIn: STAFF.supervisor }, accountAnswers).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: /Ada Lovelace/ });
    expect(await screen.findByRole('button', { name: 'Reverse version 1' })).toBeTruthy();
  });

  it('hides opening an account from an administrator', async () => {
    window.location.hash = '#/accounts';
    fakeWorkstation({ signedIn: STAFF.admin }).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Accounts' });
    expect(screen.queryByRole('form', { name: 'Open an account' })).toBeNull();
    expect(await screen.findByText('No accounts yet.')).toBeTruthy();
  });

  it("shows main's FORBIDDEN answer as a clear message on the form", async () => {
    window.location.hash = '#/accounts/a1';
    const user = userEvent.setup();
    fakeWorkstation({ signedIn: STAFF.teller }, (method) =>
      method === 'account.deposit' ? refused('FORBIDDEN', 'Your role does not allow this: it is for tellers and supervisors.', 'role') : accountAnswers(method),
    ).wrap(<App onStatus={connected} />);
    const deposit = await screen.findByRole('form', { name: 'Deposit' });
    await user.type(within(deposit).getByLabelText('Amount (USD)'), '5{Enter}');
    expect((await within(deposit).findByRole('alert')).textContent).toBe('Your role does not allow this: it is for tellers and supervisors.');
  });
});

describe('payments by role', () => {
  it('lets an administrator read payments but gives them no form to send one', async () => {
    window.location.hash = '#/payments';
    fakeWorkstation({ signedIn: STAFF.admin }).wrap(<App onStatus={connected} />);
    await screen.findByRole('heading', { name: 'Payments', level: 2 });
    expect(screen.queryByRole('form', { name: 'Send a payment to another bank' })).toBeNull();
  });

  it('gives a teller the payment form but not the reconciliation run', async () => {
    window.location.hash = '#/payments';
    const user = userEvent.setup();
    fakeWorkstation({ signedIn: STAFF.teller }).wrap(<App onStatus={connected} />);
    await screen.findByRole('form', { name: 'Send a payment to another bank' });
    await user.click(screen.getByRole('tab', { name: 'Reconciliation' }));
    await screen.findByText('No reconciliation items for this day.');
    expect(screen.queryByRole('button', { name: 'Run reconciliation' })).toBeNull();
  });
});

describe('staff screen', () => {
  it('lists the people with their roles and status for an administrator', async () => {
    window.location.hash = '#/staff';
    fakeWorkstation({ signedIn: STAFF.admin }).wrap(<App onStatus={connected} />);
    const row = await screen.findByRole('row', { name: /tom/ });
    expect(row.textContent).toContain('Tom Teller');
    expect(row.textContent).toContain('Teller');
    expect(within(row).getByRole('button', { name: 'Disable tom…' })).toBeTruthy();
    // An administrator does not disable themself from this screen.
    expect(within(screen.getByRole('row', { name: /Ada Admin/ })).queryByRole('button')).toBeNull();
  });

  it('disables a person after confirmation', async () => {
    window.location.hash = '#/staff';
    const user = userEvent.setup();
    const main = fakeWorkstation({ signedIn: STAFF.admin }, (method, input) => (method === 'staff.disable' ? ok({ username: input.username }) : undefined));
    main.wrap(<App onStatus={connected} />);
    await user.click(await screen.findByRole('button', { name: 'Disable tom…' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Disable Tom Teller?' })).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(main.calls.find((c) => c.method === 'staff.disable')?.input).toEqual({ username: 'tom' }));
  });

  it('provisions a person with the roles ticked and an initial password typed twice', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method, input) => (method === 'staff.provision' ? ok({ username: input.username }) : refused('INTERNAL', 'not expected')));
    main.wrap(<ProvisionForm onProvisioned={() => {}} />);
    await user.type(screen.getByLabelText('Username'), 'sam');
    await user.type(screen.getByLabelText('Display name'), 'Sam Supervisor');
    await user.click(screen.getByRole('checkbox', { name: 'Teller' }));
    await user.click(screen.getByRole('button', { name: 'Add person' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the person at least one role.');
    await user.click(screen.getByRole('checkbox', { name: 'Supervisor' }));
    await user.type(screen.getByLabelText('Initial password'), 'first password 1');
    await user.type(screen.getByLabelText('Initial password again'), 'first password 1');
    await user.click(screen.getByRole('button', { name: 'Add person' }));
    await screen.findByText('Sam Supervisor (sam) can now sign in with the initial password.');
    expect(main.calls).toEqual([{ method: 'staff.provision', input: { username: 'sam', displayName: 'Sam Supervisor', roles: ['supervisor'], password: 'first password 1' } }]);
  });

  it("shows main's refusal of a taken username on the username field", async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => refused('STAFF_EXISTS', 'There is already a person called tom.', 'username'));
    main.wrap(<ProvisionForm onProvisioned={() => {}} />);
    await user.type(screen.getByLabelText('Username'), 'tom');
    await user.type(screen.getByLabelText('Display name'), 'Tom Two');
    await user.type(screen.getByLabelText('Initial password'), 'first password 1');
    await user.type(screen.getByLabelText('Initial password again'), 'first password 1');
    await user.click(screen.getByRole('button', { name: 'Add person' }));
    await waitFor(() => expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toBe('There is already a person called tom.');
  });
});
