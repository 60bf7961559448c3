/** PayFlow webhooks at the gateway (PostgreSQL with TEST_DATABASE_URL, else PGlite): signature and window, once per event id, branch routing, the device inbox. */

import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../../main/sync/gatewayClient.js';
import { startPayflowSimulator } from '../../../payflow/simulator/simulator.js';
import { signWebhook } from '../../../payflow/simulator/signing.js';
import { PAYFLOW_PATHS, type InboxResponse, type WebhookEnvelope } from '@fidelis/shared/payflow/protocol.js';
import { commitOf, opened, signedFetch } from '../../support/gatewayFixtures.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';

const SECRET = 'whsec-gateway-test';
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** A gateway with PayFlow configured and its log lines captured. */
async function payflowGateway() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const gateway = await startTestGateway(db, { payflow: { webhookSecret: SECRET }, logger: pino({ level: 'info' }, sink) });
  const webhookUrl = `${gateway.url}${PAYFLOW_PATHS.webhooks}`;
  const logged = (msg: string) => lines.filter((l) => l.msg === msg);
  return { gateway, webhookUrl, logged };
}

let eventCount = 0;
const completed = (payment: Record<string, unknown>, id = `evt_test_${++eventCount}`): WebhookEnvelope => ({
  id,
  type: 'payment.completed',
  created: '2026-11-26T10:00:00.000Z',
  data: {
    payment: {
      id: `pf_${id}`,
      amount: '25000',
      currency: 'USD',
      status: 'completed',
      reference: 'ref',
      debtor: { name: 'Ada', accountNumber: '1', branchId: 'BR001' },
      creditor: { name: 'Charles', accountNumber: '2', bankCode: 'OTHER' },
      direction: 'outbound',
      ...payment,
    },
  },
});
const outbound = (branchId: string, id?: string) => completed({ direction: 'outbound', debtor: { name: 'Ada', accountNumber: '1', accountId: 'acc', branchId } }, id);
const inbound = (accountId: string, id?: string) =>
  completed({ direction: 'inbound', debtor: { name: 'Grace', accountNumber: '9', bankCode: 'OTHER' }, creditor: { name: 'Ada', accountNumber: '1', accountId } }, id);

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function deliver(url: string, event: WebhookEnvelope | string, options: { secret?: string; t?: number; sendBody?: string; signature?: string | null } = {}) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signature = options.signature === undefined ? signWebhook(options.secret ?? SECRET, body, options.t ?? nowSeconds()) : options.signature;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'payflow-signature': signature }) },
    body: options.sendBody ?? body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const inboxOf = async (gatewayUrl: string, device: { deviceId: string; secret: string }, after = 0, limit = 100) => {
  const response = await signedFetch(gatewayUrl, device, 'GET', `${PAYFLOW_PATHS.inbox}?after=${after}&limit=${limit}`);
  expect(response.status).toBe(200);
  return response.json as InboxResponse;
};

