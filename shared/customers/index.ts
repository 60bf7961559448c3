/** The Customer aggregate: a person or organisation that owns accounts, with the details regulatory reports need. */

import type { Decider } from '../decider.js';
import type { CustomerCommand } from './commands.js';
import { decideCustomer } from './decide.js';
import type { CustomerEvent } from './events.js';
import { evolveCustomer } from './evolve.js';
import { initialCustomerState, type CustomerState } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export { decideCustomer } from './decide.js';
export { evolveCustomer, withChanges } from './evolve.js';

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: initialCustomerState,
  decide: decideCustomer,
  evolve: evolveCustomer,
};

/**
 * The customer of an account opened with a holder name alone, or before customers existed: known from the account
 * (its holder, and HolderDetailsRecorded if any) until a first change registers it under this same id.
 */
export const derivedCustomerIdOf = (accountId: string): string => `acct-${accountId}`;
