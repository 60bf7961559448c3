/**
 * External payments through PayFlow (SCENARIOS 16), end to end with real parts: the PayFlow simulator, the gateway on
 * PGlite receiving its signed webhooks, and a workstation host that holds, sends, reads its inbox and applies it.
 * Money is never created, lost or moved twice: every scenario checks the balances and holds it leaves.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import { createHost, type Host } from '../../../main/host.js';
import { startPayflowSimulator, type PayflowSimulator } from '../../../payflow/simulator/simulator.js';
import { signWebhook } from '../../../payflow/simulator/signing.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import { PAYFLOW_HEADERS, PAYFLOW_PATHS } from '@fidelis/shared/payflow/protocol.js';
import { accountCommands } from '../../support/accountFixtures.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { refusalOf } from '../../support/storeFixtures.js';
import { settledHead } from '../../support/settledHead.js';

const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
const API_KEY = 'pk_test_fidelis';
const BENEFICIARY = { name: 'Grace Hopper', accountNumber: 'DE89370400440532013000', bankCode: 'COBADEFF' };

let db: TestDatabase;
let gateway: Gateway;
let sim: PayflowSimulator;
let host: Host;

beforeAll(async () => {
  db = await openTestDatabase();
  gateway = await startTestGateway(db, { payflow: { webhookSecret: WEBHOOK_SECRET } });
  sim = await startPayflowSimulator({ webhookUrl: `${gateway.url}${PAYFLOW_PATHS.webhooks}`, webhookSecret: WEBHOOK_SECRET, apiKey: API_KEY, autoCompleteMs: null });
  const device = await gateway.addDevice('BR001');
  host = await createHost({
    inMemory: true,
    settings: {
      branchId: 'BR001',
      deviceId: device.deviceId,
      defaultActor: 'teller-ann',
      // The tests read the inbox themselves, and PayFlow outages are short here.
      payflowInboxIntervalMs: 0,
      payflowRetries: 1,
      payflowRetryBaseMs: 5,
      payflowQueueBaseMs: 20,
      payflowQueueMaxMs: 100,
      payflowBreakerThreshold: 2,
      payflowBreakerCoolDownMs: 150,
      processingRetryBaseMs: 5,
      processingMaxRetries: 1,
    },
    sync: { backoffMs: [20, 200], requestTimeoutMs: 5_000 },
  });
  await host.sync.configure({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret, standInLimit: '1000000' });
  await host.payments.configure({ url: sim.url, apiKey: API_KEY });
});

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await gateway?.close();
  await db?.close();
});

/** Opens an account and pushes it to the gateway, which routes inbound payments by the account's branch. */
async function openAccount(openingDeposit: string): Promise<string> {
  const account = accountCommands();
  await host.execute(account.open({ openingDeposit }));
  // Handlers (account facts) finish their writes first: tests that count what changed count only their own.
  await host.processing.settle();
  await host.sync.syncNow();
  return account.accountId;
}

/** Lets PayFlow's webhooks reach the gateway, then the workstation read its inbox and apply it. */
async function deliverWebhooks(): Promise<void> {
  await sim.control.flush();
  await host.sync.syncNow();
  await host.payments.pullInbox();
  await host.processing.settle();
}

async function money(accountId: string) {
  const view = await host.getAccount(accountId);
  return { balance: view?.balance, onHold: view?.onHold, available: view?.availableBalance };
}

const send = (accountId: string, amount: string, memo?: string) => host.payments.send({ accountId, amount, beneficiary: BENEFICIARY, ...(memo ? { memo } : {}) });

async function sentAndAccepted(accountId: string, amount: string): Promise<{ paymentId: string; payflowId: string }> {
  const { paymentId } = await send(accountId, amount);
  await host.payments.runQueue();
  const row = await host.payments.show(paymentId);
  expect(row.status).toBe('SUBMITTED');
  return { paymentId, payflowId: row.payflowId! };
}

const movements = async (accountId: string) =>
  (await host.readStream(streamIdOf('account', accountId))).map((e) => ({ type: e.type.split('.')[1], data: e.data, commandId: e.meta.commandId }));

