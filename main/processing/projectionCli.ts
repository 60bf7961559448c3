/** `fidelis projection rebuild [NAME]`: rebuild read models from the events, blue/green. */

import type { RebuildReport } from './processingEngine.js';
import type { CliCommand } from '../cli/cliCommand.js';

export const projectionCommands: CliCommand[] = [
  {
    words: ['projection', 'rebuild'],
    args: ['[NAME]'],
    options: {},
    access: 'operations',
    summary: 'Rebuild one projection (or all) from the events; the current build serves until the new one has caught up.',
    async run(context) {
      const reports = await context.host.processing.rebuild(context.args[0], (p) => context.progress(p.position, p.head, `rebuilding ${p.projection}`));
      return { rebuilt: reports };
    },
    text: ({ rebuilt }: { rebuilt: RebuildReport[] }) =>
      rebuilt.map((r) => `${r.projection} v${r.version}: ${r.dispatched} events dispatched, ${r.skippedUnknown} of unknown types skipped, up to seq ${r.position} (now ${r.slot})`).join('\n'),
  },
];
