/** Outbound payment rules: a positive amount to a named beneficiary, steps in order, each once; a finished payment never changes. */

import type { CommandContext } from '../decider.js';
import { DomainError } from '../errors.js';
import { parseEnteredAmount } from '../money/money.js';
import type { PaymentCommand, SendExternalPayment } from './commands.js';
import type { PaymentEvent } from './events.js';
import type { PaymentStage, PaymentState } from './state.js';

export function decidePayment(command: PaymentCommand, state: PaymentState, _context: CommandContext): readonly PaymentEvent[] | DomainError {
  try {
    const { paymentId } = command;
    switch (command.type) {
      case 'SendExternalPayment':
        return send(command, state);
      case 'RecordPaymentHold':
        requireStage(state, paymentId, ['REQUESTED'], 'record its hold');
        return [{ type: 'PaymentFundsHeld', data: { paymentId } }];
      case 'RecordPaymentQueued':
        requireStage(state, paymentId, ['HELD'], 'queue it');
        return [{ type: 'PaymentQueued', data: { paymentId, reason: command.reason } }];
      case 'RecordPaymentSubmission':
        requireStage(state, paymentId, ['HELD', 'QUEUED'], 'record its submission');
        return [{ type: 'PaymentSubmitted', data: { paymentId, payflowId: command.payflowId, attempt: command.attempt } }];
      case 'CompleteExternalPayment':
        // PayFlow may report completion before we recorded its acceptance (a crash between the two): the money left all the same.
        requireStage(state, paymentId, ['HELD', 'QUEUED', 'SUBMITTED'], 'complete it');
        if (state.payflowId !== undefined && state.payflowId !== command.payflowId) {
          throw new DomainError('VALIDATION', `Payment ${paymentId} is PayFlow payment ${state.payflowId}, not ${command.payflowId}.`, 'payflowId');
        }
        return [{ type: 'PaymentCompleted', data: { paymentId, payflowId: command.payflowId } }];
      case 'FailExternalPayment':
        requireStage(state, paymentId, ['REQUESTED', 'HELD', 'QUEUED', 'SUBMITTED'], 'fail it');
        return [
          {
            type: 'PaymentFailed',
            data: { paymentId, reason: command.reason, code: command.code, ...(command.payflowId === undefined ? {} : { payflowId: command.payflowId }) },
          },
        ];
    }
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

function send(command: SendExternalPayment, state: PaymentState): PaymentEvent[] {
  if (state.stage !== 'NONE') throw new DomainError('PAYMENT_EXISTS', `Payment ${command.paymentId} already exists.`, 'paymentId');
  if (command.debtor === undefined) throw new DomainError('VALIDATION', 'The paying account was not looked up.', 'accountId');
  const amount = parseEnteredAmount(command.amount, command.currency);
  if (amount <= 0n) throw new DomainError('INVALID_AMOUNT', 'The amount must be greater than zero.', 'amount');
  return [
    {
      type: 'PaymentRequested',
      data: {
        paymentId: command.paymentId,
        accountId: command.accountId,
        accountNumber: command.debtor.accountNumber,
        debtorName: command.debtor.name,
        amount: amount.toString(),
        currency: command.currency,
        beneficiary: { ...command.beneficiary },
        ...(command.memo === undefined ? {} : { memo: command.memo }),
      },
    },
  ];
}

function requireStage(state: PaymentState, paymentId: string, allowed: readonly PaymentStage[], what: string): void {
  if (state.stage === 'NONE') throw new DomainError('PAYMENT_NOT_FOUND', `No payment ${paymentId}.`, 'paymentId');
  if (!allowed.includes(state.stage)) {
    throw new DomainError('PAYMENT_STEP_OUT_OF_ORDER', `Payment ${paymentId} is ${state.stage}: it is too late or too early to ${what}.`, 'status');
  }
}
