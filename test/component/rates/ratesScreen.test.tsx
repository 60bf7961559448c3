// @vitest-environment jsdom
// The supervisor's exchange-rates screen (jsdom): record a day's rate as US dollars per unit, see it listed, and a
// refusal shown on the field it concerns.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateRow } from '@fidelis/shared/rates/api.js';
import { RatesScreen } from '../../../renderer/src/screens/RatesScreen.js';
import { fakeMain, ok, refused } from '../../support/fakeMain.js';

afterEach(cleanup);

const jpy: RateRow = { day: '2026-03-02', currency: 'JPY', usdPerUnit: '0.0067', recordedBy: 'sue', recordedAt: '2026-03-02T08:00:00.000Z', revisions: 1, reason: null };

describe('exchange rates', () => {
  it('records a rate as typed and lists it, newest day first', async () => {
    const user = userEvent.setup();
    const rates: RateRow[] = [];
    const main = fakeMain((method, input) => {
      if (method === 'rates.record') {
        const row = { ...jpy, ...input } as RateRow;
        rates.unshift(row);
        return ok(row);
      }
      return ok({ rates });
    });
    main.wrap(<RatesScreen />);
    expect(await screen.findByText('No rates recorded yet.')).toBeTruthy();
    await user.type(screen.getByLabelText('Business day'), '2026-03-02');
    await user.type(screen.getByLabelText('Currency'), 'jpy');
    await user.type(screen.getByLabelText('US dollars per unit'), '0.0067');
    await user.click(screen.getByRole('button', { name: 'Record rate' }));
    expect((await screen.findByRole('status')).textContent).toContain('JPY on 2026-03-02: 0.0067 USD per unit');
    expect(main.calls.find((c) => c.method === 'rates.record')?.input).toEqual({ day: '2026-03-02', currency: 'JPY', usdPerUnit: '0.0067' });
    const row = await screen.findByRole('row', { name: /JPY/ });
    expect(within(row).getByText('0.0067')).toBeTruthy();
    expect(row.textContent).toContain('sue');
  });

  it('shows a refusal on its field: a correction without a reason', async () => {
    const user = userEvent.setup();
    fakeMain((method) => (method === 'rates.record' ? refused('VALIDATION', 'JPY already has 0.0067 USD per unit on 2026-03-02: say why it changes (--reason).', 'reason') : ok({ rates: [jpy] }))).wrap(<RatesScreen />);
    await screen.findByRole('row', { name: /JPY/ });
    await user.type(screen.getByLabelText('Business day'), '2026-03-02');
    await user.type(screen.getByLabelText('Currency'), 'JPY');
    await user.type(screen.getByLabelText('US dollars per unit'), '0.0068');
    await user.click(screen.getByRole('button', { name: 'Record rate' }));
    await waitFor(() => expect(screen.getByLabelText(/Reason for a correction/).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toContain('say why it changes');
  });
});
