/** An account as staff and the CLI see it: amounts as decimal strings in the account's currency. */

import { formatAmount } from '../money/money.js';
import { availableBalance, heldAmount, type AccountState, type HolderDetails, type Signatory } from './state.js';

export interface AccountView {
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  /** Customer ids of the owners, the primary first. */
  readonly owners: readonly string[];
  readonly currency: string;
  readonly balance: string;
  readonly availableBalance: string;
  readonly overdraftLimit: string;
  /** Funds reserved for work in flight (transfers): part of the balance, not of what is available. */
  readonly onHold: string;
  readonly signatories: readonly Signatory[];
  /** Address, date of birth, identification: only once recorded (accounts opened before have none). */
  readonly holderDetails?: HolderDetails;
  readonly status: 'ACTIVE' | 'CLOSED';
  readonly version: number;
  /**
   * Set when the stream holds events this release cannot read (written by a newer Fidelis): the balance shown leaves
   * them out, so it is flagged, and commands on the account are refused (UNREADABLE_EVENT).
   */
  readonly unreadable?: UnreadableSummary;
}

export interface UnreadableSummary {
  readonly events: number;
  /** Their stored type names, e.g. Fidelis.DepositMade.v9. */
  readonly types: string[];
}

export function toAccountView(state: AccountState): AccountView | undefined {
  if (state.status === 'NONE') return undefined;
  const money = (minor: bigint) => formatAmount(minor, state.currency);
  return {
    accountId: state.accountId,
    number: state.number,
    holder: state.holder,
    owners: state.owners ?? [],
    currency: state.currency,
    balance: money(state.balance),
    availableBalance: money(availableBalance(state)),
    overdraftLimit: money(state.overdraftLimit),
    onHold: money(heldAmount(state)),
    signatories: state.signatories,
    ...(state.holderDetails ? { holderDetails: state.holderDetails } : {}),
    status: state.status,
    version: state.version,
  };
}
