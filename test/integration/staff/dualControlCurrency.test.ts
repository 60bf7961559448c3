// Dual control in the currency of the money moved: a yen amount is compared with a yen limit, a dinar amount with the US dollar limit at the recorded rate.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { TEST_STAFF_SETTINGS, resultOf, staffConnections, type TestStaffName } from '../../support/staffFixtures.js';
import { settledHead } from '../../support/settledHead.js';

let host: Host;
let router: ApiRouter;
let as: Record<TestStaffName, ApiConnection>;

beforeEach(async () => {
  const now = new Date('2026-11-26T09:00:00.000Z');
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, dualControlAmount: '10000.00', dualControlAmounts: { JPY: '1500000' } }, clock: () => now });
  router = createApiRouter(host);
  as = await staffConnections(host, router);
});

afterEach(async () => {
  router.close();
  await host.close();
});

async function openAccount(currency: string, opening: string): Promise<string> {
  return resultOf<{ accountId: string }>(await as.teller.call('account.open', { number: `N-${host.store.headSeq()}`, holder: 'Grace Hopper', currency, openingDeposit: opening })).accountId;
}

describe('dual control per currency', () => {
  it('compares a yen withdrawal with the yen limit: 20,000 JPY posts directly, over 1,500,000 JPY needs a supervisor', async () => {
    const accountId = await openAccount('JPY', '5000000');
    expect(resultOf(await as.teller.call('account.withdraw', { accountId, amount: '20000' }))).toMatchObject({ version: 1 });
    const head = await settledHead(host);
    expect(await as.teller.call('account.withdraw', { accountId, amount: '1500001' })).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', field: 'approval', message: expect.stringMatching(/^Over 1,500,000 JPY a supervisor must approve/) },
    });
    expect(host.store.headSeq()).toBe(head);
  });

  it('asks for approval of a dinar withdrawal while no rate is recorded, then compares its US dollar equivalent with the limit', async () => {
    const accountId = await openAccount('KWD', '20000.000');
    expect(await as.teller.call('account.withdraw', { accountId, amount: '1.000' })).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', message: expect.stringMatching(/^No KWD exchange rate is recorded to compare with the dual-control amount of 10,000.00 USD/) },
    });
    resultOf(await as.supervisor.call('rates.record', { day: '2026-11-26', currency: 'KWD', usdPerUnit: '3.25' }));
    // 3,000 KWD is 9,750 USD: under the limit. 5,000 KWD is 16,250 USD: over it, though 5,000 is under "10000.00".
    expect(resultOf(await as.teller.call('account.withdraw', { accountId, amount: '3000.000' }))).toMatchObject({ version: 1 });
    expect(await as.teller.call('account.withdraw', { accountId, amount: '5000' })).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', message: expect.stringMatching(/^Over 10,000.00 USD \(at the latest KWD rate, 3.25 USD per KWD\)/) },
    });
    const other = await openAccount('KWD', '0');
    expect(await as.teller.call('transfers.start', { fromAccountId: accountId, toAccountId: other, amount: '5000' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
  });

  it('refuses a dual-control amount with more decimals than its currency has, at start', async () => {
    await expect(createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, dualControlAmounts: { JPY: '1500000.50' } } })).rejects.toThrow(/no more decimals than its currency has/);
  });
});
