/** The Account aggregate as the command pipeline runs it. */

import { ACCOUNT_CATEGORY, accountDecider, type AccountCommand, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const accountSlice: AggregateSlice<AccountCommand, AccountEvent, AccountState> = {
  category: ACCOUNT_CATEGORY,
  decider: accountDecider,
  aggregateIdOf: (command) => command.accountId,
};
