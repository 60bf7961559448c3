/** The account a person typed by its number, looked up as they type (the Accounts search, matched exactly, any case). */

import type { AccountRow } from '@fidelis/shared/accounts/api.js';
import { useQuery } from '../api/ApiProvider.js';

export interface TypedAccount {
  /** The account whose number is exactly what was typed; undefined while unknown or still looking. */
  readonly account: AccountRow | undefined;
  /** True once the search answered and no account has this number. */
  readonly unknown: boolean;
}

export function useAccountByNumber(typed: string): TypedAccount {
  const text = typed.trim();
  const found = useQuery('accounts.list', text === '' || text.length > 100 ? null : { search: text, offset: 0, limit: 20 });
  const account = text === '' ? undefined : found.data?.items.find((a) => a.number.toLowerCase() === text.toLowerCase());
  return { account, unknown: text !== '' && found.status === 'ready' && account === undefined };
}
