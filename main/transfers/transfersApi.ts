/** The transfers area's API handlers: start a transfer for the signed-in person, list transfers with their live status. */

import { formatAmount } from '@fidelis/shared/money/money.js';
import type { transfersMethods } from '@fidelis/shared/transfers/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { AccountResolver } from '../accounts/accountResolver.js';
import type { CommandService } from '../ledger/commandService.js';
import type { ReadModels } from '../projections/readModels.js';
import { TRANSFER_LIST, type TransferListRow } from './transferListProjection.js';
import type { Transfers } from './transfers.js';

export interface TransfersApiDeps {
  readonly transfers: Transfers;
  readonly readModels: ReadModels;
  readonly commands: Pick<CommandService, 'executeAs'>;
  readonly accounts: Pick<AccountResolver, 'find'>;
}

export function createTransfersApi({ transfers, readModels, commands, accounts }: TransfersApiDeps): AreaHandlers<typeof transfersMethods> {
  return {
    'transfers.list': async ({ accountId: named, offset, limit }) => {
      // Named by its number or its id; a name no account has lists nothing.
      const accountId = named === undefined ? undefined : ((await accounts.find(named)) ?? named);
      const where = accountId === undefined ? {} : { accountIds: accountId };
      const rows = await readModels.documents<TransferListRow>(TRANSFER_LIST, { where, orderBy: 'key', descending: true });
      // Keys are ULIDs (or ids a caller chose): newest first for ULIDs.
      const shown = rows.slice(offset, offset + limit);
      const numbers = new Map<string, Promise<string | null>>();
      const numberOf = (accountId: string) => {
        let number = numbers.get(accountId);
        if (!number) numbers.set(accountId, (number = readModels.accountSummaries.get(accountId).then((summary) => summary?.number ?? null)));
        return number;
      };
      return {
        total: rows.length,
        items: await Promise.all(shown.map(async (row) => ({
          transferId: row.transferId,
          fromAccountId: row.fromAccountId,
          toAccountId: row.toAccountId,
          fromNumber: await numberOf(row.fromAccountId),
          toNumber: await numberOf(row.toAccountId),
          amount: formatAmount(BigInt(row.amount), row.currency),
          currency: row.currency,
          status: row.status,
          failureReason: row.failureReason,
          startedAt: row.startedAt,
        }))),
      };
    },
    // The InitiateTransfer runs as the signed-in person (permission, dual control); the process manager moves the money.
    'transfers.start': ({ commandId, approval, ...input }, { principal }) =>
      transfers.start(input, commandId === undefined ? {} : { commandId }, (request, meta) => commands.executeAs(principal, request, meta, approval)),
  };
}
