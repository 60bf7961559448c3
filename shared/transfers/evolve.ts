/** Folds one transfer event into the state. Total: it never refuses what was already recorded. */

import type { TransferEvent } from './events.js';
import type { TransferState } from './state.js';

export function evolveTransfer(state: TransferState, event: TransferEvent): TransferState {
  const version = state.version + 1;
  switch (event.type) {
    case 'TransferInitiated': {
      const { transferId, fromAccountId, toAccountId, amount, currency, reference } = event.data;
      return { ...state, stage: 'INITIATED', transferId, fromAccountId, toAccountId, amount: BigInt(amount), currency, reference, version };
    }
    case 'TransferFundsHeld':
      return { ...state, stage: 'FUNDS_HELD', version };
    case 'TransferSourceDebited':
      return { ...state, stage: 'DEBITED', version };
    case 'TransferCreditRefused':
      return { ...state, stage: 'CREDIT_REFUSED', reason: event.data.reason, failureCode: event.data.code, version };
    case 'TransferCompleted':
      return { ...state, stage: 'COMPLETED', version };
    case 'TransferFailed':
      return { ...state, stage: 'FAILED', reason: event.data.reason, failureCode: event.data.code, reversed: event.data.reversed, version };
  }
}
