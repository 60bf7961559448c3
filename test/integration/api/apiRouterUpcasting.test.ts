// The account screen's queries on a store written by the first release: raw v1/v2 deposits are read through the
// stream's facts (the account's currency), never decoded bare (which throws UpcastContextError).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { TEST_STAFF_SETTINGS, signedInAsEveryone } from '../../support/staffFixtures.js';
import { createHost, type Host } from '../../../main/host.js';
import { onDiskIndexedDb } from '../../../main/store/indexedDb/onDisk.js';
import { openLedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { legacyAccountCommits } from '../../support/legacyCommits.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-api-upcast-'));
/** Exactly what an old build left on disk. */
const rawCommits = legacyAccountCommits('Hana Sato');

let host: Host;
let apiRouter: ApiRouter;
let router: ApiConnection;

function result<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

beforeAll(async () => {
  const seeding = await openLedgerDatabase(onDiskIndexedDb(dataDir));
  await seeding.collections.commits.bulkInsert(rawCommits);
  await seeding.close();
  host = await createHost({ dataDir, settings: TEST_STAFF_SETTINGS });
  // The read models of a store that predates them are built in the background at the first start.
  await host.processing.settle();
  apiRouter = createApiRouter(host);
  router = await signedInAsEveryone(host, apiRouter);
});

afterAll(async () => {
  apiRouter.close();
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the account screen on a store with raw v1 and v2 deposits', () => {
  it('lists and finds the account with its balance in its currency', async () => {
    const list = result<{ total: number; items: { number: string; balance: string; currency: string }[] }>(await router.call('accounts.list', { search: 'sato' }));
    expect(list).toEqual({ total: 1, items: [expect.objectContaining({ number: 'OLD-1', balance: '1700', currency: 'JPY' })] });
  });

  it('shows the account now, at a version and as of a time', async () => {
    expect(result(await router.call('account.get', { accountId: 'legacy1' }))).toMatchObject({ account: { balance: '1700', currency: 'JPY' }, headVersion: 2, pointInTime: null });
    expect(result(await router.call('account.get', { accountId: 'legacy1', atVersion: 1 }))).toMatchObject({ account: { balance: '1500' }, pointInTime: { version: 1 } });
    expect(result(await router.call('account.get', { accountId: 'legacy1', asOf: '2024-01-02T12:00:00Z' }))).toMatchObject({ account: { balance: '1500' }, pointInTime: { version: 1 } });
  });

  it('pages the timeline with amounts and running balances, from any page', async () => {
    type Timeline = { total: number; items: { version: number; type: string; amount: string | null; runningBalance: string; detail: string }[] };
    const whole = result<Timeline>(await router.call('account.timeline', { accountId: 'legacy1' }));
    expect(whole.items.map((r) => [r.version, r.type, r.amount, r.runningBalance])).toEqual([
      [2, 'DepositMade', '200', '1700'],
      [1, 'DepositMade', '500', '1500'],
      [0, 'AccountOpened', '1000', '1000'],
    ]);
    // A page that starts after the opening folds from the balance before it, and still upcasts the v1 deposit.
    const middle = result<Timeline>(await router.call('account.timeline', { accountId: 'legacy1', offset: 1, limit: 1 }));
    expect(middle.items).toEqual([expect.objectContaining({ version: 1, amount: '500', runningBalance: '1500', detail: 'unknown' })]);
    const atVersion = result<Timeline>(await router.call('account.timeline', { accountId: 'legacy1', toVersion: 1, limit: 1 }));
    expect(atVersion).toMatchObject({ total: 2, items: [{ version: 1, runningBalance: '1500' }] });
  });

  it('counts the old deposits on the dashboard of their day', async () => {
    const day = result<{ currencies: { currency: string; deposits: unknown; bySource: unknown }[] }>(
      await router.call('dashboard.activity', { from: '2024-01-02T00:00:00Z', to: '2024-01-03T00:00:00Z' }),
    );
    expect(day.currencies).toEqual([expect.objectContaining({ currency: 'JPY', deposits: { count: 1, total: '500' }, bySource: [{ sourceType: 'unknown', count: 1, total: '500' }] })]);
  });
});
