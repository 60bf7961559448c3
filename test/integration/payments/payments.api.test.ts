/** External payments at the API boundary: who may send and reconcile, dual control, refusals that store nothing, and the shapes the Payments screen reads. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { startPayflowSimulator, type PayflowSimulator } from '../../../payflow/simulator/simulator.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import { paymentListResult, paymentsStatusResult } from '@fidelis/shared/payments/api.js';
import { resultOf, staffConnections, TEST_STAFF_SETTINGS, STAFF_PASSWORD, type TestStaffName } from '../../support/staffFixtures.js';
import { settledHead } from '../../support/settledHead.js';

const beneficiary = { name: 'Grace Hopper', accountNumber: 'DE89370400440532013000', bankCode: 'COBADEFF' };
let host: Host;
let router: ApiRouter;
let as: Record<TestStaffName, ApiConnection>;
let sim: PayflowSimulator;

beforeAll(async () => {
  sim = await startPayflowSimulator({ webhookSecret: 'whsec_api_test', apiKey: 'pk_api', autoCompleteMs: null });
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, dualControlAmount: '10000.00', payflowInboxIntervalMs: 0 } });
  router = createApiRouter(host);
  as = await staffConnections(host, router);
});

afterAll(async () => {
  router?.close();
  await host?.close();
  await sim?.close();
});

async function openAccount(opening: string): Promise<string> {
  const { accountId } = resultOf<{ accountId: string }>(await as.teller.call('account.open', { number: `P-${host.store.headSeq()}`, holder: 'Ada Lovelace', currency: 'USD', openingDeposit: opening }));
  // Handlers (account facts) finish their writes, so "nothing stored" below counts only the payment's.
  await host.processing.settle();
  return accountId;
}

describe('payments through the API', () => {
  it('lets a teller send: the funds are held at once, queued while PayFlow is not configured, and the list shows it in decimal', async () => {
    const accountId = await openAccount('1000');
    const sent = resultOf<{ paymentId: string; status: string }>(await as.teller.call('payments.send', { accountId, amount: '250', beneficiary, memo: 'rent' }));
    expect(['HELD', 'QUEUED']).toContain(sent.status);
    await host.payments.runQueue();
    const list = paymentListResult.parse(resultOf(await as.teller.call('payments.list', {})));
    expect(list.payments.find((p) => p.paymentId === sent.paymentId)).toMatchObject({ status: 'QUEUED', amount: '250.00', currency: 'USD', direction: 'outbound', beneficiary, payflowId: null });
    const status = paymentsStatusResult.parse(resultOf(await as.teller.call('payments.status', {})));
    expect(status).toMatchObject({ configured: false, breaker: 'closed', lastError: 'PayFlow is not configured.' });
    expect(status.queued).toBeGreaterThanOrEqual(1);
    expect((await host.getAccount(accountId))?.onHold).toBe('250.00');
    const [requested] = await host.readStream(streamIdOf('payment', sent.paymentId));
    expect(requested?.meta.actor).toBe('teller');

    // Configured: the queued payment goes to PayFlow, once.
    await host.payments.configure({ url: sim.url, apiKey: 'pk_api' });
    await host.payments.runQueue();
    expect(resultOf<{ payments: { paymentId: string; status: string }[] }>(await as.teller.call('payments.list', {})).payments.find((p) => p.paymentId === sent.paymentId)?.status).toBe('SUBMITTED');
    expect(sim.control.payments().filter((p) => p.reference === sent.paymentId)).toHaveLength(1);
  });

  it('refuses compliance staff the send, and a teller the reconciliation', async () => {
    const accountId = await openAccount('100');
    expect(await as.compliance.call('payments.send', { accountId, amount: '1', beneficiary })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await as.teller.call('payments.reconcile', { date: '2026-11-26' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await as.teller.call('payments.resolveItem', { itemId: '2026-11-26:X:y', note: 'n' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('needs a supervisor approval over the dual-control amount, and records who approved', async () => {
    const accountId = await openAccount('20000');
    const head = await settledHead(host);
    expect(await as.teller.call('payments.send', { accountId, amount: '15000', beneficiary })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED', field: 'approval' } });
    expect(host.store.headSeq()).toBe(head);
    const sent = resultOf<{ paymentId: string }>(await as.teller.call('payments.send', { accountId, amount: '15000', beneficiary, approval: { username: 'supervisor', password: STAFF_PASSWORD } }));
    const [requested] = await host.readStream(streamIdOf('payment', sent.paymentId));
    expect(requested?.meta).toMatchObject({ actor: 'teller', approvedBy: 'supervisor' });
  });

  it('refuses a mistyped amount or beneficiary on the field at fault, and stores nothing', async () => {
    const accountId = await openAccount('100');
    const head = await settledHead(host);
    expect(await as.teller.call('payments.send', { accountId, amount: '10.001', beneficiary })).toMatchObject({ ok: false, error: { code: 'INVALID_AMOUNT', field: 'amount' } });
    expect(await as.teller.call('payments.send', { accountId, amount: '10', beneficiary: { ...beneficiary, bankCode: '' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(host.store.headSeq()).toBe(head);
  });

  it('reconciles for a supervisor: a day without payments on either side has nothing to resolve', async () => {
    const result = resultOf<{ date: string; matched: number; items: unknown[] }>(await as.supervisor.call('payments.reconcile', { date: '2001-01-01' }));
    expect(result).toEqual({ date: '2001-01-01', matched: 0, items: [] });
    expect(resultOf(await as.supervisor.call('payments.reconciliation', { date: '2001-01-01' }))).toEqual({ items: [] });
  });
});
