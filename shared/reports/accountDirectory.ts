/**
 * What reports know of each account as of the cut-off: number, holder, currency and holder details. Built from the
 * events the report reads, so a report never depends on a read model that may be ahead of its cut-off.
 */

import type { HolderDetails } from '../accounts/state.js';
import { optionalText, text, type LedgerEvent } from '../ledger/readModels/ledgerEvent.js';

export interface DirectoryEntry {
  readonly accountId: string;
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  readonly details?: HolderDetails | undefined;
}

export interface AccountDirectory {
  /** Folds an event; `learnOnly` (events after the cut-off) adds accounts it did not know and changes nothing else. */
  fold(event: LedgerEvent, learnOnly?: boolean): void;
  get(accountId: string): DirectoryEntry | undefined;
  currencyOf(accountId: string): string | undefined;
}

const DETAIL_FIELDS = ['street', 'city', 'state', 'zip', 'country', 'dateOfBirth', 'idType', 'idNumber', 'idIssuer'] as const;

export function createAccountDirectory(): AccountDirectory {
  const entries = new Map<string, DirectoryEntry>();
  return {
    fold(event, learnOnly = false) {
      const accountId = optionalText(event.data, 'accountId');
      if (!accountId) return;
      if (event.type === 'AccountOpened') {
        if (learnOnly && entries.has(accountId)) return;
        entries.set(accountId, { accountId, number: text(event.data, 'number'), holder: text(event.data, 'holder'), currency: text(event.data, 'currency') });
      } else if (event.type === 'HolderDetailsRecorded' && !learnOnly) {
        const entry = entries.get(accountId);
        if (!entry) return;
        const details: Record<string, string> = {};
        for (const field of DETAIL_FIELDS) {
          const value = optionalText(event.data, field);
          if (value !== undefined) details[field] = value;
        }
        entries.set(accountId, { ...entry, details: details as unknown as HolderDetails });
      }
    },
    get: (accountId) => entries.get(accountId),
    currencyOf: (accountId) => entries.get(accountId)?.currency,
  };
}
