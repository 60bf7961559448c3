/** The transfers capability of the renderer API: start a transfer, list transfers with their live status. */

import { formatAmount } from '@fidelis/shared/money/money.js';
import type { TransfersFeature } from '../api/hostFeatures.js';
import type { ReadModels } from '../projections/readModels.js';
import { TRANSFER_LIST, type TransferListRow } from './transferListProjection.js';
import type { Transfers } from './transfers.js';

export function createTransfersApi(transfers: Transfers, readModels: ReadModels): TransfersFeature {
  return {
    async list({ accountId, offset, limit }) {
      const where = accountId === undefined ? {} : { accountIds: accountId };
      const rows = await readModels.documents<TransferListRow>(TRANSFER_LIST, { where, orderBy: 'key', descending: true });
      // Keys are ULIDs (or ids a caller chose): newest first for ULIDs.
      return {
        total: rows.length,
        items: rows.slice(offset, offset + limit).map((row) => ({
          transferId: row.transferId,
          fromAccountId: row.fromAccountId,
          toAccountId: row.toAccountId,
          amount: formatAmount(BigInt(row.amount), row.currency),
          currency: row.currency,
          status: row.status,
          failureReason: row.failureReason,
          startedAt: row.startedAt,
        })),
      };
    },
    start: ({ fromAccountId, toAccountId, amount, reference, commandId }) =>
      transfers.start({ fromAccountId, toAccountId, amount, reference }, commandId === undefined ? {} : { commandId }),
  };
}
