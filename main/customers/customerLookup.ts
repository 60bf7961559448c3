/** What other areas (reports, compliance, accounts) may ask of the customer directory: who a customer is, who owns an account. */

import type { CustomerDetails } from '@fidelis/shared/customers/index.js';

/** A customer with every detail recorded (the full TIN included: main-side readers only, never sent as is). */
export interface CustomerRecord extends CustomerDetails {
  readonly customerId: string;
  /** True while the customer is known from an account alone (opened with a holder name, or before customers existed). */
  readonly derived: boolean;
}

export interface CustomerLookup {
  customer(customerId: string): Promise<CustomerRecord | undefined>;
  /** The account's owners, the primary first; empty for an unknown account. */
  ownersOf(accountId: string): Promise<readonly CustomerRecord[]>;
  /** Ids of the accounts the customer owns (alone or jointly), in the order they were opened. */
  accountsOf(customerId: string): Promise<readonly string[]>;
  /** Customers whose legal name has a word starting with `text` (any case), or whose TIN is `text` (dashes and spaces ignored). */
  search(text: string, page?: { offset: number; limit: number }): Promise<{ total: number; items: readonly CustomerRecord[] }>;
}
