/** The Payment, PayFlow-message and reconciliation aggregates as the command pipeline runs them, and what a new payment needs from its account. */

import { ulid } from '../ids.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { AccountState } from '@fidelis/shared/accounts/index.js';
import type { CommandRequest } from '@fidelis/shared/ledger/commands.js';
import {
  PAYFLOW_MESSAGE_CATEGORY,
  PAYMENT_CATEGORY,
  RECONCILIATION_CATEGORY,
  payflowMessageCommandSchema,
  payflowMessageDecider,
  paymentCommandSchema,
  paymentDecider,
  reconciliationCommandSchema,
  reconciliationDecider,
  type PayflowMessageCommand,
  type PayflowMessageEvent,
  type PayflowMessageState,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
  type ReconciliationCommand,
  type ReconciliationEvent,
  type ReconciliationState,
  type SendExternalPayment,
} from '@fidelis/shared/payments/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';
import { runCommand, type CommandOutcome, type PipelineDeps } from '../ledger/commandPipeline.js';

export const paymentSlice: AggregateSlice<PaymentCommand, PaymentEvent, PaymentState> = {
  category: PAYMENT_CATEGORY,
  decider: paymentDecider,
  aggregateIdOf: (command) => command.paymentId,
};

export const payflowMessageSlice: AggregateSlice<PayflowMessageCommand, PayflowMessageEvent, PayflowMessageState> = {
  category: PAYFLOW_MESSAGE_CATEGORY,
  decider: payflowMessageDecider,
  aggregateIdOf: (command) => command.externalId,
};

export const reconciliationSlice: AggregateSlice<ReconciliationCommand, ReconciliationEvent, ReconciliationState> = {
  category: RECONCILIATION_CATEGORY,
  decider: reconciliationDecider,
  aggregateIdOf: (command) => command.date,
};

const typesOf = (schema: { options: readonly { shape: { type: { value: string } } }[] }) => schema.options.map((option) => option.shape.type.value);
const PAYMENT_TYPES: ReadonlySet<string> = new Set(typesOf(paymentCommandSchema));
const MESSAGE_TYPES: ReadonlySet<string> = new Set(typesOf(payflowMessageCommandSchema));
const RECONCILIATION_TYPES: ReadonlySet<string> = new Set(typesOf(reconciliationCommandSchema));

export type PaymentsRequest = Extract<CommandRequest, { type: PaymentCommand['type'] | PayflowMessageCommand['type'] | ReconciliationCommand['type'] }>;

export const isPaymentsRequest = (command: CommandRequest): command is PaymentsRequest =>
  PAYMENT_TYPES.has(command.type) || MESSAGE_TYPES.has(command.type) || RECONCILIATION_TYPES.has(command.type);

/**
 * A new payment gets its id, its account's currency, and the account's number and holder as PayFlow must name them;
 * an account that does not exist, or another currency, is refused here. Whether the funds are there is the hold's to say.
 */
export async function preparePaymentCommand(command: Extract<PaymentsRequest, { type: PaymentCommand['type'] }>, loadAccount: (accountId: string) => Promise<AccountState>): Promise<PaymentCommand> {
  if (command.type !== 'SendExternalPayment') return command;
  const account = await loadAccount(command.accountId);
  if (account.status === 'NONE') throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${command.accountId}.`, 'accountId');
  if (account.status === 'CLOSED') throw new DomainError('ACCOUNT_CLOSED', `Account ${account.number} is closed.`, 'accountId');
  if (command.currency !== undefined && command.currency !== account.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `Account ${account.number} holds ${account.currency}, not ${command.currency}.`, 'currency');
  }
  const send: SendExternalPayment = {
    ...command,
    paymentId: command.paymentId ?? ulid(),
    currency: account.currency as SendExternalPayment['currency'],
    debtor: { accountNumber: account.number, name: account.holder },
  };
  return send;
}

export async function routePaymentsCommand(deps: PipelineDeps, command: PaymentsRequest, meta: EventMeta, commandHash: string, loadAccount: (accountId: string) => Promise<AccountState>): Promise<CommandOutcome> {
  if (command.type === 'ReceivePayflowMessage' || command.type === 'RecordPayflowMessageOutcome') return runCommand(deps, payflowMessageSlice, command, meta, commandHash);
  if (command.type === 'RaiseReconciliationItems' || command.type === 'ResolveReconciliationItem') return runCommand(deps, reconciliationSlice, command, meta, commandHash);
  return runCommand(deps, paymentSlice, await preparePaymentCommand(command, loadAccount), meta, commandHash);
}
