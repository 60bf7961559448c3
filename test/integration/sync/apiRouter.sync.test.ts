// The sync screen's API over real workstations and a gateway: status, sync now, the exception queue and its resolutions.

import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { createApiRouter } from '../../../main/api/router.js';
import { useTestGateway, workstation, type Workstation } from '../../support/syncWorkstations.js';
import { openSigningKeys, signedInAsEveryone } from '../../support/staffFixtures.js';

const testGateway = useTestGateway();

function result<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

/** A and B both paid out of one account offline; B's withdrawals no longer hold once A's arrive. */
async function branchWithExceptions() {
  const gateway = await testGateway.start();
  const [a, b] = testGateway.keep(await workstation('api-a', gateway, gateway.url), await workstation('api-b', gateway, gateway.url));
  const apiRouter = createApiRouter(b.host);
  testGateway.closeAfter(() => apiRouter.close());
  // Staff are seeded and synced before the scenario: the counts below are of the ledger's own commands. The branch has
  // signing keys from then on, so each workstation's commands are a signed-in person's.
  const router = await signedInAsEveryone(b.host, apiRouter);
  await b.host.sync.syncNow();
  await a.host.sync.syncNow();
  await a.host.processing.settle();
  await openSigningKeys(a.host, ['all']);
  const staffAt = async (ws: Workstation) => (await ws.host.staff.principalOf('all')) ?? expect.fail('not provisioned');
  const [atA, atB] = [await staffAt(a), await staffAt(b)];
  const { aggregateId: id } = await a.host.executeAs(atA, { type: 'OpenAccount', number: '7001', holder: 'Rosalind Franklin', openingDeposit: '100.00' });
  await a.host.sync.syncNow();
  result(await router.call('sync.now', {}));
  await a.host.executeAs(atA, { type: 'MakeWithdrawal', accountId: id, amount: '100.00' });
  await b.host.executeAs(atB, { type: 'MakeWithdrawal', accountId: id, amount: '40.00' }, { commandId: 'b-w40' });
  await b.host.executeAs(atB, { type: 'MakeWithdrawal', accountId: id, amount: '25.00' }, { commandId: 'b-w25' });
  await a.host.sync.syncNow();
  return { a, b, router, id };
}

describe('sync through the API router', () => {
  it('reports the sync state: pending events before a sync, then online with the exceptions it raised', async () => {
    const { router, id } = await branchWithExceptions();
    expect(result(await router.call('sync.status', {}))).toMatchObject({ configured: true, pendingEvents: 2, openExceptions: 0 });

    // B pushes the two exceptions it raised (events like any other) and none of its withdrawals.
    expect(result(await router.call('sync.now', {}))).toEqual({ pushed: 2, pulled: 1, rebased: 0, exceptions: 2 });
    const status = result<{ online: boolean; lastSyncedAt: string | null; lastError: string | null }>(await router.call('sync.status', {}));
    expect(status).toMatchObject({ online: true, pendingEvents: 0, openExceptions: 2, lastError: null });
    expect(status.lastSyncedAt).not.toBeNull();
    expect(result(await router.call('sync.exceptions', {}))).toEqual({
      items: [
        expect.objectContaining({ commandId: 'b-w40', commandType: 'MakeWithdrawal', accountId: id, amount: '40.00', code: 'INSUFFICIENT_FUNDS', status: 'open' }),
        expect.objectContaining({ commandId: 'b-w25', commandType: 'MakeWithdrawal', accountId: id, amount: '25.00', code: 'INSUFFICIENT_FUNDS', status: 'open' }),
      ],
    });
  });

  it('lets a supervisor reverse one exception and accept the other with an override into suspense', async () => {
    const { a, b, router, id } = await branchWithExceptions();
    result(await router.call('sync.now', {}));

    expect(await router.call('sync.resolve', { commandId: 'b-w40', resolution: 'accept', supervisor: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'supervisor' } });
    expect(await router.call('sync.resolve', { commandId: 'b-w40', resolution: 'forgive', supervisor: 'sup-1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'resolution' } });
    expect(await router.call('sync.resolve', { commandId: 'b-w40', resolution: 'retry', supervisor: 'sup-1' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });

    expect(result(await router.call('sync.resolve', { commandId: 'b-w25', resolution: 'reverse', supervisor: 'sup-1', note: 'cash not handed over' }))).toEqual({
      commandId: 'b-w25',
      resolution: 'reverse',
      streamId: null,
      version: null,
      suspenseAccountId: null,
    });
    const accepted = result<{ suspenseAccountId: string; streamId: string }>(await router.call('sync.resolve', { commandId: 'b-w40', resolution: 'accept', supervisor: 'sup-1' }));
    expect(accepted.streamId).toBe(`account-${accepted.suspenseAccountId}`);

    expect(result(await router.call('sync.exceptions', {}))).toEqual({ items: [] });
    expect(result<{ items: { status: string }[] }>(await router.call('sync.exceptions', { includeResolved: true })).items.map((e) => e.status)).toEqual(['resolved', 'resolved']);
    result(await router.call('sync.now', {}));
    await a.host.sync.syncNow();
    expect(result(await router.call('sync.status', {}))).toMatchObject({ pendingEvents: 0, openExceptions: 0 });
    // The other workstation sees the same books: the customer at zero, the 40.00 paid out in suspense.
    expect((await a.host.getAccount(id))?.balance).toBe('0.00');
    expect((await a.host.getAccount(accepted.suspenseAccountId))?.balance).toBe('-40.00');
    expect((await b.host.getAccount(accepted.suspenseAccountId))?.balance).toBe('-40.00');
  });
});
