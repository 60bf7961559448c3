/** Folds one customer event into the state. Total: it never refuses what was already recorded. */

import type { CustomerDetails, CustomerEvent } from './events.js';
import type { CustomerState } from './state.js';

/** The details after a change: each field the change names replaces the one before. */
export const withChanges = (details: CustomerDetails, changes: Partial<CustomerDetails>): CustomerDetails => {
  const merged: Record<string, unknown> = { ...details };
  for (const [field, value] of Object.entries(changes)) if (value !== undefined) merged[field] = value;
  return merged as CustomerDetails;
};

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  const version = state.version + 1;
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, ...details } = event.data;
      return { registered: true, customerId, details, version };
    }
    case 'CustomerDetailsChanged':
      return { ...state, details: withChanges(state.details, event.data.changes), version };
  }
}
