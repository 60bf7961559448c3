/** `fidelis alerts …`: compliance alerts staff review and acknowledge. */

import { formatAmount } from '@fidelis/shared/money/money.js';
import type { AlertRecord } from './complianceAlertsHandler.js';
import { signedInAs, type CliCommand } from '../cli/cliCommand.js';

export const alertCommands: CliCommand[] = [
  {
    words: ['alerts', 'list'],
    args: [],
    options: { all: { type: 'boolean', help: 'Acknowledged alerts too.' }, account: { type: 'string', value: 'ACCOUNT', help: "Only this account's alerts (its number or id)." } },
    access: 'alerts',
    summary: 'List open compliance alerts (--all for acknowledged ones too).',
    async run(context) {
      // Alerts are raised in the background: let the handlers catch up with the ledger first.
      await context.host.processing.settle();
      const alerts = await context.host.alerts.list({
        ...(context.options.all === true ? {} : { status: 'OPEN' as const }),
        ...(typeof context.options.account === 'string' ? { accountId: (await context.host.accountResolver.find(context.options.account)) ?? context.options.account } : {}),
      });
      return { alerts };
    },
    text: ({ alerts }: { alerts: AlertRecord[] }) =>
      alerts.length === 0
        ? 'no alerts'
        : alerts
            .map((a) =>
              [
                `${a.id}  ${a.status}  ${a.raisedAt}  ${a.message}${a.acknowledgedBy ? `  (acknowledged by ${a.acknowledgedBy})` : ''}`,
                // Each transaction the alert saw, by account number and holder.
                ...(a.transactions ?? []).map((t) => `    ${t.occurredAt}  account ${t.accountNumber} (${t.holder})  ${formatAmount(BigInt(t.amount), t.currency)} ${t.currency}`),
              ].join('\n'),
            )
            .join('\n'),
  },
  {
    words: ['alerts', 'ack'],
    args: ['ID'],
    options: { note: { type: 'string', value: 'TEXT', help: 'What was checked or done.' } },
    access: 'alerts',
    summary: 'Acknowledge an alert.',
    async run(context) {
      await context.host.processing.settle();
      return context.host.alerts.acknowledge(context.args[0]!, signedInAs(context).username, context.options.note as string | undefined);
    },
    text: (alert: AlertRecord) => `${alert.id} acknowledged by ${alert.acknowledgedBy}`,
  },
];
