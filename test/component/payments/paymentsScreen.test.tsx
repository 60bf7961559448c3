// @vitest-environment jsdom
// The Payments screen (jsdom): the send form's checks and refusals, the list with live statuses, PayFlow's status, and
// reconciliation items resolved with a note.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentRow, ReconciliationItemDto } from '@fidelis/shared/payments/api.js';
import { App } from '../../../renderer/src/App.js';
import { PaymentForm } from '../../../renderer/src/screens/PaymentForm.js';
import { connected, fakeMain, fakeWorkstation, ok, refused, STAFF } from '../../support/fakeMain.js';

beforeEach(() => {
  window.location.hash = '#/payments';
  window.sessionStorage.clear();
});
afterEach(cleanup);

const accountRow = { accountId: 'a1', number: 'ACC-1', holder: 'Ada Lovelace', currency: 'USD', balance: '900.00', status: 'ACTIVE', version: 2 };
const accounts = (method: string) => (method === 'accounts.list' ? ok({ total: 1, items: [accountRow] }) : undefined);

const payment = (change: Partial<PaymentRow>): PaymentRow => ({
  paymentId: 'p1',
  accountId: 'a1',
  accountNumber: 'ACC-1',
  direction: 'outbound',
  amount: '250.00',
  currency: 'USD',
  beneficiary: { name: 'Grace Hopper', accountNumber: 'DE001', bankCode: 'BANKDE' },
  status: 'SUBMITTED',
  payflowId: 'pf_1',
  reference: 'p1',
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:01.000Z',
  failureReason: null,
  attempts: 1,
  ...change,
});

async function fill(user: ReturnType<typeof userEvent.setup>, values: Partial<Record<string, string>>) {
  for (const [label, value] of Object.entries(values)) if (value) await user.type(screen.getByLabelText(label), value);
}

describe('send a payment', () => {
  it('says what is missing, field by field, before sending anything', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) => accounts(method) ?? refused('INTERNAL', 'not expected'));
    main.wrap(<PaymentForm />);
    // An account this workstation does not list: its currency is unknown, the amount is still checked.
    await fill(user, { 'From account': 'zz', "Amount (in the account's currency)": '0' });
    await user.click(screen.getByRole('button', { name: 'Send payment' }));
    await waitFor(() => expect(screen.getByLabelText("Beneficiary name").getAttribute('aria-invalid')).toBe('true'));
    const errors = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(errors).toEqual(expect.arrayContaining(['Enter an amount above zero, like 250.00.', "Enter the beneficiary's name.", "Enter the beneficiary's account number.", "Enter the beneficiary's bank code."]));
    expect(main.calls.map((c) => c.method)).not.toContain('payments.send');
  });

  it("checks the amount in the chosen account's currency", async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) => accounts(method) ?? refused('INTERNAL', 'not expected'));
    main.wrap(<PaymentForm />);
    await user.type(screen.getByLabelText('From account'), 'a1');
    await screen.findByText('ACC-1 · Ada Lovelace · USD');
    await fill(user, { 'Amount (USD)': '10.001', 'Beneficiary name': 'Grace', 'Beneficiary account number': 'DE001', 'Bank code': 'BANKDE' });
    await user.click(screen.getByRole('button', { name: 'Send payment' }));
    expect(screen.getByLabelText('Amount (USD)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('USD has 2 decimal places: "10.001" has 3.');
  });

  it('sends the payment with the beneficiary and memo, and says its status', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) => accounts(method) ?? (method === 'payments.send' ? ok({ paymentId: 'p9', status: 'QUEUED' }) : refused('INTERNAL', 'not expected')));
    main.wrap(<PaymentForm />);
    await user.type(screen.getByLabelText('From account'), 'a1');
    await screen.findByText('ACC-1 · Ada Lovelace · USD');
    await fill(user, { 'Amount (USD)': '250.00', 'Beneficiary name': 'Grace Hopper', 'Beneficiary account number': 'DE001', 'Bank code': 'BANKDE', 'Memo (optional)': 'Invoice 7' });
    await user.click(screen.getByRole('button', { name: 'Send payment' }));
    await screen.findByText('Payment of 250.00 USD to Grace Hopper is queued.');
    const send = main.calls.find((c) => c.method === 'payments.send')!;
    expect(send.input).toEqual({ accountId: 'a1', amount: '250.00', beneficiary: { name: 'Grace Hopper', accountNumber: 'DE001', bankCode: 'BANKDE' }, memo: 'Invoice 7', commandId: expect.any(String) });
  });

  it("shows main's refusal on the beneficiary field it names", async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) => accounts(method) ?? refused('VALIDATION', 'beneficiary.bankCode: A bank code has at most 20 characters.', 'beneficiary.bankCode'));
    main.wrap(<PaymentForm />);
    await fill(user, { 'From account': 'a1' });
    await screen.findByText('ACC-1 · Ada Lovelace · USD');
    await fill(user, { 'Amount (USD)': '5', 'Beneficiary name': 'G', 'Beneficiary account number': '1', 'Bank code': 'X' });
    await user.click(screen.getByRole('button', { name: 'Send payment' }));
    await waitFor(() => expect(screen.getByLabelText('Bank code').getAttribute('aria-invalid')).toBe('true'));
  });

  it('asks for a supervisor over the dual-control amount and resends with the same commandId', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method, input) => {
      if (method !== 'payments.send') return accounts(method) ?? refused('INTERNAL', 'not expected');
      return input.approval ? ok({ paymentId: 'p9', status: 'SUBMITTED' }) : refused('APPROVAL_REQUIRED', 'A payment over 10,000.00 USD needs a supervisor’s approval.', 'approval');
    });
    main.wrap(<PaymentForm />);
    await fill(user, { 'From account': 'a1' });
    await screen.findByText('ACC-1 · Ada Lovelace · USD');
    await fill(user, { 'Amount (USD)': '12000', 'Beneficiary name': 'Grace Hopper', 'Beneficiary account number': 'DE001', 'Bank code': 'BANKDE' });
    await user.click(screen.getByRole('button', { name: 'Send payment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Supervisor approval needed' });
    await user.type(within(dialog).getByLabelText('Supervisor username'), 'sue');
    await user.type(within(dialog).getByLabelText('Supervisor password'), 'supervisor password{Enter}');
    await screen.findByText('Payment of 12,000.00 USD to Grace Hopper is submitted. Approved by sue.');
    const sends = main.calls.filter((c) => c.method === 'payments.send');
    expect(sends[1]!.input.commandId).toBe(sends[0]!.input.commandId);
  });
});

