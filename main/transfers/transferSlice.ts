/** The Transfer aggregate as the command pipeline runs it, and the checks a new transfer needs from the accounts it names. */

import { ulid } from '../ids.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { AccountState } from '@fidelis/shared/accounts/index.js';
import type { CommandRequest } from '@fidelis/shared/ledger/commands.js';
import {
  TRANSFER_CATEGORY,
  transferCommandSchema,
  transferDecider,
  type InitiateTransfer,
  type TransferCommand,
  type TransferEvent,
  type TransferState,
} from '@fidelis/shared/transfers/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const transferSlice: AggregateSlice<TransferCommand, TransferEvent, TransferState> = {
  category: TRANSFER_CATEGORY,
  decider: transferDecider,
  aggregateIdOf: (command) => command.transferId,
};

const TRANSFER_COMMAND_TYPES: ReadonlySet<string> = new Set(transferCommandSchema.options.map((option) => option.shape.type.value));

/** A transfer command as callers send it: a new transfer may leave its id and currency to the ledger. */
export type TransferRequest = Extract<CommandRequest, { type: TransferCommand['type'] }>;

export const isTransferRequest = (command: CommandRequest): command is TransferRequest => TRANSFER_COMMAND_TYPES.has(command.type);

/**
 * Gives a new transfer its id and the source's currency, and refuses what can never succeed: an account that
 * does not exist, or two accounts of different currencies (Fidelis moves money within one currency only).
 * Whether the source has the funds, or an account is closed, is decided when the money moves, by the accounts.
 */
export async function prepareTransferCommand(
  command: TransferRequest,
  loadAccount: (accountId: string) => Promise<AccountState>,
): Promise<TransferCommand> {
  if (command.type !== 'InitiateTransfer') return command;
  const [from, to] = await Promise.all([loadAccount(command.fromAccountId), loadAccount(command.toAccountId)]);
  if (from.status === 'NONE') throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${command.fromAccountId}.`, 'fromAccountId');
  if (to.status === 'NONE') throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${command.toAccountId}.`, 'toAccountId');
  if (from.currency !== to.currency) {
    throw new DomainError(
      'CURRENCY_MISMATCH',
      `Transfers stay within one currency: account ${from.number} holds ${from.currency}, account ${to.number} holds ${to.currency}.`,
      'toAccountId',
    );
  }
  if (command.currency !== undefined && command.currency !== from.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `Account ${from.number} holds ${from.currency}, not ${command.currency}.`, 'currency');
  }
  const initiate: InitiateTransfer = { ...command, transferId: command.transferId ?? ulid(), currency: from.currency as InitiateTransfer['currency'] };
  return initiate;
}
