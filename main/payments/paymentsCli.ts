/** `fidelis payments …`: send money to another bank through PayFlow, list and follow payments, configure PayFlow, reconcile a day. */

import { stringify } from 'csv-stringify/sync';
import { signedInAs, type CliCommand, type CliContext } from '../cli/cliCommand.js';
import { toPaymentRow, toReconciliationItem } from './paymentsApi.js';
import type { PaymentRow, PaymentsStatus, ReconciliationItemDto } from '@fidelis/shared/payments/api.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;
const metaOf = (context: CliContext) => (str(context, 'command-id') === undefined ? {} : { commandId: str(context, 'command-id') });
/** Who is recorded: the person signed in with --user. */
const actorOf = (context: CliContext) => signedInAs(context).username;

const paymentText = (row: PaymentRow): string =>
  [
    `payment ${row.paymentId}  ${row.direction}  ${row.status}`,
    `amount    ${row.amount} ${row.currency}   account ${row.accountNumber} (${row.accountId})`,
    ...(row.beneficiary === null ? [] : [`to        ${row.beneficiary.name}, ${row.beneficiary.accountNumber} at ${row.beneficiary.bankCode}`]),
    ...(row.payflowId === null ? [] : [`payflow   ${row.payflowId}   reference ${row.reference}`]),
    ...(row.failureReason === null ? [] : [`${row.status === 'FAILED' ? 'reason' : 'waiting'}    ${row.failureReason}`]),
  ].join('\n');

const listText = (result: { payments: PaymentRow[] }): string =>
  result.payments.length === 0
    ? 'No external payments.'
    : result.payments
        .map((p) => `${p.createdAt.slice(0, 19)}  ${p.direction.padEnd(8)} ${p.status.padEnd(9)} ${p.amount.padStart(14)} ${p.currency}  ${p.accountNumber.padEnd(12)} ${p.payflowId ?? '-'}  ${p.paymentId}`)
        .join('\n');

const statusText = (s: PaymentsStatus): string =>
  [
    `PayFlow   ${s.configured ? 'configured' : 'not configured'}`,
    `breaker   ${s.breaker}`,
    `queued    ${s.queued}`,
    ...(s.lastError === null ? [] : [`error     ${s.lastError}`]),
    ...(s.nextAttemptAt === null ? [] : [`next try  ${s.nextAttemptAt}`]),
  ].join('\n');

const CSV_COLUMNS = ['itemId', 'date', 'kind', 'status', 'paymentId', 'payflowId', 'fidelisAmount', 'fidelisStatus', 'payflowAmount', 'payflowStatus', 'currency', 'resolvedBy', 'note'];

/** The reconciliation report as CSV: one line per item, both sides' figures, who resolved it and how. */
export function reconciliationCsv(items: readonly ReconciliationItemDto[]): string {
  const rows = items.map((item) => [
    item.itemId,
    item.date,
    item.kind,
    item.status,
    item.paymentId ?? '',
    item.payflowId ?? '',
    item.fidelis?.amount ?? '',
    item.fidelis?.status ?? '',
    item.payflow?.amount ?? '',
    item.payflow?.status ?? '',
    item.fidelis?.currency ?? item.payflow?.currency ?? '',
    item.resolution?.actor ?? '',
    item.resolution?.note ?? '',
  ]);
  // A cell starting like a formula is written as text: a spreadsheet must not run what a webhook wrote.
  return stringify([CSV_COLUMNS, ...rows], { escape_formulas: true, record_delimiter: 'unix', quoted_match: /[\r\n]/ }).replace(/\n$/, '');
}

const itemsText = (result: { items: ReconciliationItemDto[] }): string =>
  result.items.length === 0
    ? 'No reconciliation items.'
    : result.items
        .map(
          (i) =>
            `${i.status.padEnd(8)} ${i.kind.padEnd(18)} fidelis ${i.fidelis ? `${i.fidelis.amount} ${i.fidelis.currency} ${i.fidelis.status}` : '-'}  payflow ${i.payflow ? `${i.payflow.amount} ${i.payflow.currency} ${i.payflow.status}` : '-'}  ${i.itemId}${i.resolution ? `\n         resolved by ${i.resolution.actor}: ${i.resolution.note}` : ''}`,
        )
        .join('\n');

