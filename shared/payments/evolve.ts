/** Folds one payment event into the state. Total: it never refuses what was already recorded. */

import type { PaymentEvent } from './events.js';
import type { PaymentState } from './state.js';

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  const version = state.version + 1;
  switch (event.type) {
    case 'PaymentRequested': {
      const { paymentId, accountId, accountNumber, debtorName, amount, currency, beneficiary, memo } = event.data;
      return { ...state, stage: 'REQUESTED', paymentId, accountId, accountNumber, debtorName, amount: BigInt(amount), currency, beneficiary, memo, version };
    }
    case 'PaymentFundsHeld':
      return { ...state, stage: 'HELD', version };
    case 'PaymentQueued':
      return { ...state, stage: 'QUEUED', reason: event.data.reason, version };
    case 'PaymentSubmitted':
      return { ...state, stage: 'SUBMITTED', payflowId: event.data.payflowId, attempts: event.data.attempt, reason: undefined, version };
    case 'PaymentCompleted':
      return { ...state, stage: 'COMPLETED', payflowId: event.data.payflowId, reason: undefined, version };
    case 'PaymentFailed':
      return { ...state, stage: 'FAILED', payflowId: event.data.payflowId ?? state.payflowId, reason: event.data.reason, failureCode: event.data.code, version };
  }
}
