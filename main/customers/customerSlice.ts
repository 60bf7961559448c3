/** The Customer aggregate as the command pipeline runs it. */

import { CUSTOMER_CATEGORY, customerDecider, type CustomerCommand, type CustomerEvent, type CustomerState } from '@fidelis/shared/customers/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const customerSlice: AggregateSlice<CustomerCommand, CustomerEvent, CustomerState> = {
  category: CUSTOMER_CATEGORY,
  decider: customerDecider,
  aggregateIdOf: (command) => command.customerId,
};
