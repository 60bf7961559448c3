/** The PayFlow simulator as its clients see it: idempotent payments, outages, signed webhooks with retries, misbehaviour on demand, settlements. */

import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PAYFLOW_PATHS,
  classifyWebhook,
  parseSignatureHeader,
  paymentResponseSchema,
  settlementListSchema,
  webhookSigningString,
  type PaymentRequest,
} from '@fidelis/shared/payflow/protocol.js';
import { startPayflowSimulator, type PayflowSimulator, type PayflowSimulatorOptions } from '../../../payflow/simulator/simulator.js';

const SECRET = 'whsec-test';
const API_KEY = 'pf-key-test';

interface Received {
  readonly body: string;
  readonly signature: string;
}

/** A webhook receiver that records every delivery and answers with the statuses it is given (then 200). */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['payflow-signature']) });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function simulator(options: Partial<PayflowSimulatorOptions> = {}): Promise<PayflowSimulator> {
  const sim = await startPayflowSimulator({ webhookSecret: SECRET, apiKey: API_KEY, webhookRetryBaseMs: 5, ...options });
  closers.push(() => sim.close());
  return sim;
}

async function receiver(statuses?: number[]) {
  const r = await startReceiver(statuses);
  closers.push(r.close);
  return r;
}

const request = (reference: string, amount = '25000'): PaymentRequest => ({
  amount,
  currency: 'USD',
  reference,
  debtor: { accountId: 'acc-1', accountNumber: '1000000001', name: 'Ada Lovelace', branchId: 'BR001' },
  creditor: { name: 'Charles Babbage', accountNumber: '7700', bankCode: 'OTHERBANK' },
});

