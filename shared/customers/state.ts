/** The state of one customer, folded from its events. */

import type { CustomerDetails } from './events.js';

export interface CustomerState {
  readonly registered: boolean;
  readonly customerId: string;
  readonly details: CustomerDetails;
  /** Version of the last event folded in; -1 before the customer is registered. */
  readonly version: number;
}

export const initialCustomerState: CustomerState = {
  registered: false,
  customerId: '',
  details: { kind: 'PERSON', legalName: '' },
  version: -1,
};