describe('gateway PayFlow webhooks', () => {
  it('stores a correctly signed webhook and refuses, logs and stores nothing for a bad, tampered, unsigned or expired one', async () => {
    const { gateway, webhookUrl, logged } = await payflowGateway();
    const device = await gateway.addDevice('BR001');

    const event = outbound('BR001');
    const body = JSON.stringify(event);
    expect(await deliver(webhookUrl, outbound('BR001'), { secret: 'not-the-secret' })).toMatchObject({ status: 401, json: { error: { code: 'SIGNATURE_INVALID' } } });
    expect(await deliver(webhookUrl, body, { sendBody: body.replace('25000', '2500000') })).toMatchObject({ status: 401, json: { error: { code: 'SIGNATURE_INVALID' } } });
    expect(await deliver(webhookUrl, outbound('BR001'), { signature: null })).toMatchObject({ status: 401, json: { error: { code: 'SIGNATURE_MISSING' } } });
    expect(await deliver(webhookUrl, outbound('BR001'), { signature: 't=123,v1=zz' })).toMatchObject({ status: 401, json: { error: { code: 'SIGNATURE_MALFORMED' } } });
    expect(await deliver(webhookUrl, outbound('BR001'), { t: nowSeconds() - 6 * 60 })).toMatchObject({ status: 400, json: { error: { code: 'SIGNATURE_EXPIRED' } } });
    expect(await deliver(webhookUrl, outbound('BR001'), { t: nowSeconds() + 6 * 60 })).toMatchObject({ status: 400, json: { error: { code: 'SIGNATURE_EXPIRED' } } });
    expect((await inboxOf(gateway.url, device)).messages).toEqual([]);
    expect(logged('PayFlow webhook refused').map((l) => (l.payflow as { code: string }).code)).toEqual([
      'SIGNATURE_INVALID',
      'SIGNATURE_INVALID',
      'SIGNATURE_MISSING',
      'SIGNATURE_MALFORMED',
      'SIGNATURE_EXPIRED',
      'SIGNATURE_EXPIRED',
    ]);

    expect(await deliver(webhookUrl, body)).toEqual({ status: 200, json: { status: 'accepted', position: 1 } });
    const inbox = await inboxOf(gateway.url, device);
    expect(inbox.messages).toEqual([{ position: 1, externalId: event.id, type: 'payment.completed', receivedAt: expect.any(String), payload: body }]);
    expect(await gateway.metrics.registry.getSingleMetricAsString('fidelis_gateway_payflow_webhooks_total')).toMatch(/outcome="refused"} 6[\s\S]*outcome="accepted"} 1/);
    await gateway.close();
  });

  it('stores a webhook once per event id: a redelivery and a replay of the same bytes answer 200 and add nothing; an old replay is refused', async () => {
    const { gateway, webhookUrl, logged } = await payflowGateway();
    const device = await gateway.addDevice('BR001');
    const event = outbound('BR001');
    const body = JSON.stringify(event);
    const t = nowSeconds();
    const signature = signWebhook(SECRET, body, t);

    expect(await deliver(webhookUrl, body, { signature })).toMatchObject({ status: 200, json: { status: 'accepted' } });
    expect(await deliver(webhookUrl, body, { signature })).toEqual({ status: 200, json: { status: 'duplicate', position: 1 } });
    expect(await deliver(webhookUrl, body, { t: t - 1 })).toEqual({ status: 200, json: { status: 'duplicate', position: 1 } });
    const [a, b] = await Promise.all([deliver(webhookUrl, outbound('BR001', 'evt_race'), { t }), deliver(webhookUrl, outbound('BR001', 'evt_race'), { t })]);
    expect([a.json.status, b.json.status].sort()).toEqual(['accepted', 'duplicate']);
    expect(await deliver(webhookUrl, body, { t: nowSeconds() - 3600 })).toMatchObject({ status: 400, json: { error: { code: 'SIGNATURE_EXPIRED' } } });

    expect((await inboxOf(gateway.url, device)).messages.map((m) => m.externalId)).toEqual([event.id, 'evt_race']);
    expect(logged('PayFlow webhook replayed (same signature): nothing stored')).toHaveLength(2);
    expect(logged('PayFlow webhook delivered again: nothing stored')).toHaveLength(1);
    await gateway.close();
  });

  it('routes outbound payments by the echoed branch, inbound ones to the branch holding the account, and keeps the rest as unroutable', async () => {
    const { gateway, webhookUrl, logged } = await payflowGateway();
    const north = await gateway.addDevice('BR001');
    const south = await gateway.addDevice('BR002');
    await createGatewayClient({ gatewayUrl: gateway.url, ...north }).push([commitOf('account-N1', 0, [opened('N1')], 'BR001')]);
    await createGatewayClient({ gatewayUrl: gateway.url, ...south }).push([commitOf('account-S1', 0, [opened('S1')], 'BR002')]);

    const events = [inbound('S1'), outbound('BR001'), inbound('N1'), inbound('NOBODY'), { id: 'evt_odd', type: 'account.flagged', created: '2026-11-26T10:00:00Z', data: {} }];
    const answers = [];
    for (const event of events) answers.push((await deliver(webhookUrl, event)).json.status);
    expect(answers).toEqual(['accepted', 'accepted', 'accepted', 'unroutable', 'unroutable']);

    expect((await inboxOf(gateway.url, north)).messages.map((m) => m.externalId)).toEqual([events[1]!.id, events[2]!.id]);
    expect((await inboxOf(gateway.url, south)).messages.map((m) => m.externalId)).toEqual([events[0]!.id]);
    expect((await gateway.payflowUnroutable()).map((m) => [m.externalId, m.reason])).toEqual([
      [events[3]!.id, 'no branch holds account NOBODY'],
      ['evt_odd', 'the event names no payment'],
    ]);
    expect(logged('PayFlow webhook stored as unroutable')).toHaveLength(2);
    await gateway.close();
  });

  it('serves the inbox to a signed device for its own branch only, in position order, page by page', async () => {
    const { gateway, webhookUrl } = await payflowGateway();
    const north = await gateway.addDevice('BR001');
    await gateway.addDevice('BR002');
    for (const branch of ['BR001', 'BR002', 'BR001', 'BR001', 'BR002']) await deliver(webhookUrl, outbound(branch));

    const page1 = await inboxOf(gateway.url, north, 0, 2);
    expect(page1.messages.map((m) => m.position)).toEqual([1, 3]);
    expect(page1).toMatchObject({ checkpoint: 3, head: 4 });
    const page2 = await inboxOf(gateway.url, north, page1.checkpoint, 2);
    expect(page2.messages.map((m) => m.position)).toEqual([4]);
    expect(page2).toMatchObject({ checkpoint: 4, head: 4 });
    expect(await inboxOf(gateway.url, north, 4, 2)).toEqual({ messages: [], checkpoint: 4, head: 4 });

    expect((await signedFetch(gateway.url, north, 'GET', `${PAYFLOW_PATHS.inbox}?after=0&limit=2`, undefined, { omit: true })).status).toBe(401);
    expect((await signedFetch(gateway.url, north, 'GET', `${PAYFLOW_PATHS.inbox}?after=0&limit=2`, undefined, { secret: 'wrong' })).status).toBe(401);
    expect((await signedFetch(gateway.url, north, 'GET', `${PAYFLOW_PATHS.inbox}?after=-1&limit=2`)).status).toBe(400);
    await gateway.close();
  });

  it('answers 503 to webhooks when no PayFlow secret is configured', async () => {
    const gateway = await startTestGateway(db);
    const response = await deliver(`${gateway.url}${PAYFLOW_PATHS.webhooks}`, outbound('BR001'));
    expect(response).toEqual({ status: 503, json: { error: { code: 'PAYFLOW_NOT_CONFIGURED', message: 'PayFlow webhooks are not configured.' } } });
    await gateway.close();
  });
});

