/** The PayFlow anti-corruption layer, pure: what each webhook means for Fidelis, and the ledger steps it takes, with ids that make a repeat a no-op. */

import { describe, expect, it } from 'vitest';
import { initialPaymentState, mapPayflowWebhook, planInboundDeposit, planOutboundSettlement, type PaymentState } from '@fidelis/shared/payments/index.js';

const inbound = (type: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt_1',
    type,
    created: '2026-11-26T10:00:00Z',
    data: {
      payment: {
        id: 'pf_in_1',
        direction: 'inbound',
        amount: '25000',
        currency: 'USD',
        reference: 'their-ref',
        status: type === 'payment.completed' ? 'completed' : 'failed',
        debtor: { name: 'Other', accountNumber: '1', bankCode: 'OTHER' },
        creditor: { name: 'Ada', accountNumber: 'A-1', accountId: 'acc-a' },
        ...fields,
      },
    },
  });

const outbound = (type: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt_2',
    type,
    created: '2026-11-26T10:00:00Z',
    data: {
      payment: {
        id: 'pf_out_1',
        direction: 'outbound',
        amount: '25000',
        currency: 'USD',
        reference: 'pay-1',
        status: 'completed',
        debtor: { name: 'Ada', accountNumber: 'A-1', accountId: 'acc-a', branchId: 'BR001' },
        creditor: { name: 'Grace', accountNumber: 'DE89', bankCode: 'COBADEFF' },
        ...fields,
      },
    },
  });

const held: PaymentState = { ...initialPaymentState, stage: 'HELD', paymentId: 'pay-1', accountId: 'acc-a', amount: 25000n, currency: 'USD', version: 1 };

describe('reading a webhook', () => {
  it('turns an inbound payment.completed into a deposit of its amount to the named account, referenced payflow-<id>', () => {
    expect(mapPayflowWebhook(inbound('payment.completed'))).toEqual({ kind: 'deposit', payflowId: 'pf_in_1', accountId: 'acc-a', amount: '25000', currency: 'USD', reference: 'payflow-pf_in_1' });
  });

  it('records an inbound payment.failed without moving money', () => {
    expect(mapPayflowWebhook(inbound('payment.failed', { failureReason: 'cancelled' }))).toMatchObject({ kind: 'record', payflowId: 'pf_in_1', reason: 'cancelled' });
  });

  it('turns outbound completions and failures into steps of the payment named by the reference', () => {
    expect(mapPayflowWebhook(outbound('payment.completed'))).toEqual({ kind: 'complete', payflowId: 'pf_out_1', paymentId: 'pay-1', amount: '25000', currency: 'USD' });
    expect(mapPayflowWebhook(outbound('payment.failed', { status: 'failed', failureReason: 'closed' }))).toEqual({ kind: 'fail', payflowId: 'pf_out_1', paymentId: 'pay-1', reason: 'closed' });
  });

  it('ignores unknown types, malformed bodies, non-JSON, and an inbound payment naming no account, each with its reason', () => {
    expect(mapPayflowWebhook(JSON.stringify({ id: 'evt_3', type: 'payment.disputed', created: 'x', data: {} }))).toEqual({ kind: 'ignore', reason: 'Unknown PayFlow webhook type payment.disputed.' });
    expect(mapPayflowWebhook(outbound('payment.completed', { amount: '12.50' }))).toMatchObject({ kind: 'ignore', reason: expect.stringMatching(/^Malformed/) });
    expect(mapPayflowWebhook('not json')).toEqual({ kind: 'ignore', reason: 'The message is not JSON.' });
    expect(mapPayflowWebhook(inbound('payment.completed', { creditor: { name: 'Ada', accountNumber: 'A-1' } }))).toMatchObject({ kind: 'ignore' });
  });
});

describe('planning the ledger steps', () => {
  it('deposits in the account currency under an id derived from the PayFlow payment, and refuses another currency or a missing account', () => {
    const deposit = mapPayflowWebhook(inbound('payment.completed'));
    if (deposit.kind !== 'deposit') throw new Error('expected a deposit');
    expect(planInboundDeposit(deposit, { currency: 'USD' })).toEqual({
      kind: 'steps',
      steps: [{ commandId: 'payflow:pf_in_1:deposit', request: { type: 'MakeDeposit', accountId: 'acc-a', amount: '250.00', sourceType: 'payflow', reference: 'payflow-pf_in_1', channel: 'payment' } }],
    });
    expect(planInboundDeposit(deposit, { currency: 'EUR' })).toMatchObject({ kind: 'refuse', code: 'CURRENCY_MISMATCH' });
    expect(planInboundDeposit(deposit, undefined)).toMatchObject({ kind: 'refuse', code: 'ACCOUNT_NOT_FOUND' });
  });

  it('completes a held payment by withdrawing its hold, then recording the completion', () => {
    const plan = planOutboundSettlement({ kind: 'complete', payflowId: 'pf_out_1', paymentId: 'pay-1', amount: '25000', currency: 'USD' }, held);
    expect(plan).toEqual({
      kind: 'steps',
      steps: [
        { commandId: 'payment:pay-1:withdraw', request: { type: 'MakeWithdrawal', accountId: 'acc-a', amount: '250.00', holdId: 'payment:pay-1', reference: 'payflow-pf_out_1', channel: 'payment' } },
        { commandId: 'payment:pay-1:complete', request: { type: 'CompleteExternalPayment', paymentId: 'pay-1', payflowId: 'pf_out_1' } },
      ],
    });
  });

  it('fails a payment by releasing its hold (already released counts as done), then recording the failure', () => {
    const plan = planOutboundSettlement({ kind: 'fail', payflowId: 'pf_out_1', paymentId: 'pay-1', reason: 'closed' }, { ...held, stage: 'SUBMITTED', payflowId: 'pf_out_1' });
    expect(plan.kind === 'steps' && plan.steps.map((s) => [s.commandId, s.alreadyDone])).toEqual([
      ['payment:pay-1:release', ['HOLD_NOT_FOUND']],
      ['payment:pay-1:payflow-fail', undefined],
    ]);
  });

  it('skips what changes nothing: a finished payment, an unknown one, another PayFlow id, another amount; waits for a payment without its hold', () => {
    const complete = { kind: 'complete' as const, payflowId: 'pf_out_1', paymentId: 'pay-1', amount: '25000', currency: 'USD' };
    expect(planOutboundSettlement(complete, { ...held, stage: 'COMPLETED' }).kind).toBe('skip');
    expect(planOutboundSettlement({ kind: 'fail', payflowId: 'pf_out_1', paymentId: 'pay-1', reason: 'late' }, { ...held, stage: 'COMPLETED' }).kind).toBe('skip');
    expect(planOutboundSettlement(complete, initialPaymentState).kind).toBe('skip');
    expect(planOutboundSettlement(complete, { ...held, stage: 'SUBMITTED', payflowId: 'pf_other' }).kind).toBe('skip');
    expect(planOutboundSettlement({ ...complete, amount: '25001' }, held).kind).toBe('skip');
    expect(planOutboundSettlement(complete, { ...held, stage: 'REQUESTED' }).kind).toBe('later');
  });
});