async function pay(sim: PayflowSimulator, body: unknown, headers: Record<string, string | undefined> = {}) {
  const all: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  const response = await fetch(`${sim.url}${PAYFLOW_PATHS.payments}`, { method: 'POST', headers: all, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const verifies = (r: Received): boolean => {
  const header = parseSignatureHeader(r.signature);
  if (!header) return false;
  const expected = createHmac('sha256', SECRET).update(webhookSigningString(header.timestamp, r.body)).digest('hex');
  return header.signatures.includes(expected);
};

describe('PayFlow simulator API', () => {
  it('treats a repeated Idempotency-Key with the same body as the same payment, and refuses it with another body', async () => {
    const sim = await simulator({ autoCompleteMs: null });
    const first = await pay(sim, request('pay-1'), { 'idempotency-key': 'pay-1' });
    expect(first.status).toBe(201);
    expect(paymentResponseSchema.parse(first.json)).toMatchObject({ status: 'pending', reference: 'pay-1', amount: '25000', currency: 'USD' });

    const again = await pay(sim, request('pay-1'), { 'idempotency-key': 'pay-1' });
    expect(again).toEqual({ status: 200, json: first.json });
    const other = await pay(sim, request('pay-1', '99'), { 'idempotency-key': 'pay-1' });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    expect((await pay(sim, request('pay-2'))).status).toBe(400);
    expect((await pay(sim, request('pay-2'), { 'idempotency-key': 'pay-2', authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await pay(sim, { ...request('pay-2'), amount: '12.50' }, { 'idempotency-key': 'pay-2' })).status).toBe(400);
    expect(sim.control.payments()).toHaveLength(1);

    const fetched = await fetch(`${sim.url}${PAYFLOW_PATHS.payments}/${String(first.json.id)}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(await fetched.json()).toEqual(first.json);
    expect(sim.control.requests().map((r) => [r.status, r.idempotencyKey])).toEqual([
      [201, 'pay-1'],
      [200, 'pay-1'],
      [409, 'pay-1'],
      [400, undefined],
      [401, 'pay-2'],
      [400, 'pay-2'],
      [200, undefined],
    ]);
  });

  it('answers 503 to every API call while down (set over HTTP) and creates nothing, then accepts again', async () => {
    const sim = await simulator({ autoCompleteMs: null });
    const control = (path: string, body: unknown) => fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await control('/sim/down', { down: true })).status).toBe(200);
    expect((await pay(sim, request('pay-3'), { 'idempotency-key': 'pay-3' })).status).toBe(503);
    expect((await fetch(`${sim.url}${PAYFLOW_PATHS.settlements}?date=2026-11-26`, { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(503);
    expect(sim.control.payments()).toEqual([]);
    await control('/sim/down', { down: false });
    expect((await pay(sim, request('pay-3'), { 'idempotency-key': 'pay-3' })).status).toBe(201);
  });
});

describe('PayFlow simulator webhooks', () => {
  it('signs each webhook with the shared rules, echoes the debtor branch, and retries until the receiver answers 2xx', async () => {
    const hook = await receiver([500, 503]);
    const sim = await simulator({ webhookUrl: hook.url });
    const created = await pay(sim, request('pay-4'), { 'idempotency-key': 'pay-4' });
    await sim.control.flush();

    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    expect(hook.received.every(verifies)).toBe(true);
    expect(verifies({ ...hook.received[0]!, body: hook.received[0]!.body.replace('25000', '25001') })).toBe(false);
    const event = classifyWebhook(JSON.parse(hook.received[0]!.body));
    expect(event).toMatchObject({
      kind: 'payment',
      event: { type: 'payment.completed', data: { payment: { id: created.json.id, direction: 'outbound', reference: 'pay-4', status: 'completed', debtor: { branchId: 'BR001' } } } },
    });
    expect(sim.control.webhooks()[0]!.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
  });

  it('sends duplicates, holds completions back so they arrive after later events, fails a reference on arrival, and sends unknown types', async () => {
    const hook = await receiver();
    const sim = await simulator({ webhookUrl: hook.url });
    const types = () => hook.received.map((r) => JSON.parse(r.body) as { id: string; type: string; data: { payment?: { reference: string } } });

    sim.control.setDuplicateWebhooks(true);
    await pay(sim, request('dup-1'), { 'idempotency-key': 'dup-1' });
    await sim.control.flush();
    expect(types().map((e) => e.type)).toEqual(['payment.completed', 'payment.completed']);
    expect(types()[0]!.id).toBe(types()[1]!.id);
    sim.control.setDuplicateWebhooks(false);

    hook.received.length = 0;
    sim.control.holdWebhooks({ types: ['payment.completed'] });
    await sim.control.fail('late-2', 'account closed');
    await pay(sim, request('late-1'), { 'idempotency-key': 'late-1' });
    await pay(sim, request('late-2'), { 'idempotency-key': 'late-2' });
    await sim.control.flush();
    expect(types().map((e) => [e.type, e.data.payment?.reference])).toEqual([['payment.failed', 'late-2']]);
    expect(sim.control.heldWebhooks()).toHaveLength(1);
    sim.control.stopHoldingWebhooks();
    const unknownId = await sim.control.sendUnknownEvent('payment.disputed');
    expect(await sim.control.releaseHeldWebhooks()).toBe(1);
    await sim.control.flush();
    expect(types().map((e) => [e.type, e.data.payment?.reference])).toEqual([
      ['payment.failed', 'late-2'],
      ['payment.disputed', undefined],
      ['payment.completed', 'late-1'],
    ]);
    expect(classifyWebhook(types()[1])).toMatchObject({ kind: 'unknown', event: { id: unknownId, type: 'payment.disputed' } });
    expect(hook.received.every(verifies)).toBe(true);
  });

  it('delivers an inbound payment naming the Fidelis account credited', async () => {
    const hook = await receiver();
    const sim = await simulator({ webhookUrl: hook.url });
    const payment = await sim.control.deliverInbound({ accountId: 'acc-77', amount: '25000' });
    expect(payment).toMatchObject({ direction: 'inbound', status: 'completed', amount: '25000', creditor: { accountId: 'acc-77' } });
    expect(classifyWebhook(JSON.parse(hook.received[0]!.body))).toMatchObject({ kind: 'payment', event: { type: 'payment.completed', data: { payment } } });
  });
});

describe('PayFlow simulator settlements', () => {
  it('lists the day’s settled payments and can be made to disagree for reconciliation', async () => {
    const day = Date.parse('2026-11-26T10:00:00.000Z');
    const sim = await simulator({ clock: () => day, autoCompleteMs: null });
    for (const ref of ['s-1', 's-2', 's-3', 's-4']) await pay(sim, request(ref, '1000'), { 'idempotency-key': ref });
    await sim.control.complete('s-1');
    await sim.control.complete('s-2');
    await sim.control.fail('s-3', 'rejected');
    sim.control.dropFromSettlement('s-2');
    sim.control.alterSettlement('s-1', { amount: '999' });

    const response = await fetch(`${sim.url}${PAYFLOW_PATHS.settlements}?date=2026-11-26`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const list = settlementListSchema.parse(await response.json());
    expect(list.payments.map((p) => [p.reference, p.amount, p.status])).toEqual([
      ['s-1', '999', 'completed'],
      ['s-3', '1000', 'failed'],
    ]);
    expect(settlementListSchema.parse(await (await fetch(`${sim.url}${PAYFLOW_PATHS.settlements}?date=2026-11-27`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()).payments).toEqual([]);
    expect((await fetch(`${sim.url}${PAYFLOW_PATHS.settlements}?date=yesterday`, { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(400);
  });
});
