// @vitest-environment jsdom
// The teller's till panel and the branch day (jsdom): a count by denomination adds up as it is typed and shows the
// difference before it is accepted; a difference needs a reason, and over the sign-off amount a supervisor's
// credentials go with it; the day's close waits for what blocks it.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { TillViewDto } from '@fidelis/shared/tills/api.js';
import { TillPanel } from '../../../renderer/src/components/TillPanel.js';
import { BranchDayScreen } from '../../../renderer/src/screens/BranchDayScreen.js';
import { fakeMain, ok, refused } from '../../support/fakeMain.js';

afterEach(cleanup);

const usdTill = (fields: Partial<TillViewDto> = {}): TillViewDto => ({
  tillId: 'tom:dev-1:USD',
  teller: 'tom',
  workstation: 'dev-1',
  currency: 'USD',
  status: 'OPEN',
  businessDay: '2026-11-26',
  position: '2500.00',
  opening: '0.00',
  customerIn: '500.00',
  customerOut: '0.00',
  fromVault: '2000.00',
  toVault: '0.00',
  movements: 2,
  counted: null,
  difference: null,
  ...fields,
});

const mine = (tills: TillViewDto[]) => ok({ businessDay: '2026-11-26', workstation: 'dev-1', tills, currencies: ['USD', 'EUR'], signOffAmount: '10.00' });

describe('the till panel', () => {
  it('opens an empty till with its count, which adds up as the teller types', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) => (method === 'till.open' ? ok({ streamId: 'till-tom:dev-1:USD', version: 0, duplicate: false }) : mine([])));
    main.wrap(<TillPanel />);
    await user.click(await screen.findByRole('button', { name: 'Open till' }));
    const dialog = screen.getByRole('dialog', { name: 'Open your USD till' });
    await user.type(within(dialog).getByLabelText('Notes of 100 USD'), '3');
    await user.type(within(dialog).getByLabelText('Coins of 0.25 USD'), '4');
    expect(within(dialog).getByTestId('count-total').textContent).toBe('301.00 USD');
    // Nothing booked to this till yet: the whole count is over, and over 10.00 a supervisor signs it off.
    expect(within(dialog).getByTestId('count-difference').textContent).toBe('Over by 301.00 USD');
    expect(within(dialog).getByLabelText("Supervisor's username")).toBeTruthy();
    await user.clear(within(dialog).getByLabelText('Notes of 100 USD'));
    await user.clear(within(dialog).getByLabelText('Coins of 0.25 USD'));
    expect(within(dialog).getByTestId('count-difference').textContent).toBe('None: the count agrees');
    await user.click(within(dialog).getByRole('button', { name: 'Open till' }));
    await waitFor(() => expect(main.calls.find((c) => c.method === 'till.open')?.input).toMatchObject({ currency: 'USD', count: {} }));
    expect((await screen.findByRole('status')).textContent).toContain('USD till opened with 0.00 USD counted');
  });

  it('closes 20.00 short with a reason and a supervisor’s sign-off, and shows a refused password on the sign-off', async () => {
    const user = userEvent.setup();
    let answers = 0;
    const main = fakeMain((method) => {
      if (method !== 'till.close') return mine([usdTill()]);
      answers += 1;
      return answers === 1 ? refused('INVALID_CREDENTIALS', 'The username or password of the person confirming is not right.', 'approval') : ok({ streamId: 'till-tom:dev-1:USD', version: 3, duplicate: false });
    });
    main.wrap(<TillPanel />);
    expect((await screen.findByTestId('till-position')).textContent).toBe('2,500.00 USD');
    await user.click(screen.getByRole('button', { name: 'Close USD till' }));
    const dialog = screen.getByRole('dialog', { name: 'Close your USD till' });
    await user.type(within(dialog).getByLabelText('Notes of 100 USD'), '24');
    await user.type(within(dialog).getByLabelText('Notes of 20 USD'), '4');
    expect(within(dialog).getByTestId('count-difference').textContent).toBe('Short by 20.00 USD');
    await user.type(within(dialog).getByLabelText('Reason for the difference'), 'Miscounted change');
    await user.type(within(dialog).getByLabelText("Supervisor's username"), 'sue');
    await user.type(within(dialog).getByLabelText("Supervisor's password"), 'not it');
    await user.click(within(dialog).getByRole('button', { name: 'Close till' }));
    await waitFor(() => expect(within(dialog).getByLabelText("Supervisor's username").getAttribute('aria-invalid')).toBe('true'));
    await user.click(within(dialog).getByRole('button', { name: 'Close till' }));
    await screen.findByRole('status');
    expect(main.calls.filter((c) => c.method === 'till.close').at(-1)?.input).toMatchObject({ currency: 'USD', count: { N100: 24, N20: 4 }, reason: 'Miscounted change', approval: { username: 'sue', password: 'not it' } });
  });

  it('refuses pieces that are no whole number before anything is sent', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => mine([usdTill()]));
    main.wrap(<TillPanel />);
    await user.click(await screen.findByRole('button', { name: 'Close USD till' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Notes of 50 USD'), '2.5');
    await user.click(within(dialog).getByRole('button', { name: 'Close till' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Count whole pieces of N50');
    expect(main.calls.some((c) => c.method === 'till.close')).toBe(false);
  });
});

describe('the branch day', () => {
  it('lists what keeps the day open, and closes it once nothing does', async () => {
    const user = userEvent.setup();
    const status = (blockers: string[]) => ok({ branchId: 'B1', businessDay: '2026-11-26', lastClosed: null, tills: [usdTill({ teller: 'tina', tillId: 'tina:dev-2:USD' })], vaults: [], blockers });
    fakeMain(() => status(["tina's USD till (tina:dev-2:USD) is open: the teller closes it."])).wrap(<BranchDayScreen />);
    expect((await screen.findByRole('list', { name: 'What keeps the day from closing' })).textContent).toContain("tina's USD till");
    expect((screen.getByRole('button', { name: 'Close business day 2026-11-26' }) as HTMLButtonElement).disabled).toBe(true);
    cleanup();

    const main = fakeMain((method) => (method === 'branchDay.close' ? ok({ streamId: 'branchday-B1', version: 0, duplicate: false }) : status([])));
    main.wrap(<BranchDayScreen />);
    await screen.findByTestId('day-ready');
    await user.click(screen.getByRole('button', { name: 'Close business day 2026-11-26' }));
    await user.click(screen.getByRole('button', { name: 'Close the day' }));
    expect((await screen.findByRole('status')).textContent).toContain('postings from now on belong to the next business day');
    expect(main.calls.find((c) => c.method === 'branchDay.close')?.input).toMatchObject({ businessDay: '2026-11-26' });
  });
});
