/** Customer rules: a customer is registered once; a change must change something and leave the record consistent. */

import type { CommandContext } from '../decider.js';
import { DomainError } from '../errors.js';
import type { ChangeCustomerDetails, CustomerCommand, RegisterCustomer } from './commands.js';
import type { CustomerChanges, CustomerDetails, CustomerEvent } from './events.js';
import { withChanges } from './evolve.js';
import type { CustomerState } from './state.js';

export function decideCustomer(command: CustomerCommand, state: CustomerState, context: CommandContext): readonly CustomerEvent[] | DomainError {
  try {
    return command.type === 'RegisterCustomer' ? register(command, state, context) : change(command, state, context);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

function register(command: RegisterCustomer, state: CustomerState, context: CommandContext): CustomerEvent[] {
  if (state.registered) throw new DomainError('CUSTOMER_EXISTS', `Customer ${command.customerId} is already registered.`, 'customerId');
  const { type: _type, customerId, ...details } = command;
  return [{ type: 'CustomerRegistered', data: { customerId, ...checkedDetails(details, context) } }];
}

function change(command: ChangeCustomerDetails, state: CustomerState, context: CommandContext): CustomerEvent[] {
  // A customer derived from an account is registered with its first change, from what main found of it.
  const registration: CustomerEvent[] =
    !state.registered && command.derivedFrom !== undefined
      ? [{ type: 'CustomerRegistered', data: { customerId: command.customerId, ...command.derivedFrom } }]
      : [];
  const before = state.registered ? state.details : command.derivedFrom;
  if (before === undefined) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${command.customerId}.`, 'customerId');
  const after = checkedDetails(withChanges(before, command.changes), context);
  const changes = Object.fromEntries(
    Object.keys(command.changes)
      .filter((field) => JSON.stringify(after[field as keyof CustomerDetails]) !== JSON.stringify(before[field as keyof CustomerDetails]))
      .map((field) => [field, after[field as keyof CustomerDetails]]),
  ) as CustomerChanges;
  if (Object.keys(changes).length === 0) {
    throw new DomainError('NO_CHANGE', `Customer ${command.customerId} already has these details: nothing to change.`, 'changes');
  }
  return [...registration, { type: 'CustomerDetailsChanged', data: { customerId: command.customerId, changes } }];
}

/** Nine digits for a US TIN, typed with or without dashes and spaces. */
const US_TIN_TYPES = new Set(['SSN', 'EIN', 'ITIN']);

/** The details as they are recorded: a TIN with its type, US TINs as nine digits, no date of birth in the future. */
function checkedDetails(details: CustomerDetails, context: CommandContext): CustomerDetails {
  if ((details.tin === undefined) !== (details.tinType === undefined)) {
    throw new DomainError('VALIDATION', 'Give the TIN and its type (SSN, EIN, ITIN or FOREIGN) together.', details.tin === undefined ? 'tin' : 'tinType');
  }
  let tin = details.tin;
  if (tin !== undefined && US_TIN_TYPES.has(details.tinType ?? '')) {
    tin = tin.replace(/[\s-]/g, '');
    if (!/^\d{9}$/.test(tin)) throw new DomainError('VALIDATION', `An ${details.tinType} has nine digits, such as 123-45-6789.`, 'tin');
  }
  if (details.dateOfBirth !== undefined && details.dateOfBirth > context.now.slice(0, 10)) {
    throw new DomainError('VALIDATION', `The date ${details.kind === 'PERSON' ? 'of birth' : 'of incorporation'} is in the future.`, 'dateOfBirth');
  }
  return tin === undefined ? details : { ...details, tin };
}
