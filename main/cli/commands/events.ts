/** `fidelis events …`: read what the ledger recorded. */

import { DomainError } from '../../../shared/errors.js';
import type { EventEnvelope } from '../../../shared/events/envelope.js';
import type { CliCommand, CliContext } from '../cliCommand.js';

function count(context: CliContext, name: string, fallback: number): number {
  const text = context.options[name] as string | undefined;
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new DomainError('VALIDATION', `--${name} takes a whole number, not "${text}".`, name);
  return Number(text);
}

export const eventCommands: CliCommand[] = [
  {
    words: ['events', 'read'],
    args: ['STREAM'],
    options: { from: { type: 'string' }, limit: { type: 'string' } },
    summary: 'Read a stream (account-<id>) from a version, a page at a time.',
    async run(context) {
      const from = count(context, 'from', 0);
      const limit = count(context, 'limit', 100);
      const events = await context.host.readStream(context.args[0]!, { fromVersion: from, toVersion: from + limit - 1 });
      return { events };
    },
    text: ({ events }: { events: EventEnvelope[] }) =>
      events.length === 0
        ? 'no events'
        : events.map((e) => `${String(e.version).padStart(5)}  ${e.recordedAt}  ${e.type}  ${JSON.stringify(e.data)}`).join('\n'),
  },
];
