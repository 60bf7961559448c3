// Steps a process runs for a person name that person as the actor, and the process beside them: never the OS user.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import { createApiRouter, type ApiRouter } from '../../../main/api/router.js';
import { PAYFLOW_QUEUE_PROCESS } from '../../../main/payments/paymentQueue.js';
import { startPayflowSimulator } from '../../../payflow/simulator/simulator.js';
import { createHost, type Host } from '../../../main/host.js';
import { TRANSFER_PROCESS_MANAGER } from '../../../main/transfers/transferProcessManager.js';
import { TEST_STAFF_SETTINGS, resultOf, seedTestStaff, signedIn } from '../../support/staffFixtures.js';

let host: Host;
let router: ApiRouter;

beforeEach(async () => {
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, payflowInboxIntervalMs: 0 } });
  router = createApiRouter(host);
  await seedTestStaff(host, ['teller']);
});

afterEach(async () => {
  router.close();
  await host.close();
});

describe('steps done on behalf of a person', () => {
  it('names the teller as the actor of every event of a transfer, each step with the process that ran it', async () => {
    const teller = await signedIn(router, 'teller');
    const open = async (number: string, openingDeposit: string) => resultOf<{ accountId: string }>(await teller.call('account.open', { number, holder: 'Grace Hopper', currency: 'USD', openingDeposit })).accountId;
    const from = await open('N-1', '100.00');
    const to = await open('N-2', '0.00');
    const { transferId } = resultOf<{ transferId: string }>(await teller.call('transfers.start', { fromAccountId: from, toAccountId: to, amount: '40.00' }));
    expect(await host.transfers.waitUntilFinished(transferId)).toMatchObject({ status: 'COMPLETED' });
    const initiated = (await host.readStream(`transfer-${transferId}`))[0]!;
    const all = await host.store.readAll(0, 1000);
    const ofTransfer = all.filter((e) => e.meta.correlationId === initiated.meta.correlationId);
    // Initiated, hold, hold recorded, withdrawal, debit recorded, deposit, completed.
    expect(ofTransfer.length).toBeGreaterThanOrEqual(7);
    expect(new Set(ofTransfer.map((e) => e.meta.actor))).toEqual(new Set(['teller']));
    expect(ofTransfer.some((e) => e.meta.actor === userInfo().username && userInfo().username !== 'teller')).toBe(false);
    for (const event of ofTransfer.filter((e) => e.id !== initiated.id)) {
      expect(event.meta['process'], event.type).toBe(event.type.startsWith('Fidelis.AccountFact.') ? 'account-facts' : TRANSFER_PROCESS_MANAGER);
      // Signed by the workstation, for the teller: the teller's own key signs only what they did.
      expect(event.meta['signatures'], event.type).toEqual([{ kind: 'device', by: host.settings.deviceId, key: expect.any(String), sig: expect.any(String) }]);
    }
    expect(initiated.meta['process']).toBeUndefined();
    expect(initiated.meta['signatures']).toEqual([{ kind: 'person', by: 'teller', sig: expect.any(String) }]);
  });

  it('names the teller as the actor of every event of a PayFlow posting, the queue as the process of its steps', async () => {
    const sim = await startPayflowSimulator({ webhookSecret: 'whsec_actor_test', apiKey: 'pk_actor', autoCompleteMs: null });
    try {
      const teller = await signedIn(router, 'teller');
      const { accountId } = resultOf<{ accountId: string }>(await teller.call('account.open', { number: 'P-1', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '1000.00' }));
      await host.payments.configure({ url: sim.url, apiKey: 'pk_actor' });
      const beneficiary = { name: 'Grace Hopper', accountNumber: 'DE89370400440532013000', bankCode: 'COBADEFF' };
      const { paymentId } = resultOf<{ paymentId: string }>(await teller.call('payments.send', { accountId, amount: '250', beneficiary, memo: 'rent' }));
      await host.payments.runQueue();
      await host.processing.settle();
      const payment = await host.readStream(`payment-${paymentId}`);
      expect(payment.map((e) => e.type.split('.')[1])).toContain('PaymentSubmitted');
      const ofPayment = (await host.store.readAll(0, 1000)).filter((e) => e.meta.correlationId === payment[0]!.meta.correlationId);
      expect(new Set(ofPayment.map((e) => e.meta.actor))).toEqual(new Set(['teller']));
      const submitted = payment.find((e) => e.type.startsWith('Fidelis.PaymentSubmitted.'));
      expect(submitted?.meta).toMatchObject({ actor: 'teller', process: PAYFLOW_QUEUE_PROCESS });
      expect(new Set(payment.map((e) => e.meta.actor))).toEqual(new Set(['teller']));
    } finally {
      await sim.close();
    }
  });
});
