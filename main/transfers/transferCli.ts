/** `fidelis transfer …` (create, show) and `fidelis account signatory …` (add, remove). */

import type { Signatory } from '@fidelis/shared/accounts/index.js';
import type { TransferView } from '@fidelis/shared/transfers/index.js';
import type { CliCommand, CliContext } from '../cli/cliCommand.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;

const metaOf = (context: CliContext) => ({ commandId: str(context, 'command-id') });

const transferText = (view: TransferView): string =>
  [
    `transfer ${view.transferId}  ${view.status}${view.status === 'INITIATED' ? ` (${view.stage})` : ''}`,
    `amount    ${view.amount} ${view.currency}   from ${view.fromAccountId} to ${view.toAccountId}`,
    ...(view.reference === undefined ? [] : [`reference ${view.reference}`]),
    ...(view.reason === undefined ? [] : [`reason    ${view.reason}${view.reversed ? '' : ' (nothing was moved)'}`]),
  ].join('\n');

const signatoriesText = (result: { accountId: string; signatories: readonly Signatory[] }): string =>
  [
    `signatories of account ${result.accountId}:`,
    ...(result.signatories.length === 0 ? ['  (none)'] : result.signatories.map((s) => `  ${s.name} <${s.email}>  ${s.role}`)),
  ].join('\n');

async function signatoriesAfter(context: CliContext, request: Record<string, unknown>) {
  const outcome = await context.host.execute(request, metaOf(context));
  const view = await context.host.getAccount(outcome.aggregateId);
  return { accountId: outcome.aggregateId, version: outcome.version, signatories: view?.signatories ?? [] };
}

export const transferCommands: CliCommand[] = [
  {
    words: ['transfer', 'create'],
    args: [],
    options: {
      from: { type: 'string', value: 'ACCOUNT', help: 'The account debited (its number or id).' },
      to: { type: 'string', value: 'ACCOUNT', help: 'The account credited (its number or id).' },
      amount: { type: 'string', help: "In the accounts' currency." },
      reference: { type: 'string', value: 'TEXT', help: 'What both statements show.' },
      wait: { type: 'boolean', help: 'Wait until it has finished and print its final state.' },
    },
    required: ['from', 'to', 'amount'],
    idempotent: true,
    access: 'post',
    summary: 'Transfer an amount between two accounts of one currency; prints its id (with --wait, its final state).',
    async run(context) {
      const { transfers, processing, accountResolver } = context.host;
      const fromAccountId = await accountResolver.resolve(str(context, 'from')!, 'fromAccountId');
      const toAccountId = await accountResolver.resolve(str(context, 'to')!, 'toAccountId');
      const { transferId } = await transfers.start(
        { fromAccountId, toAccountId, amount: str(context, 'amount')!, reference: str(context, 'reference') },
        metaOf(context),
      );
      if (context.options.wait) return transfers.waitUntilFinished(transferId);
      // A CLI process ends with the command: let the process manager finish the work it can do now.
      await processing.settle();
      return { transferId };
    },
    text: (result: TransferView | { transferId: string }) => ('status' in result ? transferText(result) : `transfer ${result.transferId}`),
  },
  {
    words: ['transfer', 'show'],
    readOnly: true,
    args: ['ID'],
    options: {},
    access: 'read',
    summary: 'Show a transfer: status, amount, accounts, and why it failed.',
    run: (context) => context.host.transfers.show(context.args[0]!),
    text: transferText,
  },
  {
    words: ['account', 'signatory', 'add'],
    args: ['ID'],
    options: {
      name: { type: 'string', help: "The signatory's full name." },
      email: { type: 'string', help: 'Their email address, which names them on the account.' },
      role: { type: 'string', help: 'OWNER, MANAGER or OPERATOR (the default).' },
    },
    required: ['name', 'email'],
    idempotent: true,
    access: 'post',
    summary: 'Authorise a signatory on an account (role OWNER, MANAGER or OPERATOR; OPERATOR by default).',
    run: (context) =>
      signatoriesAfter(context, {
        type: 'AddSignatory',
        accountId: context.args[0],
        name: str(context, 'name'),
        email: str(context, 'email'),
        ...(str(context, 'role') === undefined ? {} : { role: str(context, 'role') }),
      }),
    text: signatoriesText,
  },
  {
    words: ['account', 'signatory', 'remove'],
    args: ['ID'],
    options: { email: { type: 'string', help: 'The email address of the signatory to remove.' } },
    required: ['email'],
    idempotent: true,
    access: 'post',
    summary: 'Remove a signatory from an account, by email.',
    run: (context) => signatoriesAfter(context, { type: 'RemoveSignatory', accountId: context.args[0], email: str(context, 'email') }),
    text: signatoriesText,
  },
];
