/**
 * The Vault aggregate: the branch's cash reserve in one currency, held by supervisors. It gives cash to tills and
 * takes it back (both people sign), receives from and ships to the cash centre, and is counted; its position never
 * goes below zero, which the gateway checks again whichever workstation decided.
 */

import type { CommandContext, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { parseEnteredAmount } from '../money/money.js';
import type { CountVault, IssueCashToTill, ReceiveCashShipment, ReturnCashToVault, ShipCashToCentre, TillFacts, VaultCommand } from './commands.js';
import { formatMoney } from '../money/display.js';
import { countedDifference } from './counting.js';
import { countTotal, normalisedCount } from './denominations.js';
import type { VaultEvent } from './events.js';
import { vaultIdOf } from './ids.js';
import { requireTillFacts } from './till.js';

export interface VaultState {
  readonly vaultId: string;
  readonly branchId: string;
  readonly currency: string;
  /** Cash the vault holds by its books, in minor units. */
  readonly position: bigint;
  /** The business day of its last count, if it was ever counted. */
  readonly countedDay: string | undefined;
  /** Whether cash moved in or out after the last count: a day closes only on a vault counted after its last movement. */
  readonly movedSinceCount: boolean;
  /** Version of the last event folded in; -1 before the vault's first movement. */
  readonly version: number;
}

export const initialVaultState: VaultState = { vaultId: '', branchId: '', currency: '', position: 0n, countedDay: undefined, movedSinceCount: false, version: -1 };

/** The branch main filled in: a vault command without it never came through the command path. */
function requireBranch(command: { branchId?: string | undefined }): string {
  if (command.branchId === undefined) throw new DomainError('VALIDATION', 'The branch could not be identified.', 'branchId');
  return command.branchId;
}

function positiveAmount(text: string, currency: string): bigint {
  const amount = parseEnteredAmount(text, currency);
  if (amount <= 0n) throw new DomainError('INVALID_AMOUNT', 'The amount must be greater than zero.', 'amount');
  return amount;
}

function requireCash(state: VaultState, amount: bigint, currency: string): void {
  if (amount > state.position) {
    throw new DomainError('VAULT_SHORT_OF_CASH', `The ${currency} vault holds ${formatMoney(state.position, currency)}: it cannot give ${formatMoney(amount, currency)}.`, 'amount');
  }
}

function requireReceiver(receivedBy: string | undefined, who: string): string {
  if (receivedBy === undefined) throw new DomainError('APPROVAL_REQUIRED', `${who} must confirm receiving the cash with their username and password.`, 'approval');
  return receivedBy;
}

/** The till side of a transfer: which till, which opening of it, whose. */
const tillOf = (till: TillFacts) => ({ tillId: till.tillId, tillSession: till.session, teller: till.teller, workstation: till.workstation });

function issue(command: IssueCashToTill, state: VaultState): VaultEvent[] {
  const branchId = requireBranch(command);
  const till = requireTillFacts(command.till);
  if (!till.open) throw new DomainError('TILL_NOT_OPEN', `${command.teller}'s ${command.currency} till on this workstation is not open: the teller opens it first.`, 'teller');
  const amount = positiveAmount(command.amount, command.currency);
  requireCash(state, amount, command.currency);
  const receivedBy = requireReceiver(command.receivedBy, `The teller (${command.teller})`);
  if (receivedBy !== till.teller) throw new DomainError('FORBIDDEN', `Only ${till.teller}, whose till receives the cash, can confirm it.`, 'approval');
  const data = { vaultId: vaultIdOf(branchId, command.currency), branchId, currency: command.currency, amount: amount.toString(), ...tillOf(till), receivedBy };
  return [{ type: 'CashIssuedToTill', data }];
}

function takeBack(command: ReturnCashToVault, _state: VaultState): VaultEvent[] {
  const branchId = requireBranch(command);
  const till = requireTillFacts(command.till);
  if (!till.open) throw new DomainError('TILL_NOT_OPEN', `Your ${command.currency} till is not open: there is no cash in it to return.`, 'till');
  const amount = positiveAmount(command.amount, command.currency);
  if (amount > BigInt(till.position)) {
    throw new DomainError('TILL_SHORT_OF_CASH', `Your ${command.currency} till holds ${formatMoney(BigInt(till.position), command.currency)}: it cannot return ${formatMoney(amount, command.currency)}.`, 'amount');
  }
  const receivedBy = requireReceiver(command.receivedBy, 'A vault holder (a supervisor)');
  const data = { vaultId: vaultIdOf(branchId, command.currency), branchId, currency: command.currency, amount: amount.toString(), ...tillOf(till), receivedBy };
  return [{ type: 'CashReturnedToVault', data }];
}

function receive(command: ReceiveCashShipment): VaultEvent[] {
  const branchId = requireBranch(command);
  const amount = positiveAmount(command.amount, command.currency);
  return [{ type: 'VaultCashReceived', data: { vaultId: vaultIdOf(branchId, command.currency), branchId, currency: command.currency, amount: amount.toString(), reference: command.reference } }];
}

function ship(command: ShipCashToCentre, state: VaultState): VaultEvent[] {
  const branchId = requireBranch(command);
  const amount = positiveAmount(command.amount, command.currency);
  requireCash(state, amount, command.currency);
  return [{ type: 'VaultCashShipped', data: { vaultId: vaultIdOf(branchId, command.currency), branchId, currency: command.currency, amount: amount.toString(), reference: command.reference } }];
}

function count(command: CountVault, state: VaultState): VaultEvent[] {
  const branchId = requireBranch(command);
  if (command.businessDay === undefined) throw new DomainError('VALIDATION', 'The business day could not be determined.', 'businessDay');
  const counted = countTotal(command.currency, command.count);
  const difference = countedDifference(command, counted, state.position, 'the vault’s position');
  return [
    {
      type: 'VaultCounted',
      data: {
        vaultId: vaultIdOf(branchId, command.currency),
        branchId,
        currency: command.currency,
        businessDay: command.businessDay,
        position: state.position.toString(),
        count: normalisedCount(command.currency, command.count),
        counted: counted.toString(),
        difference: difference.toString(),
        ...(command.reason === undefined ? {} : { reason: command.reason }),
        ...(command.signedOffBy === undefined ? {} : { signedOffBy: command.signedOffBy }),
      },
    },
  ];
}

export function decideVault(command: VaultCommand, state: VaultState, _context: CommandContext): readonly VaultEvent[] | DomainError {
  try {
    switch (command.type) {
      case 'IssueCashToTill':
        return issue(command, state);
      case 'ReturnCashToVault':
        return takeBack(command, state);
      case 'ReceiveCashShipment':
        return receive(command);
      case 'ShipCashToCentre':
        return ship(command, state);
      case 'CountVault':
        return count(command, state);
    }
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** The vault's position after an event: what the gateway checks never goes below zero. */
export function evolveVault(state: VaultState, event: VaultEvent): VaultState {
  const version = state.version + 1;
  const { vaultId, branchId, currency } = event.data;
  const base = { ...state, vaultId, branchId, currency, version };
  switch (event.type) {
    case 'VaultCashReceived':
    case 'CashReturnedToVault':
      return { ...base, position: state.position + BigInt(event.data.amount), movedSinceCount: true };
    case 'VaultCashShipped':
    case 'CashIssuedToTill':
      return { ...base, position: state.position - BigInt(event.data.amount), movedSinceCount: true };
    case 'VaultCounted':
      return { ...base, position: BigInt(event.data.counted), countedDay: event.data.businessDay, movedSinceCount: false };
  }
}

export const vaultDecider: Decider<VaultCommand, VaultEvent, VaultState> = { initialState: initialVaultState, decide: decideVault, evolve: evolveVault };
