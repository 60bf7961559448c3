/** The state of one account, always derived by folding its events, never stored as such. */

export type AccountStatus = 'NONE' | 'ACTIVE' | 'CLOSED';

export interface Signatory {
  readonly name: string;
  readonly email: string;
  readonly role: 'OWNER' | 'MANAGER' | 'OPERATOR';
}

/** The holder's address, date of birth and identification, as regulatory reports need them (see HolderDetailsRecorded). */
export interface HolderDetails {
  readonly street: string;
  readonly city: string;
  readonly state?: string | undefined;
  readonly zip?: string | undefined;
  readonly country: string;
  readonly dateOfBirth?: string | undefined;
  readonly idType?: string | undefined;
  readonly idNumber?: string | undefined;
  readonly idIssuer?: string | undefined;
}

export interface AccountState {
  readonly status: AccountStatus;
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  /**
   * The customers who own the account, the primary first (AccountOpened v2; earlier openings are upcast). Optional
   * only because states folded before owners existed (the gateway keeps them per stream) lack it.
   */
  readonly owners?: readonly string[];
  readonly currency: string;
  /** Ledger balance in minor units. */
  readonly balance: bigint;
  readonly overdraftLimit: bigint;
  /** Funds reserved for work in flight (transfers, outgoing payments), by hold id, in minor units. */
  readonly holds: Readonly<Record<string, bigint>>;
  /** People authorised to act on the account, in the order they were added; emails are lower-cased and unique. */
  readonly signatories: readonly Signatory[];
  /** Absent for accounts whose holder details were never recorded (all accounts opened before they existed). */
  readonly holderDetails?: HolderDetails | undefined;
  /**
   * Ids of the movements already reversed: each is reversed at most once. Optional only because states folded
   * before reversals existed (the gateway keeps them per stream) lack it; a fresh fold always has it.
   */
  readonly reversedEventIds?: readonly string[];
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
  signatories: [],
  reversedEventIds: [],
  version: -1,
};

/** Whether a movement of this account was already reversed. */
export const isReversed = (state: AccountState, eventId: string): boolean => (state.reversedEventIds ?? []).includes(eventId);

export const heldAmount = (state: AccountState): bigint =>
  Object.values(state.holds).reduce((sum, amount) => sum + amount, 0n);

/** What a withdrawal may take now: the ledger balance plus the overdraft limit, less what is on hold. */
export const availableBalance = (state: AccountState): bigint =>
  state.balance + state.overdraftLimit - heldAmount(state);
