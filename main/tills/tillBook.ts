/** Reading the TillBook: one till, a branch's tills and vaults, the branch's last closed day. */

import type { TillBookEntry, VaultBookEntry } from '@fidelis/shared/tills/index.js';
import type { ReadModels } from '../projections/readModels.js';
import { TILL_BOOK, TILL_BOOK_KEYS, type BranchDayDocument } from './tillBookProjection.js';

export interface TillBook {
  till(tillId: string): Promise<TillBookEntry | undefined>;
  /** Every till the branch has opened, by id. */
  tills(branchId: string): Promise<TillBookEntry[]>;
  /** Every vault of the branch that ever held cash, by currency. */
  vaults(branchId: string): Promise<VaultBookEntry[]>;
  lastClosed(branchId: string): Promise<string | undefined>;
}

const prefix = (start: string) => ({ gte: start, lt: `${start}\uffff` });

export function createTillBook(readModels: Pick<ReadModels, 'document' | 'documents'>): TillBook {
  return {
    till: (tillId) => readModels.document<TillBookEntry>(TILL_BOOK, TILL_BOOK_KEYS.till(tillId)),
    async tills(branchId) {
      const all = await readModels.documents<TillBookEntry>(TILL_BOOK, { keyRange: prefix(TILL_BOOK_KEYS.till('')) });
      return all.filter((t) => t.branchId === branchId).sort((a, b) => (a.tillId < b.tillId ? -1 : 1));
    },
    async vaults(branchId) {
      const all = await readModels.documents<VaultBookEntry>(TILL_BOOK, { keyRange: prefix(TILL_BOOK_KEYS.vault(`${branchId}:`)) });
      return all.sort((a, b) => (a.currency < b.currency ? -1 : 1));
    },
    async lastClosed(branchId) {
      return (await readModels.document<BranchDayDocument>(TILL_BOOK, TILL_BOOK_KEYS.day(branchId)))?.lastClosed;
    },
  };
}
