/** An account as staff and the CLI see it: amounts as decimal strings in the account's currency. */

import { formatAmount } from '../../money/money.js';
import { availableBalance, type AccountState } from './state.js';

export interface AccountView {
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  readonly balance: string;
  readonly availableBalance: string;
  readonly overdraftLimit: string;
  readonly status: 'ACTIVE' | 'CLOSED';
  readonly version: number;
}

export function toAccountView(state: AccountState): AccountView | undefined {
  if (state.status === 'NONE') return undefined;
  const money = (minor: bigint) => formatAmount(minor, state.currency);
  return {
    accountId: state.accountId,
    number: state.number,
    holder: state.holder,
    currency: state.currency,
    balance: money(state.balance),
    availableBalance: money(availableBalance(state)),
    overdraftLimit: money(state.overdraftLimit),
    status: state.status,
    version: state.version,
  };
}
