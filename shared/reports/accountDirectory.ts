/**
 * What reports know of each account and customer as of the cut-off: the account's number, holder, currency and
 * owners; each customer's legal name, address, date of birth, identification and TIN. Built from the events the report
 * reads, so a report never depends on a read model that may be ahead of its cut-off. A customer known only from an
 * account (opened with a holder name, or before customers existed) is derived from that account's holder and details.
 */

import type { CustomerDetails } from '../customers/events.js';
import { optionalText, text, type LedgerEvent } from '../ledger/readModels/ledgerEvent.js';

export interface DirectoryEntry {
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  /** Customer ids, the primary owner first. */
  readonly owners: readonly string[];
}

export interface CustomerEntry extends CustomerDetails {
  readonly customerId: string;
  /** True when no CustomerRegistered was read: the details come from an account's holder (and its holder details). */
  readonly derived: boolean;
}

export interface AccountDirectory {
  /** Folds an event; `learnOnly` (events after the cut-off) adds what it did not know and changes nothing else. */
  fold(event: LedgerEvent, learnOnly?: boolean): void;
  get(accountId: string): DirectoryEntry | undefined;
  currencyOf(accountId: string): string | undefined;
  customer(customerId: string): CustomerEntry | undefined;
  /** "Ada Lovelace, Alan Turing": the owners' legal names, as a report line names an account's customers. */
  ownerNames(accountId: string): string;
}

/** Event types the directory reads (unversioned names). */
export const DIRECTORY_EVENT_TYPES = ['AccountOpened', 'HolderDetailsRecorded', 'CustomerRegistered', 'CustomerDetailsChanged'] as const;

const US_TIN_TYPES: Readonly<Record<string, CustomerDetails['tinType']>> = { SSN: 'SSN', EIN: 'EIN', TIN: 'ITIN', FOREIGN: 'FOREIGN' };
const DOCUMENT_TYPES: Readonly<Record<string, NonNullable<CustomerDetails['identification']>['type']>> = {
  DRIVERS_LICENSE: 'DRIVERS_LICENSE',
  PASSPORT: 'PASSPORT',
  ALIEN_REGISTRATION: 'ALIEN_REGISTRATION',
  OTHER: 'OTHER',
};

/** A customer as an account knew them before customers existed: the holder's name and the holder details recorded on it. */
function derivedFrom(holder: string, details: Record<string, unknown> | undefined): CustomerDetails {
  if (!details) return { kind: 'PERSON', legalName: holder };
  const idType = optionalText(details, 'idType');
  const idNumber = optionalText(details, 'idNumber');
  const issuer = optionalText(details, 'idIssuer');
  const tinType = idType ? US_TIN_TYPES[idType] : undefined;
  const documentType = idType ? DOCUMENT_TYPES[idType] : undefined;
  const state = optionalText(details, 'state');
  const postalCode = optionalText(details, 'zip');
  const dateOfBirth = optionalText(details, 'dateOfBirth');
  return {
    kind: 'PERSON',
    legalName: holder,
    address: { line1: text(details, 'street'), city: text(details, 'city'), country: text(details, 'country'), ...(state ? { state } : {}), ...(postalCode ? { postalCode } : {}) },
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(tinType && idNumber ? { tin: idNumber, tinType } : {}),
    ...(documentType && idNumber && issuer ? { identification: { type: documentType, number: idNumber, issuer } } : {}),
  };
}

export function createAccountDirectory(): AccountDirectory {
  const accounts = new Map<string, DirectoryEntry>();
  const registered = new Map<string, CustomerEntry>();
  /** Holder details per account, for customers derived from it. */
  const holderDetails = new Map<string, Record<string, unknown>>();
  /** The account a derived customer comes from (the first that names them). */
  const derivedSource = new Map<string, string>();

  const derived = (customerId: string): CustomerEntry | undefined => {
    const accountId = derivedSource.get(customerId);
    const account = accountId ? accounts.get(accountId) : undefined;
    return account ? { customerId, derived: true, ...derivedFrom(account.holder, holderDetails.get(account.accountId)) } : undefined;
  };
  const customer = (customerId: string) => registered.get(customerId) ?? derived(customerId);

  return {
    fold(event, learnOnly = false) {
      switch (event.type) {
        case 'AccountOpened': {
          const accountId = text(event.data, 'accountId');
          if (learnOnly && accounts.has(accountId)) return;
          const owners = Array.isArray(event.data.owners) ? event.data.owners.filter((o): o is string => typeof o === 'string') : [];
          accounts.set(accountId, { accountId, number: text(event.data, 'number'), holder: text(event.data, 'holder'), currency: text(event.data, 'currency'), owners });
          for (const owner of owners) if (!derivedSource.has(owner)) derivedSource.set(owner, accountId);
          return;
        }
        case 'HolderDetailsRecorded':
          if (!learnOnly) holderDetails.set(text(event.data, 'accountId'), event.data);
          return;
        case 'CustomerRegistered': {
          const customerId = text(event.data, 'customerId');
          if (learnOnly && registered.has(customerId)) return;
          const { customerId: _id, ...details } = event.data as unknown as CustomerDetails & { customerId: string };
          registered.set(customerId, { ...details, customerId, derived: false });
          return;
        }
        case 'CustomerDetailsChanged': {
          const customerId = text(event.data, 'customerId');
          const before = registered.get(customerId);
          if (learnOnly || !before) return;
          const changes = (event.data.changes ?? {}) as Partial<CustomerDetails>;
          const merged: Record<string, unknown> = { ...before };
          for (const [field, value] of Object.entries(changes)) if (value !== undefined) merged[field] = value;
          registered.set(customerId, merged as unknown as CustomerEntry);
          return;
        }
      }
    },
    get: (accountId) => accounts.get(accountId),
    currencyOf: (accountId) => accounts.get(accountId)?.currency,
    customer,
    ownerNames: (accountId) =>
      (accounts.get(accountId)?.owners ?? [])
        .map((owner) => customer(owner)?.legalName ?? owner)
        .join(', '),
  };
}
