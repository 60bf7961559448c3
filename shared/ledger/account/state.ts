/** The state of one account, always derived by folding its events, never stored as such. */

export type AccountStatus = 'NONE' | 'ACTIVE' | 'CLOSED';

export interface AccountState {
  readonly status: AccountStatus;
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  /** Ledger balance in minor units. */
  readonly balance: bigint;
  readonly overdraftLimit: bigint;
  /** Funds reserved for work in flight (transfers, outgoing payments), by hold id, in minor units. */
  readonly holds: Readonly<Record<string, bigint>>;
  /** Version of the last event folded in; -1 before the account exists. */
  readonly version: number;
}

export const initialAccountState: AccountState = {
  status: 'NONE',
  accountId: '',
  number: '',
  holder: '',
  currency: '',
  balance: 0n,
  overdraftLimit: 0n,
  holds: {},
  version: -1,
};

export const heldAmount = (state: AccountState): bigint =>
  Object.values(state.holds).reduce((sum, amount) => sum + amount, 0n);

/** What a withdrawal may take now: the ledger balance plus the overdraft limit, less what is on hold. */
export const availableBalance = (state: AccountState): bigint =>
  state.balance + state.overdraftLimit - heldAmount(state);
