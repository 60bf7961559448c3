/** Sends each validated command to the aggregate it is for: transfers to the Transfer slice, the rest to the Account slice. */

import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import type { AccountCommand, AccountState } from '@fidelis/shared/accounts/index.js';
import type { CommandRequest } from '@fidelis/shared/ledger/commands.js';
import { accountSlice } from '../accounts/accountSlice.js';
import { runCommand, type CommandOutcome, type PipelineDeps } from './commandPipeline.js';
import { findReversalOriginal } from '../accounts/reversalOriginal.js';
import { isTransferRequest, prepareTransferCommand, transferSlice } from '../transfers/transferSlice.js';
import { isPaymentsRequest, routePaymentsCommand } from '../payments/paymentSlice.js';

/** A command with the ids the host assigns (a new account's) already in place. */
export type RoutableCommand = Exclude<CommandRequest, { type: 'OpenAccount' }> | Extract<AccountCommand, { type: 'OpenAccount' }>;

export async function routeCommand(
  deps: PipelineDeps,
  command: RoutableCommand,
  meta: EventMeta,
  commandHash: string,
  loadAccount: (accountId: string) => Promise<AccountState>,
): Promise<CommandOutcome> {
  if (isPaymentsRequest(command)) return routePaymentsCommand(deps, command, meta, commandHash, loadAccount);
  if (isTransferRequest(command)) {
    return runCommand(deps, transferSlice, await prepareTransferCommand(command, loadAccount), meta, commandHash);
  }
  if (command.type === 'ReverseMovement') {
    // The caller only names the original: main reads it from the account's stream (the decider refuses when it is absent).
    const account = await loadAccount(command.accountId);
    const original = await findReversalOriginal(deps.store, deps.registry, account, command.accountId, command.originalEventId);
    // The request schema has no `original`: a caller's copy was dropped when the request was validated.
    return runCommand(deps, accountSlice, { ...command, ...(original ? { original } : {}) }, meta, commandHash);
  }
  return runCommand(deps, accountSlice, command, meta, commandHash);
}
