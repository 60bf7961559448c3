/**
 * Opening an account: its owners must be customers of the ledger (the primary's legal name becomes the holder), and
 * its number must be free in the branch. The number is reserved first, on its own stream and under its own command
 * id derived from the opening's, so a retry finds both; the opening is checked before the reservation, so a refused
 * opening never takes a number.
 */

import { accountDecider, accountNumberTaken, type OpenAccount, type ReserveAccountNumber } from '@fidelis/shared/accounts/index.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { CustomerLookup } from '../customers/customerLookup.js';
import type { AccountResolver } from './accountResolver.js';
import { hashCommand, runCommand, type CommandOutcome, type PipelineDeps } from '../ledger/commandPipeline.js';
import { accountSlice } from './accountSlice.js';
import { accountNumberSlice } from './accountNumberSlice.js';

/** The reservation's command id: the opening's, so a retried opening finds its reservation. */
export const reservationCommandId = (openingCommandId: string): string => `${openingCommandId}:number`;

/** What an opening reads besides its command: the owners it names, and whether an account already has its number. */
export interface OpeningReads {
  readonly customers: Pick<CustomerLookup, 'customer'>;
  readonly accounts: Pick<AccountResolver, 'holderOfNumber'>;
}

export async function openAccount(deps: PipelineDeps, command: OpenAccount, meta: EventMeta, commandHash: string, reads: OpeningReads): Promise<CommandOutcome> {
  // A retry gets its first answer, whatever has happened to the number since.
  if (await deps.store.findByCommand(meta.commandId)) return runCommand(deps, accountSlice, command, meta, commandHash);
  const opening = await withOwners(command, reads.customers);
  const refusal = accountDecider.decide(opening, accountDecider.initialState, { now: deps.now().toISOString() });
  if (refusal instanceof DomainError) throw refusal;
  // Accounts opened before numbers were reserved hold theirs without a reservation stream: the directory knows them.
  if ((await reads.accounts.holderOfNumber(opening.number)) !== undefined) throw accountNumberTaken(opening.number);
  const reservation: ReserveAccountNumber = { type: 'ReserveAccountNumber', number: opening.number, accountId: opening.accountId, branchId: meta.branchId };
  await runCommand(
    deps,
    accountNumberSlice,
    reservation,
    { ...meta, commandId: reservationCommandId(meta.commandId), commandType: reservation.type, command: reservation },
    // As the opening was sent (before its id was picked), so the retry of an opening without an id matches too.
    hashCommand({ reserveNumberFor: commandHash }),
  );
  return runCommand(deps, accountSlice, opening, meta, commandHash);
}

/** The opening with its owners checked, and its holder the primary owner's legal name. */
async function withOwners(command: OpenAccount, customers: Pick<CustomerLookup, 'customer'>): Promise<OpenAccount> {
  if (command.owners === undefined) return command;
  const owners = await Promise.all(command.owners.map((customerId) => customers.customer(customerId)));
  const missing = command.owners.find((_, i) => owners[i] === undefined);
  if (missing !== undefined) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${missing}: register the customer first.`, 'owners');
  return { ...command, holder: owners[0]!.legalName };
}
