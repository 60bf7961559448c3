/** The reconciliation items read model: one row per item raised against PayFlow's settlements, open until someone resolves it. */

import { text, type LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { ReconciliationItem } from '@fidelis/shared/payments/index.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export const RECONCILIATION_ITEMS = 'ReconciliationItems';

export interface ReconciliationItemRow extends ReconciliationItem {
  readonly status: 'open' | 'resolved';
  readonly raisedAt: string;
  readonly resolution: { readonly note: string; readonly actor: string; readonly resolvedAt: string } | null;
}

export const reconciliationItemsProjection: ProjectionDefinition = {
  name: RECONCILIATION_ITEMS,
  version: 1,
  mode: 'inline',
  categories: ['reconciliation'],
  eventTypes: ['ReconciliationItemRaised', 'ReconciliationItemResolved'],
  async apply(event: LedgerEvent, view) {
    const itemId = text(event.data, 'itemId');
    if (event.type === 'ReconciliationItemRaised') {
      const item = event.data as unknown as ReconciliationItem;
      return view.update<ReconciliationItemRow>(itemId, () => ({ ...item, status: 'open', raisedAt: event.occurredAt, resolution: null }));
    }
    return view.update<ReconciliationItemRow>(
      itemId,
      (row) => row && { ...row, status: 'resolved', resolution: { note: text(event.data, 'note'), actor: text(event.data, 'actor'), resolvedAt: event.occurredAt } },
    );
  },
};
