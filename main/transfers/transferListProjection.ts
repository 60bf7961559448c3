/** The transfers list read model: one row per transfer, its status and failure reason as they change. */

import { minorOf, text, type LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export const TRANSFER_LIST = 'TransferList';

export interface TransferListRow {
  readonly transferId: string;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  /** Both accounts, so one query finds the transfers of an account on either side. */
  readonly accountIds: readonly string[];
  /** Minor units. */
  readonly amount: string;
  readonly currency: string;
  readonly status: 'PENDING' | 'COMPLETED' | 'FAILED';
  readonly failureReason: string | null;
  readonly reversed: boolean;
  readonly startedAt: string;
}

export const transferListProjection: ProjectionDefinition = {
  name: TRANSFER_LIST,
  version: 1,
  mode: 'async',
  categories: ['transfer'],
  eventTypes: ['TransferInitiated', 'TransferCompleted', 'TransferFailed'],
  async apply(event: LedgerEvent, view) {
    const transferId = text(event.data, 'transferId');
    switch (event.type) {
      case 'TransferInitiated': {
        const fromAccountId = text(event.data, 'fromAccountId');
        const toAccountId = text(event.data, 'toAccountId');
        const row: TransferListRow = {
          transferId,
          fromAccountId,
          toAccountId,
          accountIds: [fromAccountId, toAccountId],
          amount: minorOf(event.data).toString(),
          currency: text(event.data, 'currency'),
          status: 'PENDING',
          failureReason: null,
          reversed: false,
          startedAt: event.occurredAt,
        };
        return view.update<TransferListRow>(transferId, () => row);
      }
      case 'TransferCompleted':
        return view.update<TransferListRow>(transferId, (row) => row && { ...row, status: 'COMPLETED' });
      case 'TransferFailed':
        return view.update<TransferListRow>(
          transferId,
          (row) => row && { ...row, status: 'FAILED', failureReason: text(event.data, 'reason'), reversed: event.data.reversed === true },
        );
    }
  },
};
