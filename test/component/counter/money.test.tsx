// @vitest-environment jsdom
// One money formatter (jsdom): grouped, the currency's own decimals, always with its code, exact from decimal strings;
// every message, table and chart of the counter goes through it.

import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { displayMoney } from '../../../renderer/src/format.js';
import { DashboardScreen } from '../../../renderer/src/screens/DashboardScreen.js';
import { MovementForm } from '../../../renderer/src/screens/MovementForm.js';
import { fakeMain, ok } from '../../support/fakeMain.js';

afterEach(cleanup);

describe('the money formatter', () => {
  it('groups thousands and names the currency', () => {
    expect(displayMoney('13050.5', 'USD')).toBe('13,050.50 USD');
    expect(displayMoney('1234567890123.45', 'EUR')).toBe('1,234,567,890,123.45 EUR');
    expect(displayMoney('999', 'USD')).toBe('999.00 USD');
  });

  it("writes each currency's own number of decimals", () => {
    expect(displayMoney('1500', 'JPY')).toBe('1,500 JPY');
    expect(displayMoney('12.345', 'KWD')).toBe('12.345 KWD');
    expect(displayMoney('0.1', 'BHD')).toBe('0.100 BHD');
  });

  it('marks debits with a true minus sign, and credits with a plus when asked', () => {
    expect(displayMoney('-200.5', 'USD')).toBe('−200.50 USD');
    expect(displayMoney('200.5', 'USD', { signed: true })).toBe('+200.50 USD');
    expect(displayMoney('0', 'USD', { signed: true })).toBe('+0.00 USD');
  });

  it('stays exact past what a float can hold', () => {
    expect(displayMoney('90071992547409.93', 'USD')).toBe('90,071,992,547,409.93 USD');
  });

  it('refuses text that is no amount rather than showing a wrong figure', () => {
    expect(() => displayMoney('1e3', 'USD')).toThrow();
    expect(() => displayMoney('10.001', 'USD')).toThrow(/2 decimal places/);
  });
});

describe('amounts on the screens', () => {
  it('writes the amount of a recorded deposit as every other figure is written', async () => {
    const user = userEvent.setup();
    fakeMain(() => ok({ accountId: 'a1', version: 2, duplicate: false })).wrap(<MovementForm kind="deposit" accountId="a1" currency="USD" />);
    await user.type(screen.getByLabelText('Amount (USD)'), '12000{Enter}');
    await screen.findByText('Deposit of 12,000.00 USD recorded.');
  });

  it("shows the dashboard's totals, sources and largest movements with their currency, and sources by name", async () => {
    const usd = {
      currency: 'USD',
      deposits: { count: 2, total: '13050.50' },
      withdrawals: { count: 1, total: '300.00' },
      bySource: [{ sourceType: 'bank_transfer', count: 1, total: '12000.00' }, { sourceType: 'ach', count: 1, total: '1050.50' }],
      hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, deposits: hour === 9 ? '13050.50' : '0.00', withdrawals: '0.00' })),
      largest: [{ eventId: 'e1', accountId: 'a1', number: 'ACC-1', holder: 'Ada', kind: 'deposit', amount: '12000.00', occurredAt: '2026-11-26T09:00:00.000Z' }],
    };
    fakeMain((method) => (method === 'dashboard.activity' ? ok({ currencies: [usd], openAlerts: 0, subscriptions: { ok: 1, lagging: 0, failing: 0 } }) : ok({}))).wrap(<DashboardScreen />);
    expect((await screen.findByTestId('deposits-USD')).textContent).toBe('2 · 13,050.50 USD');
    const sources = screen.getByRole('table', { name: 'Deposits by source' });
    expect(within(sources).getByRole('row', { name: /Bank transfer/ }).textContent).toContain('12,000.00 USD');
    expect(within(sources).getByRole('row', { name: /ACH/ }).textContent).toContain('1,050.50 USD');
    const largest = screen.getByRole('table', { name: 'Largest movements' });
    expect(within(largest).getByRole('row', { name: /ACC-1/ }).textContent).toMatch(/Deposit.*12,000\.00 USD/);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Volume by hour in USD: deposits 13,050.50 USD, withdrawals 300.00 USD.');
  });
});