/** A webhook signed as PayFlow signs it (or badly), posted to the gateway. */
async function postWebhook(body: unknown, secret = WEBHOOK_SECRET): Promise<number> {
  const raw = JSON.stringify(body);
  const response = await fetch(`${gateway.url}${PAYFLOW_PATHS.webhooks}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PAYFLOW_HEADERS.signature]: signWebhook(secret, raw, Math.floor(Date.now() / 1000)) },
    body: raw,
  });
  await response.text();
  return response.status;
}

describe('an outbound payment', () => {
  it('holds the funds, sends them to PayFlow once, and withdraws them once when PayFlow reports completion', async () => {
    const accountId = await openAccount('1000');
    const { paymentId, status } = await send(accountId, '250.00', 'invoice 42');
    expect(['HELD', 'SUBMITTED']).toContain(status);
    await host.payments.runQueue();
    const submitted = await host.payments.show(paymentId);
    expect(submitted).toMatchObject({ status: 'SUBMITTED', direction: 'outbound', amount: '25000', currency: 'USD', beneficiary: BENEFICIARY, attempts: 1 });
    expect(await money(accountId)).toEqual({ balance: '1000.00', onHold: '250.00', available: '750.00' });
    const atPayflow = sim.control.payments().filter((p) => p.reference === paymentId);
    expect(atPayflow).toHaveLength(1);
    expect(atPayflow[0]).toMatchObject({ id: submitted.payflowId, amount: '25000', currency: 'USD', direction: 'outbound' });
    expect(sim.control.requests().filter((r) => r.idempotencyKey === paymentId)).toHaveLength(1);

    await sim.control.complete(paymentId);
    await deliverWebhooks();

    expect(await host.payments.show(paymentId)).toMatchObject({ status: 'COMPLETED', payflowId: submitted.payflowId });
    expect(await money(accountId)).toEqual({ balance: '750.00', onHold: '0.00', available: '750.00' });
    const withdrawals = (await movements(accountId)).filter((m) => m.type === 'WithdrawalMade');
    expect(withdrawals).toEqual([{ type: 'WithdrawalMade', data: { accountId, amount: '25000', channel: 'payment', reference: `payflow-${submitted.payflowId}` }, commandId: `payment:${paymentId}:withdraw` }]);
  });

  it('releases the hold and moves nothing when PayFlow reports the payment failed', async () => {
    const accountId = await openAccount('500');
    const { paymentId } = await sentAndAccepted(accountId, '120');
    await sim.control.fail(paymentId, 'beneficiary account closed');
    await deliverWebhooks();
    expect(await host.payments.show(paymentId)).toMatchObject({ status: 'FAILED', failureReason: 'beneficiary account closed' });
    expect(await money(accountId)).toEqual({ balance: '500.00', onHold: '0.00', available: '500.00' });
    expect((await movements(accountId)).map((m) => m.type)).toEqual(['AccountOpened', 'HoldPlaced', 'HoldReleased']);
  });

  it('fails at once, holding nothing, when the account lacks the funds', async () => {
    const accountId = await openAccount('100');
    const { paymentId, status } = await send(accountId, '150');
    expect(status).toBe('FAILED');
    expect((await host.payments.show(paymentId)).failureReason).toMatch(/Insufficient funds/);
    expect(await money(accountId)).toEqual({ balance: '100.00', onHold: '0.00', available: '100.00' });
    expect(sim.control.payments().filter((p) => p.reference === paymentId)).toHaveLength(0);
  });

  it('refuses an amount a teller mistyped, and stores nothing', async () => {
    const accountId = await openAccount('100');
    const before = await settledHead(host);
    expect(await refusalOf(send(accountId, '10.001'))).toMatchObject({ code: 'INVALID_AMOUNT', field: 'amount' });
    expect(await refusalOf(host.payments.send({ accountId: 'no-such-account', amount: '1', beneficiary: BENEFICIARY }))).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(host.store.headSeq()).toBe(before);
  });

  it('applies duplicate and out-of-order webhooks once: two payments completed, newest webhook first, each sent twice', async () => {
    const accountId = await openAccount('1000');
    const first = await sentAndAccepted(accountId, '100');
    const second = await sentAndAccepted(accountId, '200');
    sim.control.setDuplicateWebhooks(true);
    sim.control.holdWebhooks();
    try {
      await sim.control.complete(first.paymentId);
      await sim.control.complete(second.paymentId);
      await sim.control.releaseHeldWebhooks('newest-first');
      await deliverWebhooks();
    } finally {
      sim.control.stopHoldingWebhooks();
      sim.control.setDuplicateWebhooks(false);
    }
    expect((await host.payments.show(first.paymentId)).status).toBe('COMPLETED');
    expect((await host.payments.show(second.paymentId)).status).toBe('COMPLETED');
    expect(await money(accountId)).toEqual({ balance: '700.00', onHold: '0.00', available: '700.00' });
    expect((await movements(accountId)).filter((m) => m.type === 'WithdrawalMade')).toHaveLength(2);
  });

  it('ignores a failure reported after the completion: the payment stays completed and nothing moves back', async () => {
    const accountId = await openAccount('300');
    const { paymentId, payflowId } = await sentAndAccepted(accountId, '100');
    await sim.control.complete(paymentId);
    await deliverWebhooks();
    const late = {
      id: `evt_late_${paymentId}`,
      type: 'payment.failed',
      created: new Date().toISOString(),
      data: {
        payment: {
          id: payflowId,
          direction: 'outbound',
          amount: '10000',
          currency: 'USD',
          reference: paymentId,
          status: 'failed',
          debtor: { name: 'Ada Lovelace', accountNumber: 'ACC-0001', accountId, branchId: 'BR001' },
          creditor: BENEFICIARY,
          failureReason: 'late and wrong',
        },
      },
    };
    expect(await postWebhook(late)).toBe(200);
    await deliverWebhooks();
    expect((await host.payments.show(paymentId)).status).toBe('COMPLETED');
    expect(await money(accountId)).toEqual({ balance: '200.00', onHold: '0.00', available: '200.00' });
    const applied = (await host.readStream(streamIdOf('payflowmsg', late.id))).map((e) => e.data);
    expect(applied[1]).toMatchObject({ outcome: 'ignored' });
  });
});

describe('an inbound payment (SCENARIOS 16)', () => {
  it('deposits 250.00 for a signed payment.completed of 250.00, with source payflow and reference payflow-<id>', async () => {
    const accountId = await openAccount('0');
    const inbound = await sim.control.deliverInbound({ accountId, amount: '25000', currency: 'USD', name: 'Ada Lovelace' });
    await deliverWebhooks();
    expect(await money(accountId)).toEqual({ balance: '250.00', onHold: '0.00', available: '250.00' });
    const deposits = (await movements(accountId)).filter((m) => m.type === 'DepositMade');
    expect(deposits).toEqual([
      { type: 'DepositMade', data: { accountId, amount: '25000', sourceType: 'payflow', currency: 'USD', channel: 'payment', reference: `payflow-${inbound.id}` }, commandId: `payflow:${inbound.id}:deposit` },
    ]);
    const row = await host.payments.show(inbound.id);
    expect(row).toMatchObject({ direction: 'inbound', status: 'COMPLETED', amount: '25000', reference: `payflow-${inbound.id}`, accountId });
  });

  it('deposits once when the webhook is delivered twice, and once when another webhook names the same payment', async () => {
    const accountId = await openAccount('0');
    sim.control.setDuplicateWebhooks(true);
    let inbound;
    try {
      inbound = await sim.control.deliverInbound({ accountId, amount: '4000', currency: 'USD' });
      await deliverWebhooks();
    } finally {
      sim.control.setDuplicateWebhooks(false);
    }
    // The same payment in a webhook of its own id: the deposit is keyed by PayFlow's payment id.
    const again = { id: `evt_again_${inbound.id}`, type: 'payment.completed', created: new Date().toISOString(), data: { payment: inbound } };
    expect(await postWebhook(again)).toBe(200);
    await deliverWebhooks();
    expect(await money(accountId)).toEqual({ balance: '40.00', onHold: '0.00', available: '40.00' });
    expect((await movements(accountId)).filter((m) => m.type === 'DepositMade')).toHaveLength(1);
  });

  it('parks a deposit the ledger refuses (another currency) in the dead letters after its retries, and moves nothing', async () => {
    const account = accountCommands();
    await host.execute(account.open({ openingDeposit: '5', currency: 'EUR' }));
    await host.sync.syncNow();
    const inbound = await sim.control.deliverInbound({ accountId: account.accountId, amount: '1000', currency: 'USD' });
    await deliverWebhooks();
    const parked = (await host.processing.deadLetters.list('payflow-acl')).filter((d) => JSON.stringify(d).includes(inbound.id));
    expect(parked).toHaveLength(1);
    expect(parked[0]?.reason).toMatch(/EUR/);
    expect(await money(account.accountId)).toEqual({ balance: '5.00', onHold: '0.00', available: '5.00' });
  });

  it('records an inbound payment.failed and moves nothing', async () => {
    const accountId = await openAccount('10');
    const failed = {
      id: `evt_failed_${accountId}`,
      type: 'payment.failed',
      created: new Date().toISOString(),
      data: {
        payment: {
          id: `pf_in_failed_${accountId}`,
          direction: 'inbound',
          amount: '9900',
          currency: 'USD',
          reference: 'their-ref',
          status: 'failed',
          debtor: { name: 'Other Bank Customer', accountNumber: '123', bankCode: 'OTHERBANK' },
          creditor: { name: 'Ada Lovelace', accountNumber: 'ACC-0001', accountId },
          failureReason: 'sender cancelled',
        },
      },
    };
    expect(await postWebhook(failed)).toBe(200);
    await deliverWebhooks();
    expect(await money(accountId)).toEqual({ balance: '10.00', onHold: '0.00', available: '10.00' });
    expect(await host.payments.show(`pf_in_failed_${accountId}`)).toMatchObject({ direction: 'inbound', status: 'FAILED', failureReason: 'sender cancelled' });
  });

  it('ignores a webhook of an unknown type: a log line and a record, no money moves', async () => {
    const accountId = await openAccount('10');
    const before = await money(accountId);
    const head = await settledHead(host);
    const eventId = await sim.control.sendUnknownEvent('payment.disputed', { payment: { id: 'pf_disputed', direction: 'outbound', debtor: { branchId: 'BR001', accountId } } });
    await deliverWebhooks();
    const stream = await host.readStream(streamIdOf('payflowmsg', eventId));
    expect(stream.map((e) => e.type.split('.')[1])).toEqual(['PayflowMessageReceived', 'PayflowMessageApplied']);
    expect(stream[1]?.data).toMatchObject({ outcome: 'ignored', reason: 'Unknown PayFlow webhook type payment.disputed.' });
    expect(await money(accountId)).toEqual(before);
    // Only the message's own stream changed.
    const changed = (await host.store.readAll(head, 1000)).map((e) => e.streamId);
    expect(new Set(changed)).toEqual(new Set([streamIdOf('payflowmsg', eventId)]));
  });

  it('changes nothing for a webhook with a bad signature: the gateway refuses it', async () => {
    const accountId = await openAccount('0');
    const forged = {
      id: `evt_forged_${accountId}`,
      type: 'payment.completed',
      created: new Date().toISOString(),
      data: {
        payment: {
          id: `pf_forged_${accountId}`,
          direction: 'inbound',
          amount: '1000000',
          currency: 'USD',
          reference: 'x',
          status: 'completed',
          debtor: { name: 'Mallory', accountNumber: '666', bankCode: 'EVIL' },
          creditor: { name: 'Ada', accountNumber: 'ACC-0001', accountId },
        },
      },
    };
    const status = await postWebhook(forged, 'not-the-secret');
    expect(status).toBeGreaterThanOrEqual(400);
    await deliverWebhooks();
    expect(await money(accountId)).toEqual({ balance: '0.00', onHold: '0.00', available: '0.00' });
    expect(await host.readStream(streamIdOf('payflowmsg', forged.id))).toEqual([]);
  });
});

describe('PayFlow down, then back', () => {
  it('queues the payment, opens the breaker and says so, then sends it once when PayFlow is back', async () => {
    const accountId = await openAccount('800');
    sim.control.setDown(true);
    let paymentId: string;
    try {
      ({ paymentId } = await send(accountId, '300'));
      await host.payments.runQueue();
      expect((await host.payments.show(paymentId)).status).toBe('QUEUED');
      const status = await host.payments.status();
      expect(status).toMatchObject({ configured: true, breaker: 'open' });
      expect(status.queued).toBeGreaterThanOrEqual(1);
      expect(status.lastError).toMatch(/503/);
      expect(status.nextAttemptAt).not.toBeNull();
      expect(await money(accountId)).toEqual({ balance: '800.00', onHold: '300.00', available: '500.00' });
    } finally {
      sim.control.setDown(false);
    }
    // The queue retries on its own once the breaker lets a probe through.
    await expect.poll(async () => (await host.payments.show(paymentId)).status, { timeout: 10_000, interval: 50 }).toBe('SUBMITTED');
    expect((await host.payments.status()).breaker).toBe('closed');
    expect(sim.control.payments().filter((p) => p.reference === paymentId)).toHaveLength(1);
    await sim.control.complete(paymentId);
    await deliverWebhooks();
    expect(await money(accountId)).toEqual({ balance: '500.00', onHold: '0.00', available: '500.00' });
  });
});

describe('reconciliation with PayFlow', () => {
  it('finds each kind of mismatch, raises it once, and a supervisor resolves an item with a note', async () => {
    const accountId = await openAccount('1000');
    const matched = await sentAndAccepted(accountId, '10');
    const dropped = await sentAndAccepted(accountId, '20');
    const amountOff = await sentAndAccepted(accountId, '30');
    const statusOff = await sentAndAccepted(accountId, '40');
    for (const p of [matched, dropped, amountOff, statusOff]) await sim.control.complete(p.paymentId);
    await deliverWebhooks();
    const today = new Date().toISOString().slice(0, 10);
    sim.control.dropFromSettlement(dropped.payflowId);
    sim.control.alterSettlement(amountOff.payflowId, { amount: '3001' });
    sim.control.alterSettlement(statusOff.payflowId, { status: 'failed' });
    sim.control.addSettlementEntry({ id: `pf_unknown_${accountId}`, reference: 'unknown-ref', direction: 'inbound', amount: '777', currency: 'USD', status: 'completed', settledAt: new Date().toISOString() });

    const result = await host.payments.reconcile(today, 'sue-supervisor');
    const kindOf = (payflowId: string) => result.items.filter((i) => i.payflowId === payflowId).map((i) => i.kind);
    expect(kindOf(matched.payflowId)).toEqual([]);
    expect(kindOf(dropped.payflowId)).toEqual(['MISSING_AT_PAYFLOW']);
    expect(kindOf(amountOff.payflowId)).toEqual(['AMOUNT_MISMATCH']);
    expect(kindOf(statusOff.payflowId)).toEqual(['STATUS_MISMATCH']);
    expect(kindOf(`pf_unknown_${accountId}`)).toEqual(['MISSING_IN_FIDELIS']);
    expect(result.matched).toBeGreaterThanOrEqual(1);
    const amountItem = result.items.find((i) => i.payflowId === amountOff.payflowId)!;
    expect(amountItem).toMatchObject({ status: 'open', paymentId: amountOff.paymentId, fidelis: { amount: '3000', status: 'completed' }, payflow: { amount: '3001' } });

    const again = await host.payments.reconcile(today, 'sue-supervisor');
    expect(again.raised).toBe(0);
    expect(again.items.length).toBe(result.items.length);

    expect(await host.payments.resolveItem(amountItem.itemId, 'PayFlow fee charged in error; refund requested', 'sue-supervisor')).toEqual({ itemId: amountItem.itemId, status: 'resolved' });
    const [resolved] = (await host.payments.reconciliation({ date: today, status: 'resolved' })).filter((i) => i.itemId === amountItem.itemId);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { note: 'PayFlow fee charged in error; refund requested', actor: 'sue-supervisor' } });
    expect(await refusalOf(host.payments.resolveItem(amountItem.itemId, 'again', 'sue-supervisor'))).toMatchObject({ code: 'RECONCILIATION_ITEM_RESOLVED' });
    expect((await host.payments.reconciliation({ date: today, status: 'open' })).map((i) => i.itemId)).not.toContain(amountItem.itemId);
    // Reconciling reads and records: no account moved.
    expect(await money(accountId)).toEqual({ balance: '900.00', onHold: '0.00', available: '900.00' });
  });
});
