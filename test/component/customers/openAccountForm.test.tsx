// @vitest-environment jsdom
// Opening an account for its customers (jsdom): a new customer with details is registered first, existing ones are
// found by name or TIN and become owners, the primary first; refusals land on the field they concern.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAccountForm } from '../../../renderer/src/screens/OpenAccountForm.js';
import { fakeMain, ok, refused } from '../../support/fakeMain.js';

afterEach(cleanup);

const ada = { customerId: 'cus-ada', kind: 'PERSON', legalName: 'Ada Lovelace', tinType: 'SSN', tinMasked: '•••••6789', address: { line1: '1 Main', city: 'London', country: 'GB' }, derived: false };
const bob = { customerId: 'cus-bob', kind: 'PERSON', legalName: 'Bob Byron', derived: false };

describe('opening an account for a new customer', () => {
  it('registers the customer with the details given, then opens the account for them, its deposit by the source chosen', async () => {
    const user = userEvent.setup();
    const opened = vi.fn();
    const main = fakeMain((method) => (method === 'customers.register' ? ok({ customerId: 'cus-new', version: 0, duplicate: false }) : ok({ accountId: 'acc-new', version: 0, duplicate: false })));
    main.wrap(<OpenAccountForm onOpened={opened} />);
    await user.type(screen.getByLabelText('Holder'), 'Grace Hopper');
    await user.click(screen.getByText(/Address, date of birth/));
    await user.type(screen.getByLabelText('Street address'), '1 Navy Way');
    await user.type(screen.getByLabelText('City'), 'Arlington');
    await user.type(screen.getByLabelText('TIN'), '123-45-6789');
    await user.selectOptions(screen.getByLabelText('TIN type'), 'SSN');
    await user.type(screen.getByLabelText('Account number'), '002');
    await user.type(screen.getByLabelText('Opening deposit (USD)'), '100');
    await user.selectOptions(screen.getByLabelText('Paid in by'), 'check');
    await user.click(screen.getByRole('button', { name: 'Open account' }));
    await waitFor(() => expect(opened).toHaveBeenCalledWith('acc-new'));
    expect(main.calls.map((c) => c.method)).toEqual(['customers.register', 'account.open']);
    expect(main.calls[0]!.input).toMatchObject({ kind: 'PERSON', legalName: 'Grace Hopper', address: { line1: '1 Navy Way', city: 'Arlington', country: 'US' }, tin: '123-45-6789', tinType: 'SSN' });
    expect(main.calls[1]!.input).toMatchObject({ number: '002', owners: ['cus-new'], openingDeposit: '100', openingDepositSource: 'check' });
    expect(main.calls[1]!.input).not.toHaveProperty('holder');
  });

  it("shows main's refusal of a detail on that detail's field", async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => refused('VALIDATION', 'Enter the city (at most 50 characters).', 'address.city'));
    main.wrap(<OpenAccountForm onOpened={vi.fn()} />);
    await user.type(screen.getByLabelText('Holder'), 'No City');
    await user.click(screen.getByText(/Address, date of birth/));
    await user.type(screen.getByLabelText('Street address'), '1 Road');
    await user.type(screen.getByLabelText('Account number'), '003{Enter}');
    const city = screen.getByLabelText('City');
    await waitFor(() => expect(city.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toBe('Enter the city (at most 50 characters).');
  });
});

describe('opening an account for customers already registered', () => {
  it('finds customers by what the teller types and opens a joint account, the first added the primary owner', async () => {
    const user = userEvent.setup();
    const opened = vi.fn();
    const main = fakeMain((method, input) =>
      method === 'customers.search'
        ? ok({ total: 1, items: String(input.search).startsWith('a') ? [ada] : [bob] })
        : ok({ accountId: 'acc-joint', version: 0, duplicate: false }),
    );
    main.wrap(<OpenAccountForm onOpened={opened} />);
    await user.click(screen.getByLabelText('Existing customer'));
    const find = screen.getByLabelText('Find customer');
    await user.type(find, 'ada');
    const found = await screen.findByRole('list', { name: 'Customers found' });
    await waitFor(() => expect(found.textContent).toContain('Ada Lovelace · SSN •••••6789 · London'));
    await user.click(within(found).getByRole('button', { name: 'Add as owner' }));
    await user.clear(find);
    await user.type(find, 'bob');
    await waitFor(() => expect(screen.getByRole('list', { name: 'Customers found' }).textContent).toContain('Bob Byron'));
    await user.click(within(screen.getByRole('list', { name: 'Customers found' })).getByRole('button', { name: 'Add as owner' }));
    expect(screen.getByRole('list', { name: 'Owners' }).textContent).toMatch(/Ada Lovelace \(primary\).*Bob Byron/);
    await user.type(screen.getByLabelText('Account number'), 'J-1{Enter}');
    await waitFor(() => expect(opened).toHaveBeenCalledWith('acc-joint'));
    expect(main.calls.at(-1)).toMatchObject({ method: 'account.open', input: { number: 'J-1', owners: ['cus-ada', 'cus-bob'] } });
  });

  it('asks for an owner before anything is sent, and shows a number already used on the number', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) => (method === 'customers.search' ? ok({ total: 1, items: [ada] }) : refused('ACCOUNT_NUMBER_TAKEN', 'Account number 001 is already used in this branch: choose another.', 'number')));
    main.wrap(<OpenAccountForm onOpened={vi.fn()} />);
    await user.click(screen.getByLabelText('Existing customer'));
    await user.type(screen.getByLabelText('Account number'), '001{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Find customer').getAttribute('aria-invalid')).toBe('true'));
    expect(main.calls).toEqual([]);
    await user.type(screen.getByLabelText('Find customer'), 'ada');
    await user.click(await screen.findByRole('button', { name: 'Add as owner' }));
    await user.click(screen.getByRole('button', { name: 'Open account' }));
    await waitFor(() => expect(screen.getByLabelText('Account number').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toContain('already used in this branch');
  });
});
