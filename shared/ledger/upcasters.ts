/** One-step upcasters for ledger events recorded by earlier versions of Fidelis. */

import type { Upcaster } from '../events/registry.js';
import { derivedCustomerIdOf } from '../customers/index.js';

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

/**
 * Before v4 only the transfer process wrote `transfer:<id>` references and only PayFlow deposits said `payflow`;
 * the books and the reports of the time were drawn from those, so old deposits keep the channel they were booked by.
 * From v4 on the channel is what the making command recorded, and no reference is read.
 */
export const depositMadeV3ToV4: Upcaster = {
  name: 'DepositMade',
  from: 3,
  to: 4,
  up: (data) => ({ ...data, channel: data.sourceType === 'payflow' ? 'payment' : legacyTransferLeg(data.reference) ?? 'counter' }),
};

/** As for deposits: a v1 withdrawal keeps the channel the journal and the CTR of its time booked it by. */
export const withdrawalMadeV1ToV2: Upcaster = {
  name: 'WithdrawalMade',
  from: 1,
  to: 2,
  up: (data) => {
    const reference = typeof data.reference === 'string' ? data.reference.trim().toLowerCase() : '';
    return { ...data, channel: reference.startsWith('payflow') ? 'payment' : legacyTransferLeg(data.reference) ?? 'cash' };
  },
};

const legacyTransferLeg = (reference: unknown): 'transfer' | 'reversal' | undefined => {
  const ref = typeof reference === 'string' ? reference.trim().toLowerCase() : '';
  if (!ref.startsWith('transfer:')) return undefined;
  return ref.endsWith(':reversal') ? 'reversal' : 'transfer';
};

/**
 * v1 accounts named a holder and no owners: their owner is the customer derived from the account (known by the
 * holder's name and any HolderDetailsRecorded until a first change registers it). Their opening deposits were booked
 * as cash, the only source an opening had.
 */
export const accountOpenedV1ToV2: Upcaster = {
  name: 'AccountOpened',
  from: 1,
  to: 2,
  up: (data) => ({ ...data, owners: [derivedCustomerIdOf(String(data.accountId))], openingDepositSource: 'cash' }),
};

export const ledgerUpcasters: readonly Upcaster[] = [depositMadeV1ToV2, depositMadeV2ToV3, depositMadeV3ToV4, withdrawalMadeV1ToV2, accountOpenedV1ToV2];
