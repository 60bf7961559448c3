/** The Transfer rules, given / when / then on the pure decider: a positive amount between two accounts, steps in order, once. */

import { describe, expect, it } from 'vitest';
import type { TransferCommand, TransferEvent } from '@fidelis/shared/transfers/index.js';
import { toTransferView, transferDecider } from '@fidelis/shared/transfers/index.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const transfer = deciderScenario(transferDecider);
const transferId = 'tr-1';

const initiate = (fields: Partial<Extract<TransferCommand, { type: 'InitiateTransfer' }>> = {}): TransferCommand => ({
  type: 'InitiateTransfer',
  transferId,
  fromAccountId: 'acc-a',
  toAccountId: 'acc-b',
  amount: '3000',
  currency: 'USD',
  ...fields,
});
const step = (type: 'RecordTransferHold' | 'RecordTransferDebit' | 'CompleteTransfer'): TransferCommand => ({ type, transferId });
const fail = (reason = 'Insufficient funds', code = 'INSUFFICIENT_FUNDS'): TransferCommand => ({ type: 'FailTransfer', transferId, reason, code });
const creditRefused: TransferCommand = { type: 'RecordTransferCreditRefused', transferId, reason: 'Account B is closed.', code: 'ACCOUNT_CLOSED' };

const initiated: TransferEvent = {
  type: 'TransferInitiated',
  data: { transferId, fromAccountId: 'acc-a', toAccountId: 'acc-b', amount: '300000', currency: 'USD' },
};

describe('initiating a transfer', () => {
  it('records the amount in minor units of the currency and starts INITIATED', () => {
    const { then } = transfer.when(initiate({ reference: 'rent' }));
    then.expectAccepted();
    expect(then.events.first?.data).toEqual({ ...initiated.data, reference: 'rent' });
    expect(toTransferView(then.state)).toMatchObject({ status: 'INITIATED', stage: 'INITIATED', amount: '3000.00', currency: 'USD', reversed: false });
  });

  it('refuses a zero amount, too many decimals, and a transfer to the same account', () => {
    transfer.when(initiate({ amount: '0' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
    transfer.when(initiate({ amount: '1.001' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
    transfer.when(initiate({ toAccountId: 'acc-a' })).then.expectRejected({ code: 'VALIDATION', field: 'toAccountId' });
  });

  it('refuses a second transfer with the same id', () => {
    transfer.given(initiated).when(initiate()).then.expectRejected({ code: 'TRANSFER_EXISTS', field: 'transferId' });
  });
});

describe('driving a transfer to its end', () => {
  it('goes INITIATED → funds held → debited → COMPLETED', () => {
    const { then } = transfer.given(initiated).when(step('RecordTransferHold'), step('RecordTransferDebit'), step('CompleteTransfer'));
    then.expectAccepted();
    expect(then.chain.types).toEqual(['TransferFundsHeld', 'TransferSourceDebited', 'TransferCompleted']);
    expect(toTransferView(then.state)).toMatchObject({ status: 'COMPLETED', version: 3 });
  });

  it('fails with the reason when the source refuses the hold, and nothing was reversed', () => {
    const { then } = transfer.given(initiated).when(fail('Insufficient funds: 3000.00 USD to hold, 100.00 available.'));
    then.expectAccepted();
    expect(toTransferView(then.state)).toMatchObject({
      status: 'FAILED',
      reason: 'Insufficient funds: 3000.00 USD to hold, 100.00 available.',
      failureCode: 'INSUFFICIENT_FUNDS',
      reversed: false,
    });
  });

  it('fails as reversed after the destination refused the credit', () => {
    const { then } = transfer
      .given(initiated)
      .when(step('RecordTransferHold'), step('RecordTransferDebit'), creditRefused, fail('Account B is closed.', 'ACCOUNT_CLOSED'));
    then.expectAccepted();
    expect(toTransferView(then.state)).toMatchObject({ status: 'FAILED', stage: 'FAILED', reversed: true, failureCode: 'ACCOUNT_CLOSED' });
  });

  it('never fails a debited transfer without a reversal, so money cannot vanish', () => {
    transfer
      .given(initiated)
      .when(step('RecordTransferHold'), step('RecordTransferDebit'), fail())
      .then.expectRejected({ code: 'TRANSFER_STEP_OUT_OF_ORDER', field: 'status' });
  });

  it('refuses steps out of order, after the end, or for a transfer that does not exist', () => {
    transfer.given(initiated).when(step('RecordTransferDebit')).then.expectRejected({ code: 'TRANSFER_STEP_OUT_OF_ORDER' });
    transfer.given(initiated).when(step('CompleteTransfer')).then.expectRejected({ code: 'TRANSFER_STEP_OUT_OF_ORDER' });
    transfer.given(initiated).when(fail(), step('RecordTransferHold')).then.expectRejected({ code: 'TRANSFER_STEP_OUT_OF_ORDER' });
    transfer
      .given(initiated)
      .when(step('RecordTransferHold'), step('RecordTransferDebit'), step('CompleteTransfer'), creditRefused)
      .then.expectRejected({ code: 'TRANSFER_STEP_OUT_OF_ORDER' });
    transfer.when(step('RecordTransferHold')).then.expectRejected({ code: 'TRANSFER_NOT_FOUND', field: 'transferId' });
  });
});
