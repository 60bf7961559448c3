/** Account business rules: given a command and the current state, the events it causes or why it is refused. */

import type { CommandContext } from '../../decider.js';
import { DomainError } from '../../errors.js';
import { formatAmount, parseAmount } from '../../money/money.js';
import type { AccountCommand, CloseAccount, MakeDeposit, MakeWithdrawal, OpenAccount } from './commands.js';
import type { AccountEvent } from './events.js';
import { availableBalance, type AccountState } from './state.js';

export function decideAccount(command: AccountCommand, state: AccountState, _context: CommandContext): readonly AccountEvent[] | DomainError {
  try {
    switch (command.type) {
      case 'OpenAccount':
        return open(command, state);
      case 'MakeDeposit':
        return deposit(command, state);
      case 'MakeWithdrawal':
        return withdraw(command, state);
      case 'CloseAccount':
        return close(command, state);
    }
  } catch (error) {
    // Amount parsing reports through DomainError; anything else is a bug and must surface.
    if (error instanceof DomainError) return error;
    throw error;
  }
}

function open(command: OpenAccount, state: AccountState): AccountEvent[] {
  if (state.status !== 'NONE') {
    throw new DomainError('ACCOUNT_EXISTS', `Account ${command.accountId} already exists.`, 'accountId');
  }
  const openingDeposit = parseAmount(command.openingDeposit, command.currency, 'openingDeposit');
  const overdraftLimit = parseAmount(command.overdraftLimit, command.currency, 'overdraftLimit');
  return [
    {
      type: 'AccountOpened',
      data: {
        accountId: command.accountId,
        number: command.number,
        holder: command.holder,
        currency: command.currency,
        openingDeposit: openingDeposit.toString(),
        overdraftLimit: overdraftLimit.toString(),
      },
    },
  ];
}

function deposit(command: MakeDeposit, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  const amount = positiveAmount(command.amount, state.currency);
  return [
    {
      type: 'DepositMade',
      data: {
        accountId: command.accountId,
        amount: amount.toString(),
        sourceType: command.sourceType,
        ...(command.reference === undefined ? {} : { reference: command.reference }),
      },
    },
  ];
}

function withdraw(command: MakeWithdrawal, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  const amount = positiveAmount(command.amount, state.currency);
  const available = availableBalance(state);
  if (amount > available) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `Insufficient funds: ${formatAmount(amount, state.currency)} ${state.currency} requested, ${formatAmount(available < 0n ? 0n : available, state.currency)} available.`,
      'balance',
    );
  }
  return [
    {
      type: 'WithdrawalMade',
      data: {
        accountId: command.accountId,
        amount: amount.toString(),
        ...(command.reference === undefined ? {} : { reference: command.reference }),
      },
    },
  ];
}

function close(command: CloseAccount, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  if (state.balance !== 0n) {
    throw new DomainError(
      'NON_ZERO_BALANCE',
      `The balance is ${formatAmount(state.balance, state.currency)} ${state.currency}: bring it to zero before closing.`,
      'status',
    );
  }
  return [
    {
      type: 'AccountClosed',
      data: { accountId: command.accountId, ...(command.reason === undefined ? {} : { reason: command.reason }) },
    },
  ];
}

function requireActive(state: AccountState, accountId: string): void {
  if (state.status === 'NONE') throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`, 'accountId');
  if (state.status === 'CLOSED') throw new DomainError('ACCOUNT_CLOSED', `Account ${state.number} is closed.`, 'status');
}

function positiveAmount(text: string, currency: string): bigint {
  const amount = parseAmount(text, currency);
  if (amount <= 0n) throw new DomainError('INVALID_AMOUNT', 'The amount must be greater than zero.', 'amount');
  return amount;
}
