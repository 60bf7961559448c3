/** An account number's reservation as the command pipeline runs it: one stream per number of the branch. */

import { ACCOUNT_NUMBER_CATEGORY, accountNumberAggregateId, accountNumberDecider, type AccountNumberReserved, type AccountNumberState, type ReserveAccountNumber } from '@fidelis/shared/accounts/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const accountNumberSlice: AggregateSlice<ReserveAccountNumber, AccountNumberReserved, AccountNumberState> = {
  category: ACCOUNT_NUMBER_CATEGORY,
  decider: accountNumberDecider,
  aggregateIdOf: (command) => accountNumberAggregateId(command.branchId, command.number),
};
