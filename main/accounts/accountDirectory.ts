/**
 * AccountDirectory: the accounts screen's search, as keys the read-model index can range over — one key per
 * account number and one per word of the holder's name (lower-cased), plus the number of accounts. A search by
 * number or holder prefix then reads one page of keys, sorted, without scanning every account (100,000 of them).
 */

import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { ReadModelQuery, ReadModelStore } from '../projections/readModelStore.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export interface DirectoryEntry {
  readonly accountId: string;
  /** Lower-cased, so holder matches of an account already listed by number can be left out. */
  readonly numberLower: string;
}

export interface DirectoryCount {
  readonly accounts: number;
}

/** Below every character a number or name holds: `acc-1` sorts before `acc-10`. */
const SEPARATOR = '\u0001';
export const DIRECTORY_COUNT_KEY = 'count';
const numberKey = (number: string, accountId: string) => `n:${number}${SEPARATOR}${accountId}`;
const holderKey = (suffix: string, accountId: string) => `h:${suffix}${SEPARATOR}${accountId}`;

export const normaliseSearch = (value: string): string => value.trim().toLowerCase().replace(/\s+/g, ' ');

/** "Ada King Lovelace" → "ada king lovelace", "king lovelace", "lovelace": a search may start at any word. */
export function holderSuffixes(holder: string): string[] {
  const words = normaliseSearch(holder).split(' ').filter(Boolean);
  return [...new Set(words.map((_, i) => words.slice(i).join(' ')))];
}

const prefixRange = (prefix: string): NonNullable<ReadModelQuery['keyRange']> => ({ gte: prefix, lt: `${prefix}\uffff` });
export const numberRange = (needle: string) => prefixRange(`n:${needle}`);
/** The keys of exactly this number (any case), whichever account holds it. */
export const exactNumberRange = (number: string) => prefixRange(`n:${normaliseSearch(number)}${SEPARATOR}`);
export const holderRange = (needle: string) => prefixRange(`h:${needle}`);

export const accountDirectoryProjection: ProjectionDefinition = {
  name: 'AccountDirectory',
  version: 1,
  // Inline: an account just opened is found by the search that follows.
  mode: 'inline',
  categories: ['account'],
  eventTypes: ['AccountOpened'],
  async apply(event, view) {
    const accountId = text(event.data, 'accountId');
    const numberLower = normaliseSearch(text(event.data, 'number'));
    const entry: DirectoryEntry = { accountId, numberLower };
    await view.update<DirectoryEntry>(numberKey(numberLower, accountId), () => entry);
    for (const suffix of holderSuffixes(text(event.data, 'holder'))) await view.update<DirectoryEntry>(holderKey(suffix, accountId), () => entry);
    await view.update<DirectoryCount>(DIRECTORY_COUNT_KEY, (count) => ({ accounts: (count?.accounts ?? 0) + 1 }));
  },
};

/** One page of accounts whose number, or a word of whose holder's name, starts with `search`: numbers first. */
export async function searchDirectory(
  store: ReadModelStore,
  slot: string,
  search: string,
  page: { offset: number; limit: number },
): Promise<{ total: number; accountIds: string[] }> {
  const needle = normaliseSearch(search);
  if (needle === '') {
    const [count, entries] = await Promise.all([
      store.get<DirectoryCount>(slot, DIRECTORY_COUNT_KEY),
      store.find<DirectoryEntry>(slot, { keyRange: numberRange(''), skip: page.offset, limit: page.limit }),
    ]);
    return { total: count?.accounts ?? 0, accountIds: entries.map((e) => e.accountId) };
  }
  // Holder matches of an account the number already matched are left out: each account is listed once.
  const notByNumber = { numberLower: { $not: { $regex: `^${escapeRegex(needle)}` } } };
  const [byNumber, byHolder] = await Promise.all([store.count(slot, undefined, numberRange(needle)), store.count(slot, notByNumber, holderRange(needle))]);
  const accountIds: string[] = [];
  if (page.offset < byNumber) {
    const entries = await store.find<DirectoryEntry>(slot, { keyRange: numberRange(needle), skip: page.offset, limit: page.limit });
    accountIds.push(...entries.map((e) => e.accountId));
  }
  const left = page.limit - accountIds.length;
  if (left > 0 && byHolder > 0) {
    const skip = Math.max(0, page.offset - byNumber);
    const entries = await store.find<DirectoryEntry>(slot, { keyRange: holderRange(needle), where: notByNumber, skip, limit: left });
    accountIds.push(...entries.map((e) => e.accountId));
  }
  return { total: byNumber + byHolder, accountIds: [...new Set(accountIds)] };
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
