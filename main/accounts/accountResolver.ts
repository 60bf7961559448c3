/**
 * Names an account from what a person typed: its number (what staff know) or its id (what scripts keep). Every
 * door that takes an account — the API, the CLI, transfers, statements, reports — resolves through here.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import type { ReadModels } from '../projections/readModels.js';
import { exactNumberRange, type DirectoryEntry } from './accountDirectory.js';

export interface AccountResolver {
  /** The id of the account with this id, or else with this number (any case); ACCOUNT_NOT_FOUND (on `field`) otherwise. */
  resolve(numberOrId: string, field?: string): Promise<string>;
  /** The same, undefined instead of an error. */
  find(numberOrId: string): Promise<string | undefined>;
  /** The account holding this number (any case), if one does: numbers alone, never ids. */
  holderOfNumber(number: string): Promise<string | undefined>;
}

export function createAccountResolver(readModels: Pick<ReadModels, 'documents' | 'accountSummaries'>): AccountResolver {
  async function holderOfNumber(number: string): Promise<string | undefined> {
    const [byNumber] = await readModels.documents<DirectoryEntry>('AccountDirectory', { keyRange: exactNumberRange(number.trim()), limit: 1 });
    return byNumber?.accountId;
  }
  async function find(numberOrId: string): Promise<string | undefined> {
    const typed = numberOrId.trim();
    if (typed === '') return undefined;
    // An id names one account for good (scripts, sync, links); anything else is the number a person typed.
    if (await readModels.accountSummaries.exists(typed)) return typed;
    return holderOfNumber(typed);
  }
  return {
    find,
    holderOfNumber,
    async resolve(numberOrId, field = 'accountId') {
      const accountId = await find(numberOrId);
      if (accountId === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${numberOrId.trim()}: enter its number.`, field);
      return accountId;
    },
  };
}
