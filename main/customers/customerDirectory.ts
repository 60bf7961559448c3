/**
 * CustomerDirectory (inline): one document per customer with its details and accounts, one per account with its
 * owners, and search keys per word of the legal name and per TIN. Customers derived from accounts (opened with a
 * holder name, or before customers existed) are folded from AccountOpened and HolderDetailsRecorded until their
 * first change registers them; from then on their own stream governs.
 */

import { CUSTOMER_CATEGORY, derivedCustomerIdOf, withChanges, type CustomerDetails } from '@fidelis/shared/customers/index.js';
import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { ProjectionDefinition } from '../projections/projection.js';
import type { ProjectionView, ReadModelQuery } from '../projections/readModelStore.js';
import { holderSuffixes, normaliseSearch } from '../accounts/accountDirectory.js';
import type { CustomerRecord } from './customerLookup.js';

export const CUSTOMER_DIRECTORY = 'CustomerDirectory';

/** A customer's document: the record and the accounts it owns, in opening order. */
export interface CustomerDocument extends CustomerRecord {
  readonly accounts: readonly string[];
}

export interface AccountOwnersDocument {
  readonly accountId: string;
  readonly owners: readonly string[];
}

export interface SearchKeyDocument {
  readonly customerId: string;
}

/** Below every character a name or TIN holds. */
const SEPARATOR = '\u0001';
export const CUSTOMER_KEYS = {
  customer: (customerId: string) => `c:${customerId}`,
  account: (accountId: string) => `a:${accountId}`,
  name: (suffix: string, customerId: string) => `n:${suffix}${SEPARATOR}${customerId}`,
  tin: (tin: string, customerId: string) => `t:${tin}${SEPARATOR}${customerId}`,
} as const;

const prefixRange = (prefix: string): NonNullable<ReadModelQuery['keyRange']> => ({ gte: prefix, lt: `${prefix}\uffff` });
export const nameRange = (needle: string) => prefixRange(`n:${normaliseSearch(needle)}`);
export const tinRange = (tin: string) => prefixRange(`t:${normaliseTin(tin)}${SEPARATOR}`);

/** A TIN as searched: letters and digits only, upper-cased (123-45-6789 and 123456789 are one TIN). */
export const normaliseTin = (tin: string): string => tin.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

/** The search keys a record is found by. */
const searchKeysOf = (record: Pick<CustomerRecord, 'customerId' | 'legalName' | 'tin'>): string[] => [
  ...holderSuffixes(record.legalName).map((suffix) => CUSTOMER_KEYS.name(suffix, record.customerId)),
  ...(record.tin === undefined || normaliseTin(record.tin) === '' ? [] : [CUSTOMER_KEYS.tin(normaliseTin(record.tin), record.customerId)]),
];

/** Writes a customer's document and moves its search keys from what it was to what it is. */
async function putCustomer(view: ProjectionView, before: CustomerDocument | undefined, after: CustomerDocument): Promise<void> {
  await view.update<CustomerDocument>(CUSTOMER_KEYS.customer(after.customerId), () => after);
  const kept = new Set(searchKeysOf(after));
  for (const key of before ? searchKeysOf(before) : []) if (!kept.has(key)) await view.update(key, () => undefined);
  for (const key of kept) await view.update<SearchKeyDocument>(key, () => ({ customerId: after.customerId }));
}

/**
 * HolderDetailsRecorded (kept for accounts of earlier versions) as customer details: the address, the date of birth,
 * a TIN when the identification was one, the document otherwise.
 */
