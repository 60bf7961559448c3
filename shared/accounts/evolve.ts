/** Folds one account event into the state. Total: it never refuses what was already recorded. */

import type { AccountEvent } from './events.js';
import type { AccountState } from './state.js';

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  const version = state.version + 1;
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, number, holder, owners, currency, openingDeposit, overdraftLimit } = event.data;
      return {
        ...state,
        status: 'ACTIVE',
        accountId,
        number,
        holder,
        owners,
        currency,
        balance: BigInt(openingDeposit),
        overdraftLimit: BigInt(overdraftLimit),
        version,
      };
    }
    case 'DepositMade':
      return { ...state, balance: state.balance + BigInt(event.data.amount), version };
    case 'WithdrawalMade':
      return { ...state, balance: state.balance - BigInt(event.data.amount), version };
    case 'AccountClosed':
      return { ...state, status: 'CLOSED', version };
    case 'HoldPlaced':
      return { ...state, holds: { ...state.holds, [event.data.holdId]: BigInt(event.data.amount) }, version };
    case 'HoldReleased': {
      const { [event.data.holdId]: _released, ...holds } = state.holds;
      return { ...state, holds, version };
    }
    case 'SignatoryAdded': {
      const { name, email, role } = event.data;
      return { ...state, signatories: [...state.signatories, { name, email, role }], version };
    }
    case 'HolderDetailsRecorded': {
      const { accountId: _accountId, ...holderDetails } = event.data;
      return { ...state, holderDetails, version };
    }
    // A reversal moves the original's amount back the other way and remembers the original, so it is reversed once only.
    case 'DepositReversed':
      return { ...state, balance: state.balance - BigInt(event.data.amount), reversedEventIds: [...(state.reversedEventIds ?? []), event.data.originalEventId], version };
    case 'WithdrawalReversed':
      return { ...state, balance: state.balance + BigInt(event.data.amount), reversedEventIds: [...(state.reversedEventIds ?? []), event.data.originalEventId], version };
    case 'SignatoryRemoved':
      return { ...state, signatories: state.signatories.filter((s) => s.email !== event.data.email), version };
  }
}
