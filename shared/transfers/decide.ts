/** Transfer rules: a transfer moves a positive amount between two accounts, and its steps happen in order, once. */

import type { CommandContext } from '../decider.js';
import { DomainError } from '../errors.js';
import { parseEnteredAmount } from '../money/money.js';
import type { InitiateTransfer, TransferCommand } from './commands.js';
import type { TransferEvent } from './events.js';
import type { TransferStage, TransferState } from './state.js';

export function decideTransfer(command: TransferCommand, state: TransferState, _context: CommandContext): readonly TransferEvent[] | DomainError {
  try {
    const { transferId } = command;
    switch (command.type) {
      case 'InitiateTransfer':
        return initiate(command, state);
      case 'RecordTransferHold':
        requireStage(state, transferId, ['INITIATED'], 'record a hold');
        return [{ type: 'TransferFundsHeld', data: { transferId } }];
      case 'RecordTransferDebit':
        requireStage(state, transferId, ['FUNDS_HELD'], 'record a debit');
        return [{ type: 'TransferSourceDebited', data: { transferId } }];
      case 'CompleteTransfer':
        requireStage(state, transferId, ['DEBITED'], 'complete it');
        return [{ type: 'TransferCompleted', data: { transferId } }];
      case 'RecordTransferCreditRefused':
        requireStage(state, transferId, ['DEBITED'], 'record a refused credit');
        return [{ type: 'TransferCreditRefused', data: { transferId, reason: command.reason, code: command.code } }];
      case 'FailTransfer':
        // Once the source is debited, the only way to fail is through a reversal (CREDIT_REFUSED): money never vanishes.
        requireStage(state, transferId, ['INITIATED', 'FUNDS_HELD', 'CREDIT_REFUSED'], 'fail it');
        return [{ type: 'TransferFailed', data: { transferId, reason: command.reason, code: command.code, reversed: state.stage === 'CREDIT_REFUSED' } }];
    }
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

function initiate(command: InitiateTransfer, state: TransferState): TransferEvent[] {
  if (state.stage !== 'NONE') throw new DomainError('TRANSFER_EXISTS', `Transfer ${command.transferId} already exists.`, 'transferId');
  if (command.fromAccountId === command.toAccountId) {
    throw new DomainError('VALIDATION', 'A transfer moves money between two different accounts.', 'toAccountId');
  }
  const amount = parseEnteredAmount(command.amount, command.currency);
  if (amount <= 0n) throw new DomainError('INVALID_AMOUNT', 'The amount must be greater than zero.', 'amount');
  return [
    {
      type: 'TransferInitiated',
      data: {
        transferId: command.transferId,
        fromAccountId: command.fromAccountId,
        toAccountId: command.toAccountId,
        amount: amount.toString(),
        currency: command.currency,
        ...(command.reference === undefined ? {} : { reference: command.reference }),
      },
    },
  ];
}

function requireStage(state: TransferState, transferId: string, allowed: readonly TransferStage[], what: string): void {
  if (state.stage === 'NONE') throw new DomainError('TRANSFER_NOT_FOUND', `No transfer ${transferId}.`, 'transferId');
  if (!allowed.includes(state.stage)) {
    throw new DomainError('TRANSFER_STEP_OUT_OF_ORDER', `Transfer ${transferId} is ${state.stage}: it is too late or too early to ${what}.`, 'status');
  }
}
