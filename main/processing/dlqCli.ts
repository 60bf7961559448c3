/** `fidelis dlq …`: the dead-letter queues — list, inspect, replay one or all, purge (after confirmation). */

import { createInterface } from 'node:readline/promises';
import { DomainError } from '@fidelis/shared/errors.js';
import type { DeadLetter } from './deadLetters.js';
import type { ReplayReport } from './processingEngine.js';
import type { CliCommand, CliContext } from '../cli/cliCommand.js';

const subscriptionOf = (context: CliContext): string => context.options.subscription as string;

const listText = ({ deadLetters }: { deadLetters: DeadLetter[] }) =>
  deadLetters.length === 0
    ? 'no dead letters'
    : deadLetters
        .map((d) => `${d.id}\n    ${d.status.padEnd(6)}  seq ${d.seq}  ${d.eventType}  ${d.streamId}  retries ${d.retryCount}  ${d.failedAt}\n    ${d.reason}`)
        .join('\n');

const replayText = (report: ReplayReport) =>
  [
    `replayed ${report.replayed.length}${report.replayed.length > 0 ? `: ${report.replayed.join(', ')}` : ''}`,
    ...(report.failed ? [`failed again: ${report.failed.id}: ${report.failed.reason}`] : []),
    `${report.remaining} left in the queue`,
  ].join('\n');

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

export const deadLetterCommands: CliCommand[] = [
  {
    words: ['dlq', 'list'],
    args: [],
    options: { subscription: { type: 'string', value: 'NAME', help: "Only this subscriber's (fidelis subscriptions status names them)." } },
    access: 'operations',
    summary: 'List dead letters (events a subscriber failed on, and those held behind them).',
    async run(context) {
      return { deadLetters: await context.host.processing.deadLetters.list(context.options.subscription as string | undefined) };
    },
    text: listText,
  },
  {
    words: ['dlq', 'inspect'],
    args: ['ID'],
    options: {},
    access: 'operations',
    summary: 'Show one dead letter: the event, the reason, the stack, the retries.',
    run: (context) => context.host.processing.deadLetters.inspect(context.args[0]!),
  },
  {
    words: ['dlq', 'replay-all'],
    args: [],
    options: { subscription: { type: 'string', value: 'NAME', help: 'The subscriber whose queue to replay.' } },
    required: ['subscription'],
    access: 'operations',
    summary: "Replay a subscription's whole dead-letter queue, stream by stream in order.",
    run: (context) => context.host.processing.deadLetters.replayAll(subscriptionOf(context)),
    text: replayText,
  },
  {
    words: ['dlq', 'replay'],
    args: ['ID'],
    options: {},
    access: 'operations',
    summary: 'Replay one dead letter, then the events of its stream held behind it.',
    run: (context) => context.host.processing.deadLetters.replay(context.args[0]!),
    text: replayText,
  },
  {
    words: ['dlq', 'purge'],
    args: [],
    options: { subscription: { type: 'string', value: 'NAME', help: 'The subscriber whose queue to drop.' }, yes: { type: 'boolean', help: 'Do not ask first.' } },
    required: ['subscription'],
    access: 'operations',
    summary: "Drop a subscription's dead letters for good (asks first unless --yes).",
    async run(context) {
      const subscription = subscriptionOf(context);
      const depth = (await context.host.processing.deadLetters.list(subscription)).length;
      if (context.options.yes !== true && !(await confirm(`Drop ${depth} dead letter(s) of ${subscription}? The subscriber will never see those events.`))) {
        throw new DomainError('VALIDATION', 'Nothing purged: confirm, or pass --yes.', 'yes');
      }
      return { subscription, purged: await context.host.processing.deadLetters.purge(subscription) };
    },
    text: (result: { subscription: string; purged: number }) => `purged ${result.purged} dead letter(s) of ${result.subscription}`,
  },
];