describe('PayFlow simulator to the gateway', () => {
  it('delivers completed, failed, duplicated, inbound and unknown events to the owning branch’s inbox once each', async () => {
    const { gateway, webhookUrl } = await payflowGateway();
    const device = await gateway.addDevice('BR001');
    await createGatewayClient({ gatewayUrl: gateway.url, ...device }).push([commitOf('account-IN1', 0, [opened('IN1')], 'BR001')]);
    const sim = await startPayflowSimulator({ webhookUrl, webhookSecret: SECRET, apiKey: 'k', webhookRetryBaseMs: 5 });
    try {
      sim.control.setDuplicateWebhooks(true);
      const send = (reference: string) =>
        fetch(`${sim.url}${PAYFLOW_PATHS.payments}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'idempotency-key': reference },
          body: JSON.stringify({
            amount: '25000',
            currency: 'USD',
            reference,
            debtor: { accountId: 'IN1', accountNumber: 'IN1', name: 'Ada', branchId: 'BR001' },
            creditor: { name: 'Charles', accountNumber: '77', bankCode: 'OTHER' },
          }),
        });
      await sim.control.fail('pay-b', 'beneficiary account closed');
      expect((await send('pay-a')).status).toBe(201);
      expect((await send('pay-b')).status).toBe(201);
      await sim.control.deliverInbound({ accountId: 'IN1', amount: '25000' });
      await sim.control.sendUnknownEvent('payment.disputed', { payment: { direction: 'outbound', debtor: { branchId: 'BR001' } } });
      await sim.control.flush();

      expect(sim.control.webhooks().every((w) => w.delivered && w.attempts.length === 2 && w.attempts.every((a) => a.status === 200))).toBe(true);
      const inbox = await inboxOf(gateway.url, device);
      expect(inbox.messages.map((m) => m.type).sort()).toEqual(['payment.completed', 'payment.completed', 'payment.disputed', 'payment.failed']);
      expect(new Set(inbox.messages.map((m) => m.externalId))).toEqual(new Set(sim.control.webhooks().map((w) => w.eventId)));
      expect(inbox.messages.map((m) => m.payload).sort()).toEqual(sim.control.webhooks().map((w) => w.body).sort());
    } finally {
      await sim.close();
      await gateway.close();
    }
  });
});
