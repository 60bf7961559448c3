/** Account business rules: given a command and the current state, the events it causes or why it is refused. */

import type { CommandContext } from '../decider.js';
import { DomainError } from '../errors.js';
import { derivedCustomerIdOf } from '../customers/index.js';
import { formatMoney } from '../money/display.js';
import { parseEnteredAmount } from '../money/money.js';
import type { RecordHolderDetails, ReverseMovement } from './commands.js';
import type { AccountCommand, AddSignatory, CloseAccount, MakeDeposit, MakeWithdrawal, OpenAccount, PlaceHold, ReleaseHold, RemoveSignatory } from './commands.js';
import { DEPOSIT_SOURCE_TYPES, type AccountEvent, type DepositReversed, type DepositSourceType } from './events.js';
import { reversalRefusal } from './reversal.js';
import { availableBalance, isReversed, type AccountState } from './state.js';

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
      case 'PlaceHold':
        return placeHold(command, state);
      case 'ReleaseHold':
        return releaseHold(command, state);
      case 'AddSignatory':
        return addSignatory(command, state);
      case 'RemoveSignatory':
        return removeSignatory(command, state);
      case 'RecordHolderDetails':
        return recordHolderDetails(command, state);
      case 'ReverseMovement':
        return reverse(command, state);
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
  // With owners main has set the holder to the primary owner's name; a holder named alone is a customer derived from the account.
  if (command.holder === undefined) throw new DomainError('VALIDATION', "Choose the customer who owns the account, or enter the holder's name.", 'owners');
  const openingDeposit = parseEnteredAmount(command.openingDeposit, command.currency, 'openingDeposit');
  const overdraftLimit = parseEnteredAmount(command.overdraftLimit, command.currency, 'overdraftLimit');
  return [
    {
      type: 'AccountOpened',
      data: {
        accountId: command.accountId,
        number: command.number,
        holder: command.holder,
        owners: command.owners ?? [derivedCustomerIdOf(command.accountId)],
        currency: command.currency,
        openingDeposit: openingDeposit.toString(),
        openingDepositSource: command.openingDepositSource,
        overdraftLimit: overdraftLimit.toString(),
        ...tillOf(command),
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
        currency: state.currency,
        channel: command.channel,
        ...(command.reference === undefined ? {} : { reference: command.reference }),
        ...tillOf(command),
      },
    },
  ];
}

/** The till a cash movement went through, when main's command path named one (shared/tills). */
const tillOf = (command: { tillId?: string | undefined; tillSession?: number | undefined; tillCounted?: true | undefined }) => ({
  ...(command.tillId === undefined ? {} : { tillId: command.tillId }),
  ...(command.tillSession === undefined ? {} : { tillSession: command.tillSession }),
  ...(command.tillCounted === undefined ? {} : { tillCounted: command.tillCounted }),
});

function withdraw(command: MakeWithdrawal, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  const amount = positiveAmount(command.amount, state.currency);
  // A withdrawal that consumes a hold may spend the held funds too: they were reserved for it.
  const held = command.holdId === undefined ? undefined : requireHold(state, command.holdId);
  const available = availableBalance(state) + (held ?? 0n);
  if (amount > available) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `Insufficient funds: ${formatMoney(amount, state.currency)} requested, ${formatMoney(available < 0n ? 0n : available, state.currency)} available.`,
      'balance',
    );
  }
  return [
    ...(held === undefined || command.holdId === undefined
      ? []
      : [{ type: 'HoldReleased' as const, data: { accountId: command.accountId, holdId: command.holdId, amount: held.toString() } }]),
    {
      type: 'WithdrawalMade',
      data: {
        accountId: command.accountId,
        amount: amount.toString(),
        channel: command.channel,
        ...(command.reference === undefined ? {} : { reference: command.reference }),
        ...tillOf(command),
      },
    },
  ];
}

function close(command: CloseAccount, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  if (state.balance !== 0n) {
    throw new DomainError(
      'NON_ZERO_BALANCE',
      `The balance is ${formatMoney(state.balance, state.currency)}: bring it to zero before closing.`,
      'status',
    );
  }
  if (Object.keys(state.holds).length > 0) {
    throw new DomainError('FUNDS_ON_HOLD', 'Funds are on hold for work in flight (a transfer): close the account once it has finished.', 'status');
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
  const amount = parseEnteredAmount(text, currency);
  if (amount <= 0n) throw new DomainError('INVALID_AMOUNT', 'The amount must be greater than zero.', 'amount');
  return amount;
}

function placeHold(command: PlaceHold, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  if (command.currency !== undefined && command.currency !== state.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `Account ${state.number} holds ${state.currency}, not ${command.currency}.`, 'currency');
  }
  if (state.holds[command.holdId] !== undefined) {
    throw new DomainError('HOLD_EXISTS', `Hold ${command.holdId} is already on account ${state.number}.`, 'holdId');
  }
  const amount = positiveAmount(command.amount, state.currency);
  const available = availableBalance(state);
  if (amount > available) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `Insufficient funds: ${formatMoney(amount, state.currency)} to hold, ${formatMoney(available < 0n ? 0n : available, state.currency)} available.`,
      'balance',
    );
  }
  return [
    {
      type: 'HoldPlaced',
      data: {
        accountId: command.accountId,
        holdId: command.holdId,
        amount: amount.toString(),
        ...(command.reason === undefined ? {} : { reason: command.reason }),
      },
    },
  ];
}

