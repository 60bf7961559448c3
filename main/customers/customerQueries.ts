/** The customer directory's reads: the CustomerLookup other areas use, over the CustomerDirectory projection. */

import type { ReadModels } from '../projections/readModels.js';
import { CUSTOMER_DIRECTORY, CUSTOMER_KEYS, nameRange, normaliseTin, tinRange, type AccountOwnersDocument, type CustomerDocument, type SearchKeyDocument } from './customerDirectory.js';
import type { CustomerLookup, CustomerRecord } from './customerLookup.js';

const recordOf = ({ accounts: _accounts, ...record }: CustomerDocument): CustomerRecord => record;

/** Search results are few pages at most: a teller looking for a person, not a report over everyone. */
const MAX_MATCHES = 1_000;

export function createCustomerLookup(readModels: Pick<ReadModels, 'document' | 'documents'>): CustomerLookup {
  const documentOf = (customerId: string) => readModels.document<CustomerDocument>(CUSTOMER_DIRECTORY, CUSTOMER_KEYS.customer(customerId));

  return {
    async customer(customerId) {
      const doc = await documentOf(customerId);
      // A placeholder for a customer registered elsewhere and not pulled yet has no name: not a customer to show.
      return doc && doc.legalName !== '' ? recordOf(doc) : undefined;
    },

    async ownersOf(accountId) {
      const owners = await readModels.document<AccountOwnersDocument>(CUSTOMER_DIRECTORY, CUSTOMER_KEYS.account(accountId));
      const docs = await Promise.all((owners?.owners ?? []).map(documentOf));
      return docs.filter((doc): doc is CustomerDocument => doc !== undefined).map(recordOf);
    },

    async accountsOf(customerId) {
      return (await documentOf(customerId))?.accounts ?? [];
    },

    async search(text, page = { offset: 0, limit: 50 }) {
      const tin = normaliseTin(text);
      const [byTin, byName] = await Promise.all([
        // A TIN is searched whole: a few digits would find strangers.
        tin.length >= 4 ? readModels.documents<SearchKeyDocument>(CUSTOMER_DIRECTORY, { keyRange: tinRange(tin), limit: MAX_MATCHES }) : Promise.resolve([]),
        readModels.documents<SearchKeyDocument>(CUSTOMER_DIRECTORY, { keyRange: nameRange(text), limit: MAX_MATCHES }),
      ]);
      const ids = [...new Set([...byTin, ...byName].map((key) => key.customerId))];
      const docs = await Promise.all(ids.slice(page.offset, page.offset + page.limit).map(documentOf));
      return { total: ids.length, items: docs.filter((doc): doc is CustomerDocument => doc !== undefined).map(recordOf) };
    },
  };
}
