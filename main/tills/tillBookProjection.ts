/**
 * TillBook (inline): each till's and vault's position as the ledger holds it, and each branch's last closed day.
 * Inline, so a cash withdrawal is checked against the position every earlier command left, and a day close sees
 * every till the moment it closed.
 */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import {
  BRANCH_DAY_CATEGORY,
  evolveTillBook,
  evolveVaultBook,
  isVaultEvent,
  TILL_BOOK_EVENTS,
  TILL_CATEGORY,
  tillMovementOf,
  VAULT_CATEGORY,
  type TillBookEntry,
  type VaultBookEntry,
} from '@fidelis/shared/tills/index.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export const TILL_BOOK = 'TillBook';

/** Documents by kind: tills and vaults sort by branch, so a branch's are one key range. */
export const TILL_BOOK_KEYS = {
  till: (tillId: string) => `till:${tillId}`,
  vault: (vaultId: string) => `vault:${vaultId}`,
  day: (branchId: string) => `day:${branchId}`,
} as const;

export interface BranchDayDocument {
  readonly branchId: string;
  readonly lastClosed: string;
  readonly closedAt: string;
  readonly closedBy: string;
}

const textOf = (envelope: EventEnvelope, field: string): string | undefined => (typeof envelope.data[field] === 'string' ? (envelope.data[field] as string) : undefined);

export const tillBookProjection: ProjectionDefinition = {
  name: TILL_BOOK,
  version: 1,
  mode: 'inline',
  categories: [TILL_CATEGORY, VAULT_CATEGORY, BRANCH_DAY_CATEGORY, 'account'],
  eventTypes: TILL_BOOK_EVENTS,
  prefetch(envelope) {
    const tillId = textOf(envelope, 'tillId');
    const vaultId = textOf(envelope, 'vaultId');
    return [...(tillId ? [TILL_BOOK_KEYS.till(tillId)] : []), ...(vaultId ? [TILL_BOOK_KEYS.vault(vaultId)] : [])];
  },
  async apply(event, view) {
    if (event.type === 'BusinessDayClosed') {
      const branchId = text(event.data, 'branchId');
      const businessDay = text(event.data, 'businessDay');
      await view.update<BranchDayDocument>(TILL_BOOK_KEYS.day(branchId), () => ({ branchId, lastClosed: businessDay, closedAt: event.occurredAt, closedBy: event.meta.actor }));
      return;
    }
    if (isVaultEvent(event.type)) {
      await view.update<VaultBookEntry>(TILL_BOOK_KEYS.vault(text(event.data, 'vaultId')), (entry) => evolveVaultBook(entry, event));
    }
    // A customer's movement counts only when it went through a till; the till's own events always do.
    const tillId = event.type === 'TillOpened' || event.type === 'TillClosed' ? text(event.data, 'tillId') : tillMovementOf(event)?.tillId;
    if (tillId !== undefined) await view.update<TillBookEntry>(TILL_BOOK_KEYS.till(tillId), (entry) => evolveTillBook(entry, event));
  },
};
