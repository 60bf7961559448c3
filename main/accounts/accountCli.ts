/** `fidelis account …`: open, deposit, withdraw, close, reverse, show. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { AccountView } from '@fidelis/shared/accounts/index.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { CliCommand, CliContext, LedgerCommand } from '../cli/cliCommand.js';
import { customerDetailOptions, detailsFromOptions, hasDetails } from '../customers/customerCli.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;

const metaOf = (context: CliContext) => ({ commandId: str(context, 'command-id') });

const amount = { type: 'string', value: 'AMOUNT', help: 'In the account\'s currency: "500", "500.25" (no more decimals than it has).' } as const;
const reference = { type: 'string', value: 'TEXT', help: 'What the customer or the slip calls it.' } as const;

const outcomeJson = (outcome: CommandOutcome) => ({
  accountId: outcome.aggregateId,
  version: outcome.version,
  events: outcome.events.map((event) => event.type),
  ...(outcome.duplicate ? { duplicate: true } : {}),
});

const outcomeText = (result: ReturnType<typeof outcomeJson>) =>
  `account ${result.accountId} at version ${result.version}: ${result.events.join(', ')}${result.duplicate ? ' (already recorded earlier)' : ''}`;

const movement = (type: 'MakeDeposit' | 'MakeWithdrawal'): LedgerCommand['run'] => async (context) =>
  outcomeJson(
    await context.host.execute(
      {
        type,
        accountId: context.args[0],
        amount: str(context, 'amount'),
        reference: str(context, 'reference'),
        ...(type === 'MakeDeposit' ? { sourceType: str(context, 'source-type') } : {}),
      },
      metaOf(context),
    ),
  );

export const accountCommands: CliCommand[] = [
  {
    words: ['account', 'open'],
    args: [],
    options: {
      number: { type: 'string', help: 'The account number, unique in the branch.' },
      customer: { type: 'string', value: 'ID[,ID…]', help: 'The owning customer (fidelis customer search); joint owners comma-separated, the primary first.' },
      holder: { type: 'string', value: 'NAME', help: "A new customer's full name, instead of --customer; with the detail options below they are registered." },
      currency: { type: 'string', value: 'CODE', help: 'ISO 4217 code (USD by default).' },
      'opening-deposit': { ...amount, help: 'Deposited on opening.' },
      'opening-source': { type: 'string', value: 'SOURCE', help: 'Where the opening deposit came from: cash (default), check, wire, ach, payroll, bank_transfer or manual.' },
      'overdraft-limit': { ...amount, help: 'How far below zero the balance may go (0 by default).' },
      ...Object.fromEntries(Object.entries(customerDetailOptions).map(([name, spec]) => [name, { ...spec, help: `With --holder: ${spec.help}` }])),
    },
    required: ['number'],
    idempotent: true,
    access: 'post',
    summary: 'Open an account for a customer (--customer) or a new one (--holder); prints its new id.',
    async run(context) {
      const holder = str(context, 'holder');
      const customer = str(context, 'customer');
      if ((holder === undefined) === (customer === undefined)) throw new DomainError('VALIDATION', 'Name the owning customer with --customer ID, or a new one with --holder NAME.', 'customer');
      const commandId = str(context, 'command-id');
      // A holder with details is registered first, under a command id derived from the opening's: a retry finds both.
      const owners =
        customer !== undefined
          ? customer.split(',').map((id) => id.trim())
          : hasDetails(context)
            ? [(await context.host.execute({ type: 'RegisterCustomer', kind: 'PERSON', ...detailsFromOptions(context), legalName: holder }, commandId === undefined ? {} : { commandId: `${commandId}:customer` })).aggregateId]
            : undefined;
      const outcome = await context.host.execute(
        {
          type: 'OpenAccount',
          number: str(context, 'number'),
          ...(owners === undefined ? { holder } : { owners }),
          currency: str(context, 'currency'),
          openingDeposit: str(context, 'opening-deposit'),
          openingDepositSource: str(context, 'opening-source'),
          overdraftLimit: str(context, 'overdraft-limit'),
        },
        metaOf(context),
      );
      return { accountId: outcome.aggregateId, version: outcome.version, ...(outcome.duplicate ? { duplicate: true } : {}) };
    },
    text: (result: { accountId: string }) => `opened account ${result.accountId}`,
  },
  {
    words: ['account', 'deposit'],
    args: ['ACCOUNT'],
    options: { amount, reference, 'source-type': { type: 'string', value: 'SOURCE', help: 'cash (default), check, wire, ach, payroll, bank_transfer or manual.' } },
    required: ['amount'],
    idempotent: true,
    access: 'post',
    summary: 'Deposit an amount (cash, check, wire, ach, payroll, bank_transfer, manual).',
    run: movement('MakeDeposit'),
    text: outcomeText,
  },
  {
    words: ['account', 'withdraw'],
    args: ['ACCOUNT'],
    options: { amount, reference },
    required: ['amount'],
    idempotent: true,
    access: 'post',
    summary: 'Withdraw an amount, within the available balance.',
    run: movement('MakeWithdrawal'),
    text: outcomeText,
  },
  {
    words: ['account', 'close'],
    args: ['ACCOUNT'],
    options: { reason: { type: 'string', value: 'TEXT', help: 'Why it closes, for the record.' } },
    idempotent: true,
    access: 'post',
    summary: 'Close an account whose balance is zero.',
    async run(context) {
      return outcomeJson(await context.host.execute({ type: 'CloseAccount', accountId: context.args[0], reason: str(context, 'reason') }, metaOf(context)));
    },
    text: outcomeText,
  },
  {
    words: ['account', 'reverse'],
    args: [],
    options: {
      account: { type: 'string', value: 'ACCOUNT', help: 'The account the movement was posted to (its number or id).' },
      event: { type: 'string', value: 'EVENT_ID', help: 'The id of the deposit or withdrawal event (fidelis events history shows them).' },
      reason: { type: 'string', value: 'TEXT', help: 'Why it is reversed, for the record.' },
    },
    required: ['account', 'event', 'reason'],
    idempotent: true,
    access: 'reverse',
    summary: "Reverse a posted deposit or withdrawal (a supervisor's act): a compensating entry naming it and the reason.",
    async run(context) {
      return outcomeJson(
        await context.host.execute(
          { type: 'ReverseMovement', accountId: str(context, 'account'), originalEventId: str(context, 'event'), reason: str(context, 'reason') },
          metaOf(context),
        ),
      );
    },
    text: outcomeText,
  },
  {
    words: ['account', 'show'],
    readOnly: true,
    args: ['ACCOUNT'],
    options: {
      'at-version': { type: 'string', value: 'N', help: 'The account as it was at this version.' },
      'as-of': { type: 'string', value: 'ISO_TIME', help: 'The account as it was at this instant (2026-11-26T10:00:00Z).' },
    },
    access: 'read',
    summary: 'Show an account: holder, balance, status, version; or as it was at a version or an instant (read-only).',
    async run(context) {
      const accountId = await context.host.accountResolver.resolve(context.args[0] ?? '');
      const atVersion = str(context, 'at-version');
      const asOf = str(context, 'as-of');
      if (atVersion !== undefined || asOf !== undefined) {
        const past = await context.host.accountAt(accountId, { atVersion, asOf });
        return { ...past.account, pointInTime: past.pointInTime, headVersion: past.headVersion, readOnly: true };
      }
      const view = await context.host.getAccount(accountId);
      if (!view) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`, 'accountId');
      return view;
    },
    text: (view: AccountView & { pointInTime?: { version: number; asOf?: string }; headVersion?: number }) =>
      [
        `${view.number}  ${view.holder}  (${view.accountId})`,
        `status    ${view.status}`,
        `balance   ${view.balance} ${view.currency}   available ${view.availableBalance} ${view.currency}`,
        `version   ${view.version}`,
        ...(view.pointInTime
          ? [`as it was ${view.pointInTime.asOf ? `at ${view.pointInTime.asOf}` : `at version ${view.pointInTime.version}`} (read-only; now at version ${view.headVersion})`]
          : []),
      ].join('\n'),
  },
];
