// @vitest-environment jsdom
// Dual control and reversal dialogs (jsdom): a supervisor approves on the same screen and the same command is sent again;
// a reversal needs a reason.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import type { TimelineRow } from '@fidelis/shared/accounts/api.js';
import { MovementForm } from '../../../renderer/src/screens/MovementForm.js';
import { ReverseDialog } from '../../../renderer/src/screens/ReverseDialog.js';
import { TransferForm } from '../../../renderer/src/screens/TransfersScreen.js';
import { fakeMain, ok, refused, type Answer } from '../../support/fakeMain.js';

afterEach(cleanup);

const needsApproval = refused('APPROVAL_REQUIRED', 'A withdrawal over 10,000.00 USD needs a supervisor’s approval.', 'approval');
const posted = ok({ accountId: 'a1', version: 4, duplicate: false });

/** Main as dual control makes it: no approval → APPROVAL_REQUIRED; sue's right password → posted; anything else refused. */
function approvingAnswer(success: ApiResponse = posted): Answer {
  return (_method, input) => {
    const approval = input.approval as { username: string; password: string } | undefined;
    if (!approval) return needsApproval;
    if (approval.username === 'tom') return refused('FORBIDDEN', 'The approver must be another person than the teller.', 'approval');
    if (approval.password !== 'supervisor password') return refused('INVALID_CREDENTIALS', 'Wrong username or password for the approver.', 'approval');
    return success;
  };
}

const approvingMain = (success: ApiResponse = posted) => fakeMain(approvingAnswer(success));

async function withdraw(user: ReturnType<typeof userEvent.setup>, amount: string) {
  await user.type(screen.getByLabelText('Amount (USD)'), `${amount}{Enter}`);
  return screen.findByRole('dialog', { name: 'Supervisor approval needed' });
}

describe('dual control on a withdrawal', () => {
  it('asks for a supervisor on the same screen and resends the same command, with the same commandId, with the approval', async () => {
    const user = userEvent.setup();
    const main = approvingMain();
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    const dialog = await withdraw(user, '15000');
    expect(dialog.textContent).toContain('Withdrawal of 15,000.00 USD');
    expect(dialog.textContent).toContain('over the dual-control amount: a supervisor approves it here');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Supervisor username'));
    await user.type(within(dialog).getByLabelText('Supervisor username'), 'sue');
    await user.type(within(dialog).getByLabelText('Supervisor password'), 'supervisor password{Enter}');
    await screen.findByText('Withdrawal of 15,000.00 USD recorded. Approved by sue.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(main.calls).toHaveLength(2);
    const [first, second] = main.calls;
    expect(first!.input.approval).toBeUndefined();
    expect(second!.input).toEqual({ ...first!.input, approval: { username: 'sue', password: 'supervisor password' } });
    expect(second!.input.commandId).toBe(first!.input.commandId);
  });

  it('keeps the dialog open on a wrong supervisor password and says so there, clearing the password', async () => {
    const user = userEvent.setup();
    const main = approvingMain();
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    const dialog = await withdraw(user, '15000');
    await user.type(within(dialog).getByLabelText('Supervisor username'), 'sue');
    await user.type(within(dialog).getByLabelText('Supervisor password'), 'guess{Enter}');
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Wrong username or password for the approver.');
    expect((within(dialog).getByLabelText('Supervisor password') as HTMLInputElement).value).toBe('');
    expect(screen.queryByText(/recorded/)).toBeNull();
  });

  it('refuses the teller approving their own withdrawal, on the dialog', async () => {
    const user = userEvent.setup();
    const main = approvingMain();
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    const dialog = await withdraw(user, '15000');
    await user.type(within(dialog).getByLabelText('Supervisor username'), 'tom');
    await user.type(within(dialog).getByLabelText('Supervisor password'), 'my own password{Enter}');
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The approver must be another person than the teller.');
  });

  it('posts nothing when the teller cancels the approval, and says so on the form', async () => {
    const user = userEvent.setup();
    const main = approvingMain();
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    const dialog = await withdraw(user, '15000');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not posted: the supervisor approval was cancelled.');
    expect(main.calls).toHaveLength(1);
    // The amount stays, so the teller can try again.
    expect((screen.getByLabelText('Amount (USD)') as HTMLInputElement).value).toBe('15000');
  });

  it('closes the dialog and shows a refusal about the money itself on the amount field', async () => {
    const user = userEvent.setup();
    const main = approvingMain(refused('INSUFFICIENT_FUNDS', 'Insufficient funds: 15,000.00 USD requested, 12,000.00 USD available.', 'balance'));
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    const dialog = await withdraw(user, '15000');
    await user.type(within(dialog).getByLabelText('Supervisor username'), 'sue');
    await user.type(within(dialog).getByLabelText('Supervisor password'), 'supervisor password{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Amount (USD)').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/Insufficient funds/);
  });

  it('does not ask for approval when main does not want one', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => posted);
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '50{Enter}');
    await screen.findByText('Withdrawal of 50.00 USD recorded.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('dual control on a transfer', () => {
  it('resends the transfer with the approval and the same commandId, and names the approver', async () => {
    const user = userEvent.setup();
    const approving = approvingAnswer(ok({ transferId: 't1' }));
    // The account typed by its number is looked up as the Accounts search finds it.
    const main = fakeMain((method, input) =>
      method === 'accounts.list'
        ? ok({ total: 1, items: [{ accountId: 'a2', number: 'ACC-2', holder: 'Grace Hopper', currency: 'USD', balance: '0.00', status: 'ACTIVE', version: 0 }] })
        : approving(method, input),
    );
    main.wrap(<TransferForm from={{ accountId: 'a1', number: 'ACC-1', currency: 'USD' }} />);
    await user.type(screen.getByLabelText('To account number'), 'acc-2');
    await screen.findByText('Grace Hopper · USD');
    await user.type(screen.getByLabelText('Amount (USD)'), '20000{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Supervisor approval needed' });
    expect(dialog.textContent).toContain('Transfer of 20,000.00 USD from ACC-1 to acc-2');
    await user.type(within(dialog).getByLabelText('Supervisor username'), 'sue');
    await user.type(within(dialog).getByLabelText('Supervisor password'), 'supervisor password');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await screen.findByText('Transfer of 20,000.00 USD from ACC-1 to acc-2 started. Approved by sue.');
    const starts = main.calls.filter((c) => c.method === 'transfers.start');
    expect(starts).toHaveLength(2);
    expect(starts[0]!.input).toMatchObject({ fromAccountId: 'a1', toAccountId: 'a2', amount: '20000' });
    expect(starts[1]!.input.commandId).toBe(starts[0]!.input.commandId);
  });
});