export const paymentCommands: CliCommand[] = [
  {
    words: ['payments', 'send'],
    args: [],
    options: {
      account: { type: 'string', value: 'ID', help: 'The account paying.' },
      amount: { type: 'string', help: "In the account's currency." },
      name: { type: 'string', help: "The beneficiary's name." },
      'beneficiary-account': { type: 'string', value: 'IBAN', help: "The beneficiary's account at their bank." },
      'bank-code': { type: 'string', value: 'BIC', help: "The beneficiary's bank." },
      memo: { type: 'string', value: 'TEXT', help: 'What the beneficiary sees.' },
    },
    required: ['account', 'amount', 'name', 'beneficiary-account', 'bank-code'],
    idempotent: true,
    access: 'payments',
    summary: 'Send money to an account at another bank through PayFlow: held now, sent when PayFlow is reachable.',
    async run(context) {
      const { payments, processing } = context.host;
      const { paymentId } = await payments.send(
        {
          accountId: str(context, 'account')!,
          amount: str(context, 'amount')!,
          beneficiary: { name: str(context, 'name')!, accountNumber: str(context, 'beneficiary-account')!, bankCode: str(context, 'bank-code')! },
          memo: str(context, 'memo'),
        },
        metaOf(context),
        // The signed-in person's execute: their permission, dual control (--approver), their name on the events.
        (request, meta) => context.host.execute(request, meta),
      );
      // A CLI process ends with the command: send now what can be sent, and let the handlers finish.
      await payments.runQueue();
      await processing.settle();
      return toPaymentRow(await payments.show(paymentId));
    },
    text: paymentText,
  },
  {
    words: ['payments', 'list'],
    args: [],
    options: { limit: { type: 'string', value: 'N', help: 'At most this many (100 by default).' } },
    access: 'read',
    summary: 'List external payments, newest first: direction, status, amount, PayFlow id.',
    async run(context) {
      const limit = str(context, 'limit') === undefined ? 100 : Number(str(context, 'limit'));
      return { payments: (await context.host.payments.list({ limit: Number.isInteger(limit) && limit > 0 ? limit : 100 })).map(toPaymentRow) };
    },
    text: listText,
  },
  {
    words: ['payments', 'status'],
    args: ['[PAYMENT_ID]'],
    options: {},
    access: 'read',
    summary: "PayFlow's state here (configured, circuit breaker, queued payments, last error), or one payment's.",
    async run(context) {
      const id = context.args[0];
      return id === undefined ? context.host.payments.status() : toPaymentRow(await context.host.payments.show(id));
    },
    text: (result: PaymentsStatus | PaymentRow) => ('paymentId' in result ? paymentText(result) : statusText(result)),
  },
  {
    words: ['payments', 'configure'],
    args: [],
    options: { url: { type: 'string', help: "PayFlow's base URL." }, 'api-key': { type: 'string', value: 'KEY', help: 'The API key PayFlow issued to this bank.' } },
    access: 'operations',
    summary: "Set PayFlow's URL and API key (the key is stored, never printed back); queued payments are sent.",
    async run(context) {
      const result = await context.host.payments.configure({ url: str(context, 'url'), apiKey: str(context, 'api-key') });
      await context.host.payments.runQueue();
      return result;
    },
    text: (r: { url: string }) => `PayFlow configured: ${r.url} (API key set)`,
  },
  {
    words: ['payments', 'inbox'],
    args: [],
    options: {},
    access: 'read',
    summary: "Sync with the gateway, read this branch's PayFlow webhooks and apply them.",
    async run(context) {
      // A sync pass first: it proves the gateway reachable (online), so PayFlow's completions are not held to offline limits.
      await context.host.sync.syncNow();
      const result = await context.host.payments.pullInbox();
      await context.host.processing.settle();
      return result;
    },
    text: (r: { received: number; duplicates: number }) => `${r.received} new PayFlow message(s), ${r.duplicates} already known`,
  },
  {
    words: ['payments', 'reconcile'],
    args: [],
    options: { date: { type: 'string', value: 'YYYY-MM-DD', help: 'The business day to reconcile.' } },
    required: ['date'],
    access: 'approve',
    summary: "Compare the day's external payments with PayFlow's settlements; mismatches become items to resolve.",
    async run(context) {
      const outcome = await context.host.payments.reconcile(str(context, 'date')!, actorOf(context));
      return { date: outcome.date, matched: outcome.matched, raised: outcome.raised, items: outcome.items.map(toReconciliationItem) };
    },
    text: (r: { date: string; matched: number; raised: number; items: ReconciliationItemDto[] }) =>
      `${r.date}: ${r.matched} matched, ${r.items.filter((i) => i.status === 'open').length} open item(s) (${r.raised} new)\n${itemsText(r)}`,
  },
  {
    words: ['payments', 'reconciliation'],
    args: [],
    options: {
      date: { type: 'string', value: 'YYYY-MM-DD', help: 'Only this day (every day by default).' },
      status: { type: 'string', help: 'open, resolved or all (the default).' },
      csv: { type: 'boolean', help: 'CSV for a spreadsheet instead of lines.' },
    },
    access: 'read',
    summary: 'The reconciliation report: items of a day (or all), open, resolved or all; --csv for a spreadsheet.',
    async run(context) {
      const status = str(context, 'status');
      const items = (await context.host.payments.reconciliation({ date: str(context, 'date'), status: status === 'open' || status === 'resolved' ? status : 'all' })).map(toReconciliationItem);
      return context.options.csv ? { csv: reconciliationCsv(items), items } : { items };
    },
    text: (r: { items: ReconciliationItemDto[]; csv?: string }) => r.csv ?? itemsText(r),
  },
  {
    words: ['payments', 'resolve'],
    args: ['ITEM_ID'],
    options: { note: { type: 'string', value: 'TEXT', help: 'How it was settled.' } },
    required: ['note'],
    access: 'approve',
    summary: 'Close a reconciliation item, saying how it was settled (recorded with your name).',
    run: (context) => context.host.payments.resolveItem(context.args[0]!, str(context, 'note')!, actorOf(context)),
    text: (r: { itemId: string; status: string }) => `${r.itemId} ${r.status}`,
  },
];
