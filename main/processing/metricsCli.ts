/** `fidelis metrics`: the host's metrics in Prometheus text format. */

import type { CliCommand } from '../cli/cliCommand.js';

export const metricsCommands: CliCommand[] = [
  {
    words: ['metrics'],
    args: [],
    options: {},
    access: 'operations',
    summary: 'Metrics in Prometheus text format (lag, dead letters, status, commands, events, append latency).',
    async run(context) {
      return { metrics: await context.host.metrics.text() };
    },
    text: ({ metrics }: { metrics: string }) => metrics.trimEnd(),
  },
];
