/** Tills, vaults and the branch day as the command pipeline runs them. */

import { DomainError } from '@fidelis/shared/errors.js';
import {
  BRANCH_DAY_CATEGORY,
  branchDayDecider,
  TILL_CATEGORY,
  tillDecider,
  VAULT_CATEGORY,
  vaultDecider,
  vaultIdOf,
  type BranchDayCommand,
  type BranchDayEvent,
  type BranchDayState,
  type TillCommand,
  type TillEvent,
  type TillState,
  type VaultCommand,
  type VaultEvent,
  type VaultState,
} from '@fidelis/shared/tills/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

/** Main fills in a cash command's till and branch before it reaches a slice: without them it has no stream. */
const unplaced = (what: string) => new DomainError('VALIDATION', `The ${what} of this command could not be identified.`, what);

export const tillSlice: AggregateSlice<TillCommand, TillEvent, TillState> = {
  category: TILL_CATEGORY,
  decider: tillDecider,
  aggregateIdOf(command) {
    if (!command.till) throw unplaced('till');
    return command.till.tillId;
  },
};

export const vaultSlice: AggregateSlice<VaultCommand, VaultEvent, VaultState> = {
  category: VAULT_CATEGORY,
  decider: vaultDecider,
  aggregateIdOf(command) {
    if (command.branchId === undefined) throw unplaced('branch');
    return vaultIdOf(command.branchId, command.currency);
  },
};

export const branchDaySlice: AggregateSlice<BranchDayCommand, BranchDayEvent, BranchDayState> = {
  category: BRANCH_DAY_CATEGORY,
  decider: branchDayDecider,
  aggregateIdOf(command) {
    if (!command.branch) throw unplaced('branch');
    return command.branch.branchId;
  },
};
