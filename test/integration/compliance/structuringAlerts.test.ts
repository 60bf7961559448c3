/**
 * Structuring alerts as the compliance handler raises them on a real host: issue 18's three patterns each raise one
 * alert per customer, naming every deposit of the series by account number and holder, and the customer; a foreign
 * deposit counts at its day's rate.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRow } from '@fidelis/shared/compliance/api.js';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { signedInAsEveryone, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';

let host: Host;
let router: ApiRouter;
let connection: ApiConnection;
let now = new Date('2026-03-01T15:00:00.000Z');
let n = 0;
const at = (iso: string, request: Record<string, unknown>) => {
  now = new Date(iso);
  return host.execute(request, { commandId: `s-${++n}` });
};
const hoursAfter = (start: string, hours: number) => new Date(Date.parse(start) + hours * 3_600_000).toISOString();
/** The deposits' event ids, as the alert must name them. */
const deposits: Record<string, string[]> = {};
const deposit = async (customer: string, accountId: string, amount: string, iso: string) => {
  const outcome = await at(iso, { type: 'MakeDeposit', accountId, amount, sourceType: 'cash' });
  (deposits[customer] ??= []).push(outcome.events[0]!.id);
};

beforeAll(async () => {
  host = await createHost({ inMemory: true, clock: () => now, settings: { factEvents: false, ...TEST_STAFF_SETTINGS } });
  router = createApiRouter(host);
  for (const [id, name] of [['uma', 'Uma Apart'], ['ray', 'Ray Daily'], ['tia', 'Tia Three']] as const) {
    await at('2026-03-01T15:00:00.000Z', { type: 'RegisterCustomer', customerId: id, kind: 'PERSON', legalName: name });
  }
  await at('2026-03-01T15:00:00.000Z', { type: 'OpenAccount', accountId: 'uma-1', number: 'U-1', owners: ['uma'] });
  await at('2026-03-01T15:00:00.000Z', { type: 'OpenAccount', accountId: 'ray-1', number: 'R-1', owners: ['ray'] });
  for (const i of [1, 2, 3]) await at('2026-03-01T15:00:00.000Z', { type: 'OpenAccount', accountId: `tia-${i}`, number: `T-${i}`, owners: ['tia'] });
  // The day's JPY rate: Tia's third deposit is in yen, 1,477,612 JPY = 9,900.0004 USD.
  await at('2026-03-01T15:00:00.000Z', { type: 'OpenAccount', accountId: 'tia-jpy', number: 'T-JPY', owners: ['tia'], currency: 'JPY' });
  await at('2026-03-01T15:00:00.000Z', { type: 'RecordExchangeRate', day: '2026-03-05', currency: 'JPY', usdPerUnit: '0.0067' });

  // 3 × 9,500 cash, 26 hours apart.
  for (const h of [0, 26, 52]) await deposit('uma', 'uma-1', '9500.00', hoursAfter('2026-03-02T10:00:00.000Z', h));
  // 4 × 9,000 on consecutive days.
  for (const day of ['02', '03', '04', '05']) await deposit('ray', 'ray-1', '9000.00', `2026-03-${day}T16:00:00.000Z`);
  // 3 × 9,900 over three accounts of one customer within two hours (the last in yen).
  await deposit('tia', 'tia-1', '9900.00', '2026-03-05T09:00:00.000Z');
  await deposit('tia', 'tia-2', '9900.00', '2026-03-05T10:00:00.000Z');
  await deposit('tia', 'tia-jpy', '1477612', '2026-03-05T10:55:00.000Z');
  await host.processing.settle();
  // Signed in once the clock has stopped moving: a session locks after minutes without a call.
  connection = await signedInAsEveryone(host, router);
});

afterAll(async () => {
  router.close();
  await host.close();
});

describe('structuring alerts per customer', () => {
  it('raise one alert per pattern, each naming every deposit of its series', async () => {
    const alerts = (await host.alerts.list()).filter((a) => a.kind === 'STRUCTURING');
    expect(alerts.map((a) => [a.customerId, a.eventIds]).sort()).toEqual([
      ['ray', deposits.ray],
      ['tia', deposits.tia],
      ['uma', deposits.uma],
    ]);
  });

  it('name account numbers, holders and the customer, not ids, and add up in USD', async () => {
    const response = await connection.call('alerts.list', { status: 'open', offset: 0, limit: 50 });
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    const rows = (response.result as { items: AlertRow[] }).items.filter((a) => a.rule === 'STRUCTURING');
    const tia = rows.find((r) => r.customerId === 'tia')!;
    // 29,700.0004 USD exactly, shown rounded up to the cent: a compliance figure never understates.
    expect(tia).toMatchObject({ customer: 'Tia Three', accountNumber: 'T-JPY', holder: 'Tia Three', amount: '29700.01', currency: 'USD' });
    expect(tia.transactions.map((t) => [t.accountNumber, t.holder, t.amount, t.currency])).toEqual([
      ['T-1', 'Tia Three', '9900.00', 'USD'],
      ['T-2', 'Tia Three', '9900.00', 'USD'],
      ['T-JPY', 'Tia Three', '1477612', 'JPY'],
    ]);
    expect(tia.message).toContain('within one business day by Tia Three');
    expect(tia.message).toContain('on accounts T-1, T-2, T-JPY');
    const ray = rows.find((r) => r.customerId === 'ray')!;
    expect(ray).toMatchObject({ accountNumber: 'R-1', amount: '36000.00' });
    expect(ray.transactions).toHaveLength(4);
    expect(rows.find((r) => r.customerId === 'uma')!.message).toContain('3 cash deposits just under 10,000.00 USD within 3 business days');
  });

  it('lists an alert under each account its deposits touched', async () => {
    const byAccount = await host.alerts.list({ accountId: 'tia-2' });
    expect(byAccount.map((a) => a.customerId)).toEqual(['tia']);
  });
});
