/** One-step upcasters for ledger events recorded by earlier versions of Fidelis. */

import type { Upcaster } from '../events/registry.js';

/** v1 deposits did not record where the money came from. */
export const depositMadeV1ToV2: Upcaster = {
  name: 'DepositMade',
  from: 1,
  up: (data) => ({ ...data, sourceType: 'unknown' }),
};

export const ledgerUpcasters: readonly Upcaster[] = [depositMadeV1ToV2];
