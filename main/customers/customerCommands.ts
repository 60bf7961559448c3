/** Runs a customer command: a change to a customer known from an account alone registers them from what the ledger knew. */

import type { CustomerCommand, CustomerDetails } from '@fidelis/shared/customers/index.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { runCommand, type CommandOutcome, type PipelineDeps } from '../ledger/commandPipeline.js';
import type { CustomerLookup, CustomerRecord } from './customerLookup.js';
import { customerSlice } from './customerSlice.js';

const detailsOf = ({ customerId: _id, derived: _derived, ...details }: CustomerRecord): CustomerDetails => details;

export async function runCustomerCommand(deps: PipelineDeps, command: CustomerCommand, meta: EventMeta, commandHash: string, customers: Pick<CustomerLookup, 'customer'>): Promise<CommandOutcome> {
  if (command.type !== 'ChangeCustomerDetails') return runCommand(deps, customerSlice, command, meta, commandHash);
  // `derivedFrom` is main's alone: the request schema has none, so a caller's was dropped when it was validated.
  const record = await customers.customer(command.customerId);
  const derivedFrom = record?.derived ? detailsOf(record) : undefined;
  return runCommand(deps, customerSlice, { ...command, ...(derivedFrom ? { derivedFrom } : {}) }, meta, commandHash);
}
