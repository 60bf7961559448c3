/** `fidelis alerts …`: compliance alerts staff review and acknowledge. */

import type { AlertRecord } from '../handlers/ledgerHandlers.js';
import type { CliCommand } from '../cli/cliCommand.js';

export const alertCommands: CliCommand[] = [
  {
    words: ['alerts', 'list'],
    args: [],
    options: { all: { type: 'boolean' }, account: { type: 'string' } },
    summary: 'List open compliance alerts (--all for acknowledged ones too).',
    async run(context) {
      // Alerts are raised in the background: let the handlers catch up with the ledger first.
      await context.host.processing.settle();
      const alerts = await context.host.alerts.list({
        ...(context.options.all === true ? {} : { status: 'OPEN' as const }),
        ...(context.options.account ? { accountId: context.options.account as string } : {}),
      });
      return { alerts };
    },
    text: ({ alerts }: { alerts: AlertRecord[] }) =>
      alerts.length === 0 ? 'no alerts' : alerts.map((a) => `${a.id}  ${a.status}  ${a.raisedAt}  ${a.message}${a.acknowledgedBy ? `  (acknowledged by ${a.acknowledgedBy})` : ''}`).join('\n'),
  },
  {
    words: ['alerts', 'ack'],
    args: ['ID'],
    options: { actor: { type: 'string' }, note: { type: 'string' } },
    summary: 'Acknowledge an alert.',
    async run(context) {
      await context.host.processing.settle();
      return context.host.alerts.acknowledge(context.args[0]!, context.principal?.username ?? (context.options.actor as string | undefined) ?? context.host.settings.defaultActor, context.options.note as string | undefined);
    },
    text: (alert: AlertRecord) => `${alert.id} acknowledged by ${alert.acknowledgedBy}`,
  },
];