function detailsFromHolder(data: Record<string, unknown>): Partial<CustomerDetails> {
  const optional = (field: string) => (typeof data[field] === 'string' && data[field] !== '' ? (data[field] as string) : undefined);
  const idType = optional('idType');
  const idNumber = optional('idNumber');
  const givenIssuer = optional('idIssuer');
  const issuer = givenIssuer !== undefined && /^[A-Z]{2,3}$/.test(givenIssuer) ? givenIssuer : text(data, 'country');
  const tinTypes: Record<string, CustomerDetails['tinType']> = { SSN: 'SSN', EIN: 'EIN', TIN: 'ITIN', FOREIGN: 'FOREIGN' };
  const documentTypes = new Set(['DRIVERS_LICENSE', 'PASSPORT', 'ALIEN_REGISTRATION', 'OTHER']);
  const state = optional('state');
  const postalCode = optional('zip');
  const dateOfBirth = optional('dateOfBirth');
  return {
    address: { line1: text(data, 'street'), city: text(data, 'city'), country: text(data, 'country'), ...(state ? { state } : {}), ...(postalCode ? { postalCode } : {}) },
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(idType && idNumber && tinTypes[idType] ? { tin: idNumber, tinType: tinTypes[idType] } : {}),
    ...(idType && idNumber && documentTypes.has(idType) ? { identification: { type: idType as NonNullable<CustomerDetails['identification']>['type'], number: idNumber, issuer } } : {}),
  };
}

async function applyAccountOpened(event: LedgerEvent, view: ProjectionView): Promise<void> {
  const accountId = text(event.data, 'accountId');
  const owners = Array.isArray(event.data.owners) ? event.data.owners.filter((o): o is string => typeof o === 'string') : [];
  await view.update<AccountOwnersDocument>(CUSTOMER_KEYS.account(accountId), () => ({ accountId, owners }));
  for (const customerId of owners) {
    const before = await view.get<CustomerDocument>(CUSTOMER_KEYS.customer(customerId));
    if (before) {
      if (!before.accounts.includes(accountId)) await view.update<CustomerDocument>(CUSTOMER_KEYS.customer(customerId), (doc) => doc && { ...doc, accounts: [...doc.accounts, accountId] });
    } else if (customerId === derivedCustomerIdOf(accountId)) {
      // Known by the holder's name alone until details are recorded or the customer is registered.
      await putCustomer(view, undefined, { customerId, kind: 'PERSON', legalName: text(event.data, 'holder'), derived: true, accounts: [accountId] });
    } else {
      // Registered on another workstation and not pulled yet: the account is remembered, the details follow.
      await view.update<CustomerDocument>(CUSTOMER_KEYS.customer(customerId), () => ({ customerId, kind: 'PERSON', legalName: '', derived: false, accounts: [accountId] }));
    }
  }
}

export const customerDirectoryProjection: ProjectionDefinition = {
  name: CUSTOMER_DIRECTORY,
  version: 1,
  // Inline: a customer registered a moment ago can own the account opened next.
  mode: 'inline',
  categories: ['account', CUSTOMER_CATEGORY],
  eventTypes: ['AccountOpened', 'HolderDetailsRecorded', 'CustomerRegistered', 'CustomerDetailsChanged'],
  async apply(event, view) {
    switch (event.type) {
      case 'AccountOpened':
        return applyAccountOpened(event, view);
      case 'HolderDetailsRecorded': {
        const customerId = derivedCustomerIdOf(text(event.data, 'accountId'));
        const before = await view.get<CustomerDocument>(CUSTOMER_KEYS.customer(customerId));
        // Once registered, the customer's own record governs; HolderDetailsRecorded only fills in a derived one.
        if (before?.derived) await putCustomer(view, before, { ...before, ...withChanges(before, detailsFromHolder(event.data)) });
        return;
      }
      case 'CustomerRegistered': {
        const { customerId, ...details } = event.data as unknown as CustomerDetails & { customerId: string };
        const before = await view.get<CustomerDocument>(CUSTOMER_KEYS.customer(customerId));
        await putCustomer(view, before, { ...details, customerId, derived: false, accounts: before?.accounts ?? [] });
        return;
      }
      case 'CustomerDetailsChanged': {
        const customerId = text(event.data, 'customerId');
        const before = await view.get<CustomerDocument>(CUSTOMER_KEYS.customer(customerId));
        if (!before) return;
        const changes = (event.data.changes ?? {}) as Partial<CustomerDetails>;
        await putCustomer(view, before, { ...before, ...withChanges(before, changes), customerId, derived: false, accounts: before.accounts });
        return;
      }
    }
  },
};