describe('payments list and PayFlow status', () => {
  it('lists each payment with its status, attempts and failure reason, and shows PayFlow down with the queue', async () => {
    fakeWorkstation(
      {
        signedIn: STAFF.teller,
        payments: [payment({}), payment({ paymentId: 'p2', status: 'FAILED', failureReason: 'Beneficiary account closed', attempts: 3, payflowId: 'pf_2' }), payment({ paymentId: 'p3', status: 'HELD', payflowId: null, attempts: 0 })],
        payflow: { breaker: 'open', queued: 2, lastError: 'PayFlow answered 503', nextAttemptAt: '2026-11-26T10:05:00.000Z' },
      },
      accounts,
    ).wrap(<App onStatus={connected} />);
    const list = await screen.findByRole('table', { name: 'Payments' });
    const failed = within(list).getByText('Failed').closest('tr')!;
    expect(failed.textContent).toContain('Beneficiary account closed');
    expect(failed.textContent).toContain('3');
    expect(within(list).getByText('Submitted').closest('tr')!.textContent).toContain('pf_1');
    expect(within(list).getByText('Held')).toBeTruthy();
    expect(within(list).getByText('Submitted').closest('tr')!.textContent).toContain('250.00 USD');
    const status = screen.getByLabelText('PayFlow status');
    expect(status.textContent).toContain('Open — PayFlow is down, payments wait');
    expect(screen.getByTestId('payments-queued').textContent).toBe('2');
    expect(status.textContent).toContain('PayFlow answered 503');
  });
});

describe('reconciliation', () => {
  const item: ReconciliationItemDto = {
    itemId: 'i1',
    date: '2026-11-25',
    kind: 'AMOUNT_MISMATCH',
    paymentId: 'p1',
    payflowId: 'pf_1',
    fidelis: { amount: '250.00', currency: 'USD', status: 'COMPLETED', direction: 'outbound' },
    payflow: { amount: '205.00', currency: 'USD', status: 'completed', direction: 'outbound' },
    status: 'open',
    resolution: null,
  };

  it('runs a day, lists its items with both amounts, and resolves one with a note', async () => {
    const user = userEvent.setup();
    let resolved = false;
    const main = fakeWorkstation({ signedIn: STAFF.supervisor }, (method, input) => {
      if (method === 'payments.reconcile') return ok({ date: input.date, matched: 4, items: [item] });
      if (method === 'payments.reconciliation')
        return ok({ items: input.date === '2026-11-25' ? [resolved ? { ...item, status: 'resolved', resolution: { note: 'PayFlow fee', actor: 'sue', resolvedAt: '2026-11-26T11:00:00.000Z' } } : item] : [] });
      if (method === 'payments.resolveItem') {
        resolved = true;
        return ok({ itemId: input.itemId, status: 'resolved' });
      }
      return accounts(method);
    });
    main.wrap(<App onStatus={connected} />);
    await user.click(await screen.findByRole('tab', { name: 'Reconciliation' }));
    const day = screen.getByLabelText('Day');
    await user.clear(day);
    await user.type(day, '2026-11-25');
    await user.click(screen.getByRole('button', { name: 'Run reconciliation' }));
    await screen.findByText('2026-11-25: 4 payments matched, 1 item to look at.');
    const row = (await screen.findByText('Amount differs')).closest('tr')!;
    expect(row.textContent).toContain('250.00 USD · completed');
    expect(row.textContent).toContain('205.00 USD · completed');
    await user.click(within(row).getByRole('button', { name: /Resolve/ }));
    const dialog = screen.getByRole('dialog', { name: 'Resolve: Amount differs' });
    await user.click(within(dialog).getByRole('button', { name: 'Resolve' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Say how the item was resolved.');
    await user.type(within(dialog).getByLabelText('Note'), 'PayFlow fee');
    await user.click(within(dialog).getByRole('button', { name: 'Resolve' }));
    await screen.findByText(/PayFlow fee — sue/);
    expect(main.calls.find((c) => c.method === 'payments.resolveItem')!.input).toEqual({ itemId: 'i1', note: 'PayFlow fee' });
  });
});
