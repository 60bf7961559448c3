// @vitest-environment jsdom
// The compliance reviewer's alerts (jsdom): named by customer, account number and holder, rules in words, and an
// acknowledgement that takes a note, kept with who acknowledged it.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRow } from '@fidelis/shared/compliance/api.js';
import { ComplianceScreen } from '../../../renderer/src/screens/ComplianceScreen.js';
import { fakeMain, ok } from '../../support/fakeMain.js';

afterEach(cleanup);

const alert: AlertRow = {
  alertId: '01JALERT00000000000000000',
  accountId: '01JACCOUNT000000000000000',
  accountNumber: 'ACC-7',
  holder: 'Ada Lovelace',
  customer: 'Ada Lovelace',
  customerId: 'c-1',
  rule: 'LARGE_DEPOSIT',
  message: 'Cash deposit of 12,000.00 USD',
  transactions: [],
  amount: '12000.00',
  currency: 'USD',
  raisedAt: '2026-11-26T10:00:00.000Z',
  status: 'open',
  acknowledgedBy: null,
  acknowledgedAt: null,
  note: null,
};

describe('alerts', () => {
  it('shows the rule in words and the account by number, holder and customer, never by id', async () => {
    fakeMain(() => ok({ total: 1, items: [alert] })).wrap(<ComplianceScreen />);
    const row = await screen.findByRole('row', { name: /ACC-7/ });
    expect(row.textContent).toContain('Large deposit');
    expect(row.textContent).toContain('Ada Lovelace');
    expect(row.textContent).toContain('12,000.00 USD');
    expect(row.textContent).not.toContain(alert.alertId);
    expect(row.textContent).not.toContain(alert.accountId);
    expect(row.textContent).not.toContain('LARGE_DEPOSIT');
  });

  it('acknowledges with a required note, and lists who acknowledged it and why', async () => {
    const user = userEvent.setup();
    let acknowledged: AlertRow | undefined;
    const main = fakeMain((method, input) => {
      if (method === 'alerts.acknowledge') {
        acknowledged = { ...alert, status: 'acknowledged', acknowledgedBy: 'cora', acknowledgedAt: '2026-11-26T11:00:00.000Z', note: String(input.note) };
        return ok(acknowledged);
      }
      return ok({ total: 1, items: [acknowledged ?? alert] });
    });
    main.wrap(<ComplianceScreen />);
    await user.click(await screen.findByRole('button', { name: /^Acknowledge….*large deposit alert on ACC-7$/ }));
    const dialog = screen.getByRole('dialog', { name: 'Acknowledge the alert' });
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Say why/);
    expect(main.calls.map((c) => c.method)).not.toContain('alerts.acknowledge');
    await user.type(within(dialog).getByLabelText('Note'), 'Proceeds of a house sale, deed seen');
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge' }));
    await screen.findByText('Large deposit on ACC-7 (Ada Lovelace) acknowledged.');
    expect(main.calls.find((c) => c.method === 'alerts.acknowledge')!.input).toEqual({ alertId: alert.alertId, note: 'Proceeds of a house sale, deed seen' });
    await waitFor(() => expect(screen.getByRole('row', { name: /ACC-7/ }).textContent).toContain('Acknowledged by cora'));
    expect(screen.getByRole('row', { name: /ACC-7/ }).textContent).toContain('“Proceeds of a house sale, deed seen”');
  });
});
