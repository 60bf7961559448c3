/** Sends each validated command to the aggregate it is for: transfers to the Transfer slice, the rest to the Account slice. */

import type { EventMeta } from '../../shared/events/envelope.js';
import type { AccountCommand, AccountState } from '../../shared/ledger/account/index.js';
import type { CommandRequest } from '../../shared/ledger/commands.js';
import { accountSlice } from './accountSlice.js';
import { runCommand, type CommandOutcome, type PipelineDeps } from './commandPipeline.js';
import { isTransferRequest, prepareTransferCommand, transferSlice } from './transferSlice.js';

/** A command with the ids the host assigns (a new account's) already in place. */
export type RoutableCommand = Exclude<CommandRequest, { type: 'OpenAccount' }> | Extract<AccountCommand, { type: 'OpenAccount' }>;

export async function routeCommand(
  deps: PipelineDeps,
  command: RoutableCommand,
  meta: EventMeta,
  commandHash: string,
  loadAccount: (accountId: string) => Promise<AccountState>,
): Promise<CommandOutcome> {
  if (isTransferRequest(command)) {
    return runCommand(deps, transferSlice, await prepareTransferCommand(command, loadAccount), meta, commandHash);
  }
  return runCommand(deps, accountSlice, command, meta, commandHash);
}