const deposit: TimelineRow = {
  eventId: 'ev-3',
  version: 3,
  seq: 17,
  type: 'DepositMade',
  occurredAt: '2026-11-26T10:00:00.000Z',
  amount: '250.00',
  runningBalance: '1250.00',
  detail: 'cash · ref slip 9',
  sourceType: 'cash',
  reference: 'slip 9',
  reason: null,
  originalVersion: null,
  actor: 'tom',
  approvedBy: null,
  workstation: 'dev-1',
  branchId: 'B1',
  correlationId: 'c-1',
};

describe('reversal dialog', () => {
  it('needs a reason before anything is sent', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ok({ accountId: 'a1', version: 5, duplicate: false }));
    main.wrap(<ReverseDialog accountId="a1" row={deposit} currency="USD" onDone={() => {}} onCancel={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Reverse the deposit at version 3?' });
    expect(dialog.textContent).toContain('Deposit of 250.00 USD');
    await user.type(within(dialog).getByLabelText('Reason'), '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Reverse' }));
    expect(within(dialog).getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByRole('alert').textContent).toBe('Say why this movement is reversed.');
    expect(main.calls).toEqual([]);
  });

  it('reverses the movement by its event id with the reason, and reports it', async () => {
    const user = userEvent.setup();
    const done = vi.fn();
    const main = fakeMain(() => ok({ accountId: 'a1', version: 5, duplicate: false }));
    main.wrap(<ReverseDialog accountId="a1" row={deposit} currency="USD" onDone={done} onCancel={() => {}} />);
    await user.type(screen.getByLabelText('Reason'), 'Posted to the wrong account');
    await user.click(screen.getByRole('button', { name: 'Reverse' }));
    await waitFor(() => expect(done).toHaveBeenCalledWith('Deposit of 250.00 USD at version 3 reversed.'));
    expect(main.calls).toEqual([{ method: 'account.reverse', input: { accountId: 'a1', originalEventId: 'ev-3', reason: 'Posted to the wrong account', commandId: expect.any(String) } }]);
  });

  it("shows main's refusal (already reversed) on the dialog and keeps it open", async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => refused('ALREADY_REVERSED', 'Event ev-3 was already reversed at version 4.', 'eventId'));
    main.wrap(<ReverseDialog accountId="a1" row={deposit} currency="USD" onDone={() => {}} onCancel={() => {}} />);
    await user.type(screen.getByLabelText('Reason'), 'Duplicate');
    await user.click(screen.getByRole('button', { name: 'Reverse' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Event ev-3 was already reversed at version 4.');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('cancels on Esc', async () => {
    const user = userEvent.setup();
    const cancel = vi.fn();
    fakeMain(() => ok({})).wrap(<ReverseDialog accountId="a1" row={deposit} currency="USD" onDone={() => {}} onCancel={cancel} />);
    await user.keyboard('{Escape}');
    expect(cancel).toHaveBeenCalledOnce();
  });
});
