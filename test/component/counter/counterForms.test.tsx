// @vitest-environment jsdom
// The counter's forms between transactions (jsdom): the last outcome goes as soon as the teller types again, and a
// choice made for one deposit (its source) is not carried to the next.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { MovementForm } from '../../../renderer/src/screens/MovementForm.js';
import { PointInTimeControl } from '../../../renderer/src/screens/PointInTimeControl.js';
import { TransferForm } from '../../../renderer/src/screens/TransfersScreen.js';
import { fakeMain, ok, refused } from '../../support/fakeMain.js';

afterEach(cleanup);

const posted = (version: number) => ok({ accountId: 'a1', version, duplicate: false });
const status = (form: HTMLElement) => within(form).getByRole('status');

describe('stale outcomes', () => {
  it("clears the green 'recorded' line when the next amount typed is refused as the teller leaves the field", async () => {
    const user = userEvent.setup();
    fakeMain(() => posted(3)).wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    const form = screen.getByRole('form', { name: 'Deposit' });
    await user.type(screen.getByLabelText('Amount (USD)'), '75.25{Enter}');
    await within(form).findByText('Deposit of 75.25 USD recorded.');
    await user.type(screen.getByLabelText('Amount (USD)'), '10.001');
    // The line goes with the first key, before anything is sent.
    expect(status(form).textContent).toBe('');
    await user.tab();
    expect(within(form).getByRole('alert').textContent).toBe('USD has 2 decimal places: "10.001" has 3.');
    expect(within(form).queryByText(/recorded/)).toBeNull();
  });

  it("clears main's refusal when the teller changes the amount it was about", async () => {
    const user = userEvent.setup();
    fakeMain(() => refused('INSUFFICIENT_FUNDS', 'Insufficient funds: 900.00 USD requested, 100.00 USD available.', 'balance')).wrap(
      <MovementForm kind="withdrawal" accountId="a1" currency="USD" />,
    );
    const amount = screen.getByLabelText('Amount (USD)');
    await user.type(amount, '900{Enter}');
    await screen.findByText(/Insufficient funds/);
    await user.type(amount, '{Backspace}');
    expect(screen.queryByText(/Insufficient funds/)).toBeNull();
    expect(amount.getAttribute('aria-invalid')).toBe('false');
  });

  it('clears a refusal of the whole form when any field changes', async () => {
    const user = userEvent.setup();
    fakeMain(() => refused('ACCOUNT_CLOSED', 'Account ACC-1 is closed.', 'status')).wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '5{Enter}');
    await screen.findByText('Account ACC-1 is closed.');
    await user.type(screen.getByLabelText('Reference (optional)'), 'x');
    expect(screen.queryByText('Account ACC-1 is closed.')).toBeNull();
  });

  it("clears the transfer's 'started' line on the next edit", async () => {
    const user = userEvent.setup();
    fakeMain((method) => (method === 'transfers.start' ? ok({ transferId: 't1' }) : ok({ total: 0, items: [] }))).wrap(
      <TransferForm from={{ accountId: 'a1', number: 'ACC-1', currency: 'USD' }} />,
    );
    await user.type(screen.getByLabelText('To account number'), 'ACC-2');
    await user.type(screen.getByLabelText('Amount (USD)'), '300{Enter}');
    await screen.findByText('Transfer of 300.00 USD from ACC-1 to ACC-2 started.');
    await user.type(screen.getByLabelText('To account number'), 'A');
    expect(screen.queryByText(/started/)).toBeNull();
  });

  it('drops the point-in-time error when the teller goes back to now', async () => {
    const user = userEvent.setup();
    const shown: unknown[] = [];
    const { rerender } = fakeMain(() => ok({})).wrap(<PointInTimeControl headVersion={4} value={{ version: 1 }} onChange={(value) => shown.push(value)} />);
    await user.type(screen.getByLabelText('Version (0–4)'), '9{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Enter a version from 0 to 4.');
    await user.click(screen.getByRole('button', { name: 'Back to now' }));
    expect(shown).toEqual([null]);
    rerender(<PointInTimeControl headVersion={4} value={null} onChange={() => {}} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('per-transaction choices', () => {
  it('puts the source back to cash after a check deposit, so the next cash deposit goes in as cash', async () => {
    const user = userEvent.setup();
    let version = 1;
    const main = fakeMain(() => posted(version++));
    main.wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    const source = screen.getByLabelText('Source') as HTMLSelectElement;
    expect(source.value).toBe('cash');
    await user.selectOptions(source, 'Check');
    await user.type(screen.getByLabelText('Amount (USD)'), '250{Enter}');
    await screen.findByText('Deposit of 250.00 USD recorded.');
    expect(source.value).toBe('cash');
    await user.type(screen.getByLabelText('Amount (USD)'), '40{Enter}');
    await waitFor(() => expect(main.calls).toHaveLength(2));
    expect(main.calls.map((c) => c.input.sourceType)).toEqual(['check', 'cash']);
  });

  it('keeps the source chosen while a deposit is refused, so the teller fixes only what was wrong', async () => {
    const user = userEvent.setup();
    fakeMain(() => refused('INVALID_AMOUNT', 'That amount is too large.', 'amount')).wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    await user.selectOptions(screen.getByLabelText('Source'), 'Wire');
    await user.type(screen.getByLabelText('Amount (USD)'), '9{Enter}');
    await screen.findByText('That amount is too large.');
    expect((screen.getByLabelText('Source') as HTMLSelectElement).value).toBe('wire');
  });

  it('names the sources as a teller says them', () => {
    fakeMain(() => ok({})).wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    const labels = within(screen.getByLabelText('Source')).getAllByRole('option').map((o) => o.textContent);
    expect(labels).toEqual(['Cash', 'Check', 'Wire', 'ACH', 'Payroll', 'Bank transfer', 'Manual entry']);
  });

  it('links the recorded line to the receipt of the event it made', async () => {
    const user = userEvent.setup();
    fakeMain(() => posted(7)).wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '20{Enter}');
    await screen.findByText('Withdrawal of 20.00 USD recorded.');
    expect(screen.getByRole('link', { name: 'Receipt' }).getAttribute('href')).toBe('#/accounts/a1/receipt/7');
  });
});
