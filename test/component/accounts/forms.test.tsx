// @vitest-environment jsdom
// Teller forms in the renderer (jsdom): amount input, Enter submits, Esc clears, refusals from main shown on the right field.

import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { AmountInput } from '../../../renderer/src/components/AmountInput.js';
import { ConfirmDialog } from '../../../renderer/src/components/ConfirmDialog.js';
import { displayMoney } from '../../../renderer/src/format.js';
import { MovementForm } from '../../../renderer/src/screens/MovementForm.js';
import { OpenAccountForm } from '../../../renderer/src/screens/OpenAccountForm.js';
import { fakeMain } from '../../support/fakeMain.js';

afterEach(cleanup);


const accepted: ApiResponse = { ok: true, result: { accountId: 'a1', version: 1, duplicate: false } };

function ControlledAmount({ currency }: { currency: string }) {
  const [value, setValue] = useState('');
  return (
    <>
      <AmountInput label="Amount" currency={currency} value={value} onChange={setValue} />
      <button type="button">elsewhere</button>
    </>
  );
}

describe('amount input', () => {
  it('names the currency and flags more decimals than the currency has when the teller leaves the field', async () => {
    const user = userEvent.setup();
    render(<ControlledAmount currency="USD" />);
    const input = screen.getByLabelText('Amount (USD)');
    await user.type(input, '10.001');
    await user.tab();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('USD has 2 decimal places: "10.001" has 3.');
    expect(input.getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id);
  });

  it('takes whole yen and refuses fractions of a yen', async () => {
    const user = userEvent.setup();
    render(<ControlledAmount currency="JPY" />);
    const input = screen.getByLabelText('Amount (JPY)');
    await user.type(input, '1500');
    await user.tab();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    await user.type(input, '.5');
    await user.tab();
    expect(screen.getByRole('alert').textContent).toMatch(/JPY has no minor units/);
  });

  it('refuses separators and signs with a message saying what to type', async () => {
    const user = userEvent.setup();
    render(<ControlledAmount currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '1,000');
    await user.tab();
    expect(screen.getByRole('alert').textContent).toMatch(/without thousands separators/);
  });
});

describe('deposit and withdrawal form', () => {
  it('posts a withdrawal when the teller presses Enter, with the amount as typed', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => accepted);
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '150.25{Enter}');
    await waitFor(() => expect(main.calls).toHaveLength(1));
    expect(main.calls[0]).toMatchObject({ method: 'account.withdraw', input: { accountId: 'a1', amount: '150.25' } });
    expect(main.calls[0]!.input.commandId).toEqual(expect.any(String));
    await screen.findByText('Withdrawal of 150.25 USD recorded.');
    expect((screen.getByLabelText('Amount (USD)') as HTMLInputElement).value).toBe('');
  });

  it('shows insufficient funds from main on the amount field', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ({ ok: false, error: { code: 'INSUFFICIENT_FUNDS', field: 'balance', message: 'Insufficient funds: 5,000.00 USD requested, 1,500.00 USD available.' } }));
    main.wrap(<MovementForm kind="withdrawal" accountId="a1" currency="USD" />);
    const amount = screen.getByLabelText('Amount (USD)');
    await user.type(amount, '5000{Enter}');
    const error = await screen.findByText('Insufficient funds: 5,000.00 USD requested, 1,500.00 USD available.');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(amount.getAttribute('aria-describedby')).toContain(error.id);
    expect((amount as HTMLInputElement).value).toBe('5000');
  });

  it('shows a refusal that concerns no input above the button, not on a field', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ({ ok: false, error: { code: 'ACCOUNT_CLOSED', field: 'status', message: 'Account ACC-1 is closed.' } }));
    main.wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '5{Enter}');
    expect((await screen.findByText('Account ACC-1 is closed.')).getAttribute('role')).toBe('alert');
    expect(screen.getByLabelText('Amount (USD)').getAttribute('aria-invalid')).toBe('false');
  });

  it('does not send a zero amount to main', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => accepted);
    main.wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '0{Enter}');
    expect(await screen.findByText('The amount must be greater than zero.')).toBeTruthy();
    expect(main.calls).toHaveLength(0);
  });

  it('clears the form when the teller presses Esc', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => accepted);
    main.wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '12');
    await user.type(screen.getByLabelText('Reference (optional)'), 'slip 4{Escape}');
    expect((screen.getByLabelText('Amount (USD)') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Reference (optional)') as HTMLInputElement).value).toBe('');
    expect(main.calls).toHaveLength(0);
  });

  it('sends a deposit with the chosen source type', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => accepted);
    main.wrap(<MovementForm kind="deposit" accountId="a1" currency="EUR" />);
    await user.selectOptions(screen.getByLabelText('Source'), 'check');
    await user.type(screen.getByLabelText('Amount (EUR)'), '99.90{Enter}');
    await waitFor(() => expect(main.calls[0]).toMatchObject({ method: 'account.deposit', input: { amount: '99.90', sourceType: 'check' } }));
  });
});

describe('open account form', () => {
  it("shows main's validation error on the field it names and opens the account once corrected", async () => {
    const user = userEvent.setup();
    const opened = vi.fn();
    let refuse = true;
    const main = fakeMain(() =>
      refuse ? { ok: false, error: { code: 'VALIDATION', field: 'number', message: 'number: An account number has at most 20 characters.' } } : { ok: true, result: { accountId: 'new-1', version: 0, duplicate: false } },
    );
    main.wrap(<OpenAccountForm onOpened={opened} />);
    await user.type(screen.getByLabelText('Account number'), 'ACC-1');
    await user.type(screen.getByLabelText('Holder'), 'Ada Lovelace{Enter}');
    const number = screen.getByLabelText('Account number');
    await waitFor(() => expect(number.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toMatch(/at most 20 characters/);
    expect(opened).not.toHaveBeenCalled();
    refuse = false;
    await user.type(number, '{Enter}');
    await waitFor(() => expect(opened).toHaveBeenCalledWith('new-1'));
    expect(main.calls.at(-1)!.input).toMatchObject({ number: 'ACC-1', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '0' });
  });
});

describe('confirmation dialog', () => {
  it('starts on Cancel and cancels on Esc, so a stray Enter never confirms', async () => {
    const user = userEvent.setup();
    const confirm = vi.fn();
    const cancel = vi.fn();
    render(
      <ConfirmDialog title="Close account ACC-1?" confirmLabel="Close account" onConfirm={confirm} onCancel={cancel}>
        <p>It takes no more deposits.</p>
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Close account ACC-1?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.keyboard('{Escape}');
    expect(cancel).toHaveBeenCalledOnce();
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('money display', () => {
  it('formats amounts in the currency of the account, grouped, without ever going through a float', () => {
    expect(displayMoney('1234567.5', 'USD')).toBe('1,234,567.50 USD');
    expect(displayMoney('-200.5', 'USD')).toBe('−200.50 USD');
    expect(displayMoney('200.5', 'USD', { signed: true })).toBe('+200.50 USD');
    expect(displayMoney('1500', 'JPY')).toBe('1,500 JPY');
    expect(displayMoney('12.345', 'KWD')).toBe('12.345 KWD');
    expect(displayMoney('90071992547409931.23', 'USD')).toBe('90,071,992,547,409,931.23 USD');
    expect(displayMoney('5', 'EUR', { signed: true })).toBe('+5.00 EUR');
  });
});
