/** The Account aggregate: a vertical slice of commands, events, rules and state. */

import type { Decider } from '../decider.js';
import type { AccountCommand } from './commands.js';
import { decideAccount } from './decide.js';
import type { AccountEvent } from './events.js';
import { evolveAccount } from './evolve.js';
import { initialAccountState, type AccountState } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export * from './reversal.js';
export { decideAccount } from './decide.js';
export { evolveAccount } from './evolve.js';

export const ACCOUNT_CATEGORY = 'account';

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: initialAccountState,
  decide: decideAccount,
  evolve: evolveAccount,
};
export * from './view.js';
export * from './accountNumber.js';
