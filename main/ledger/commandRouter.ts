/** Sends each validated command to the aggregate it is for: transfers, payments, customers, number reservations, tills and vaults, alerts, accounts. */

import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import type { AccountCommand, AccountState } from '@fidelis/shared/accounts/index.js';
import type { RegisterCustomer } from '@fidelis/shared/customers/index.js';
import type { CommandRequest } from '@fidelis/shared/ledger/commands.js';
import { accountSlice } from '../accounts/accountSlice.js';
import { accountNumberSlice } from '../accounts/accountNumberSlice.js';
import { openAccount, type OpeningReads } from '../accounts/openAccount.js';
import { runCustomerCommand } from '../customers/customerCommands.js';
import { runCommand, type CommandOutcome, type PipelineDeps } from './commandPipeline.js';
import { findReversalOriginal } from '../accounts/reversalOriginal.js';
import { isTransferRequest, prepareTransferCommand, transferSlice } from '../transfers/transferSlice.js';
import { isPaymentsRequest, routePaymentsCommand } from '../payments/paymentSlice.js';
import { rateSlice } from '../rates/rateSlice.js';
import { institutionSlice } from '../reports/institutionSlice.js';
import { isCashCommand, type CashCommand } from '@fidelis/shared/tills/index.js';
import { runCashCommand, throughTill, type TillCommandReads } from '../tills/tillCommands.js';
import { alertSlice } from '../compliance/alertSlice.js';

/** A command with the ids the host assigns (a new account's, a new customer's) already in place. */
export type RoutableCommand = Exclude<CommandRequest, { type: 'OpenAccount' | 'RegisterCustomer' }> | Extract<AccountCommand, { type: 'OpenAccount' }> | RegisterCustomer;

/** What routing reads besides the command: accounts (transfers, reversals, numbers) and customers (openings, changes). */
export interface RouterReads extends OpeningReads {
  loadAccount(accountId: string): Promise<AccountState>;
  /** Tills: a teller's cash goes through their open till; till, vault and day-close commands read its book. */
  readonly tills: TillCommandReads;
}

/** Cash first: a teller's cash movement is held and booked to their till; tills, vaults and the day have their own path. */
export async function routeCommand(deps: PipelineDeps, command: RoutableCommand, undated: EventMeta, commandHash: string, reads: RouterReads): Promise<CommandOutcome> {
  // After the day's close a posting belongs to the next business day: its meta says so (main/tills/branchCalendar.ts).
  const meta = await reads.tills.calendar.dated(undated);
  if (isCashCommand(command)) return runCashCommand(deps, command, meta, commandHash, reads.tills);
  if ((command.type === 'MakeDeposit' || command.type === 'MakeWithdrawal' || command.type === 'OpenAccount') && command.tillId === undefined) {
    const currencyOf = async () => (command.type === 'OpenAccount' ? command.currency : (await reads.loadAccount(command.accountId)).currency || undefined);
    return throughTill(deps, command, meta, reads.tills, currencyOf, (booked, bookedMeta) => routeToAggregate(deps, booked, bookedMeta, commandHash, reads));
  }
  return routeToAggregate(deps, command, meta, commandHash, reads);
}

/** The aggregate a command is for. */
async function routeToAggregate(
  deps: PipelineDeps,
  command: Exclude<RoutableCommand, CashCommand>,
  meta: EventMeta,
  commandHash: string,
  reads: RouterReads,
): Promise<CommandOutcome> {
  const loadAccount = (accountId: string) => reads.loadAccount(accountId);
  if (isPaymentsRequest(command)) return routePaymentsCommand(deps, command, meta, commandHash, loadAccount);
  if (isTransferRequest(command)) {
    return runCommand(deps, transferSlice, await prepareTransferCommand(command, loadAccount), meta, commandHash);
  }
  if (command.type === 'ReverseMovement') {
    // The caller only names the original: main reads it from the account's stream (the decider refuses when it is absent).
    const account = await loadAccount(command.accountId);
    // A movement through a till that was counted since is corrected through cash over/short (main/tills).
    const original = await reads.tills.sinceCounted(await findReversalOriginal(deps.store, deps.registry, account, command.accountId, command.originalEventId));
    // The request schema has no `original`: a caller's copy was dropped when the request was validated.
    return runCommand(deps, accountSlice, { ...command, ...(original ? { original } : {}) }, meta, commandHash);
  }
  if (command.type === 'RegisterCustomer' || command.type === 'ChangeCustomerDetails') return runCustomerCommand(deps, command, meta, commandHash, reads.customers);
  if (command.type === 'ReserveAccountNumber') return runCommand(deps, accountNumberSlice, command, meta, commandHash);
  if (command.type === 'OpenAccount') return openAccount(deps, command, meta, commandHash, reads);
  if (command.type === 'RecordExchangeRate') return runCommand(deps, rateSlice, command, meta, commandHash);
  if (command.type === 'RecordInstitution') return runCommand(deps, institutionSlice, command, meta, commandHash);
  if (command.type === 'AcknowledgeAlert') return runCommand(deps, alertSlice, command, meta, commandHash);
  return runCommand(deps, accountSlice, command, meta, commandHash);
}
