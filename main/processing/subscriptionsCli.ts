/** `fidelis subscriptions status`: where each projection and handler stands. */

import type { SubscriptionStatus } from './subscription.js';
import type { CliCommand } from '../cli/cliCommand.js';

export const subscriptionCommands: CliCommand[] = [
  {
    words: ['subscriptions', 'status'],
    args: [],
    options: {},
    access: 'operations',
    summary: 'Per subscriber: position, lag, pending, dead letters, ok / lagging / failing, last error.',
    async run(context) {
      return { subscriptions: await context.host.processing.status() };
    },
    text: ({ subscriptions }: { subscriptions: SubscriptionStatus[] }) =>
      [
        `${'subscription'.padEnd(28)} ${'mode'.padEnd(6)} ${'status'.padEnd(10)} ${'position'.padStart(9)} ${'lag'.padStart(7)} ${'pending'.padStart(7)} ${'dlq'.padStart(5)}  last error`,
        ...subscriptions.map(
          (s) => `${s.name.padEnd(28)} ${s.mode.padEnd(6)} ${s.status.padEnd(10)} ${String(s.position).padStart(9)} ${String(s.lag).padStart(7)} ${String(s.pending).padStart(7)} ${String(s.deadLetters).padStart(5)}  ${s.lastError?.message ?? ''}`,
        ),
      ].join('\n'),
  },
];
