/** One-step upcasters for ledger events recorded by earlier versions of Fidelis. */

import type { Upcaster } from '../events/registry.js';

/** v1 deposits did not record where the money came from. */
export const depositMadeV1ToV2: Upcaster = {
  name: 'DepositMade',
  from: 1,
  to: 2,
  up: (data) => ({ ...data, sourceType: 'unknown' }),
};

/** v2 deposits were always in the account's currency, which only the stream's AccountOpened records. */
export const depositMadeV2ToV3: Upcaster = {
  name: 'DepositMade',
  from: 2,
  to: 3,
  needs: ['currency'],
  up: (data, context) => ({ ...data, currency: context.facts.currency }),
};

export const ledgerUpcasters: readonly Upcaster[] = [depositMadeV1ToV2, depositMadeV2ToV3];
