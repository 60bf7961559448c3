/** The outbound Payment rules, given / when / then on the pure decider: a positive amount, steps in order, once; a finished payment never changes. */

import { describe, expect, it } from 'vitest';
import type { PaymentCommand, PaymentEvent } from '@fidelis/shared/payments/index.js';
import { paymentDecider } from '@fidelis/shared/payments/index.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const payment = deciderScenario(paymentDecider);
const paymentId = 'pay-1';
const beneficiary = { name: 'Grace Hopper', accountNumber: 'DE89370400440532013000', bankCode: 'COBADEFF' };

const send = (fields: Partial<Extract<PaymentCommand, { type: 'SendExternalPayment' }>> = {}): PaymentCommand => ({
  type: 'SendExternalPayment',
  paymentId,
  accountId: 'acc-a',
  amount: '250.00',
  currency: 'USD',
  beneficiary,
  debtor: { accountNumber: 'A-1', name: 'Ada Lovelace' },
  ...fields,
});
const requested: PaymentEvent = {
  type: 'PaymentRequested',
  data: { paymentId, accountId: 'acc-a', accountNumber: 'A-1', debtorName: 'Ada Lovelace', amount: '25000', currency: 'USD', beneficiary },
};
const held: PaymentEvent = { type: 'PaymentFundsHeld', data: { paymentId } };
const submitted: PaymentEvent = { type: 'PaymentSubmitted', data: { paymentId, payflowId: 'pf_1', attempt: 1 } };
const complete = (payflowId = 'pf_1'): PaymentCommand => ({ type: 'CompleteExternalPayment', paymentId, payflowId });
const fail: PaymentCommand = { type: 'FailExternalPayment', paymentId, reason: 'beneficiary account closed', code: 'PAYFLOW_FAILED', payflowId: 'pf_1' };

describe('sending an external payment', () => {
  it('records the amount in minor units of the account currency, the beneficiary and our account as PayFlow must name it', () => {
    const { then } = payment.when(send({ memo: 'invoice 42' }));
    then.expectAccepted();
    expect(then.events.first).toEqual({ ...requested, data: { ...requested.data, memo: 'invoice 42' } });
    expect(then.state).toMatchObject({ stage: 'REQUESTED', amount: 25000n, currency: 'USD' });
  });

  it('refuses a zero amount, too many decimals, and a second payment with the same id', () => {
    payment.when(send({ amount: '0' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
    payment.when(send({ amount: '1.001' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
    payment.given(requested).when(send()).then.expectRejected({ code: 'PAYMENT_EXISTS', field: 'paymentId' });
  });
});

describe('driving a payment to its end', () => {
  it('goes requested → held → queued → submitted → COMPLETED', () => {
    const { then } = payment
      .given(requested)
      .when({ type: 'RecordPaymentHold', paymentId }, { type: 'RecordPaymentQueued', paymentId, reason: 'PayFlow is down' }, { type: 'RecordPaymentSubmission', paymentId, payflowId: 'pf_1', attempt: 3 }, complete());
    then.expectAccepted();
    expect(then.chain.types).toEqual(['PaymentFundsHeld', 'PaymentQueued', 'PaymentSubmitted', 'PaymentCompleted']);
    expect(then.state).toMatchObject({ stage: 'COMPLETED', payflowId: 'pf_1', attempts: 3 });
  });

  it('completes a held payment whose acceptance was never recorded (a crash between PayFlow and the ledger)', () => {
    const { then } = payment.given(requested, held).when(complete('pf_9'));
    then.expectAccepted();
    expect(then.state).toMatchObject({ stage: 'COMPLETED', payflowId: 'pf_9' });
  });

  it('fails a submitted payment with PayFlow reason', () => {
    const { then } = payment.given(requested, held, submitted).when(fail);
    then.expectAccepted();
    expect(then.state).toMatchObject({ stage: 'FAILED', reason: 'beneficiary account closed', failureCode: 'PAYFLOW_FAILED' });
  });

  it('never changes a finished payment: no second completion, no failure after completion, no submission after failure', () => {
    payment.given(requested, held, submitted, { type: 'PaymentCompleted', data: { paymentId, payflowId: 'pf_1' } }).when(complete()).then.expectRejected({ code: 'PAYMENT_STEP_OUT_OF_ORDER' });
    payment.given(requested, held, submitted, { type: 'PaymentCompleted', data: { paymentId, payflowId: 'pf_1' } }).when(fail).then.expectRejected({ code: 'PAYMENT_STEP_OUT_OF_ORDER' });
    payment
      .given(requested, held, { type: 'PaymentFailed', data: { paymentId, reason: 'x', code: 'y' } })
      .when({ type: 'RecordPaymentSubmission', paymentId, payflowId: 'pf_1', attempt: 1 })
      .then.expectRejected({ code: 'PAYMENT_STEP_OUT_OF_ORDER' });
  });

  it('refuses a completion naming another PayFlow payment, and steps out of order', () => {
    payment.given(requested, held, submitted).when(complete('pf_other')).then.expectRejected({ code: 'VALIDATION', field: 'payflowId' });
    payment.given(requested).when(complete()).then.expectRejected({ code: 'PAYMENT_STEP_OUT_OF_ORDER' });
    payment.when({ type: 'RecordPaymentHold', paymentId }).then.expectRejected({ code: 'PAYMENT_NOT_FOUND' });
  });
});