function releaseHold(command: ReleaseHold, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  const amount = requireHold(state, command.holdId);
  return [{ type: 'HoldReleased', data: { accountId: command.accountId, holdId: command.holdId, amount: amount.toString() } }];
}

function requireHold(state: AccountState, holdId: string): bigint {
  const amount = state.holds[holdId];
  if (amount === undefined) throw new DomainError('HOLD_NOT_FOUND', `No hold ${holdId} on account ${state.number}.`, 'holdId');
  return amount;
}

function addSignatory(command: AddSignatory, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  if (state.signatories.some((s) => s.email === command.email)) {
    throw new DomainError('SIGNATORY_EXISTS', `${command.email} is already a signatory of account ${state.number}.`, 'signatories');
  }
  return [{ type: 'SignatoryAdded', data: { accountId: command.accountId, name: command.name, email: command.email, role: command.role } }];
}

function removeSignatory(command: RemoveSignatory, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  if (!state.signatories.some((s) => s.email === command.email)) {
    throw new DomainError('SIGNATORY_NOT_FOUND', `${command.email} is not a signatory of account ${state.number}.`, 'signatories');
  }
  return [{ type: 'SignatoryRemoved', data: { accountId: command.accountId, email: command.email } }];
}

function recordHolderDetails(command: RecordHolderDetails, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  // Details recorded on the account only describe a holder known from the account alone; a customer keeps their own.
  const primary = state.owners?.[0];
  if (primary !== undefined && primary !== derivedCustomerIdOf(command.accountId)) {
    throw new DomainError('VALIDATION', `Account ${state.number} belongs to customer ${primary}: change their details on the customer.`, 'accountId');
  }
  if ((command.idType === undefined) !== (command.idNumber === undefined)) {
    throw new DomainError('VALIDATION', 'Give the identification type and its number together.', command.idType === undefined ? 'idType' : 'idNumber');
  }
  const { type: _type, ...details } = command;
  // Optional fields left out stay out of the event rather than being stored as undefined.
  const data = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as typeof details;
  return [{ type: 'HolderDetailsRecorded', data }];
}

/**
 * A compensating entry for a posted deposit or withdrawal: the original stays as it was, the reversal names it and
 * the reason. Reversing a deposit takes money out, so it needs the funds a withdrawal would (the overdraft counts).
 */
function reverse(command: ReverseMovement, state: AccountState): AccountEvent[] {
  requireActive(state, command.accountId);
  const original = command.original;
  if (original === undefined || original.eventId !== command.originalEventId || original.accountId !== command.accountId) {
    throw new DomainError('ORIGINAL_NOT_FOUND', `No movement ${command.originalEventId} on account ${state.number}.`, 'originalEventId');
  }
  const refusal = reversalRefusal(original);
  if (refusal !== undefined) throw new DomainError('NOT_REVERSIBLE', refusal, 'originalEventId');
  if (isReversed(state, original.eventId)) {
    throw new DomainError('ALREADY_REVERSED', `Movement ${original.eventId} on account ${state.number} was already reversed: a movement is reversed once.`, 'originalEventId');
  }
  const amount = BigInt(original.amount ?? '0');
  const currency = original.currency ?? state.currency;
  const reversal = {
    accountId: command.accountId,
    originalEventId: original.eventId,
    originalVersion: original.version,
    amount: amount.toString(),
    currency,
    reason: command.reason,
    ...(original.reference === undefined ? {} : { originalReference: original.reference }),
    ...tillOf(original),
  };
  if (original.type === 'WithdrawalMade') return [{ type: 'WithdrawalReversed', data: reversal }];
  const available = availableBalance(state);
  if (amount > available) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `Insufficient funds to reverse the deposit: ${formatMoney(amount, currency)} to take back, ${formatMoney(available < 0n ? 0n : available, currency)} available.`,
      'balance',
    );
  }
  return [{ type: 'DepositReversed', data: { ...reversal, sourceType: depositSourceOf(original.sourceType) } }];
}

const depositSourceOf = (sourceType: string | undefined): DepositReversed['data']['sourceType'] =>
  (DEPOSIT_SOURCE_TYPES as readonly string[]).includes(sourceType ?? '') ? (sourceType as DepositSourceType) : 'unknown';
