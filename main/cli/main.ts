/** The `fidelis` command line: parse, open the host on the data dir, run one command, print its result. */

import { parseArgs } from 'node:util';
import { isDomainError } from '../../shared/errors.js';
import { createHost } from '../host.js';
import { defaultDataDir } from '../paths.js';
import { UsageError, usageLine, type CliCommand } from './cliCommand.js';
import { accountCommands } from './commands/account.js';
import { eventCommands } from './commands/events.js';
import { transferCommands } from './commands/transfer.js';
import { deadLetterCommands } from './commands/dlq.js';
import { projectionCommands } from './commands/projection.js';
import { subscriptionCommands } from './commands/subscriptions.js';
import { metricsCommands } from './commands/metrics.js';
import { importCommands } from './commands/import.js';
import { alertCommands } from './commands/alerts.js';
import { snapshotCommands } from './commands/snapshot.js';
import { syncCommands } from './commands/sync.js';
import { reportCommands } from './commands/report.js';
import { holderDetailsCommands } from './commands/holderDetails.js';

const COMMANDS: readonly CliCommand[] = [...accountCommands, ...eventCommands, ...transferCommands, ...deadLetterCommands, ...projectionCommands, ...subscriptionCommands, ...metricsCommands, ...importCommands, ...alertCommands, ...snapshotCommands, ...syncCommands, ...reportCommands, ...holderDetailsCommands];

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const EXIT = { ok: 0, failed: 1, rejected: 2, usage: 64 } as const;

function helpText(): string {
  return [
    'Fidelis — the branch ledger from the command line.',
    '',
    'Usage:',
    ...COMMANDS.map((c) => `  ${usageLine(c)}\n      ${c.summary}`),
    '',
    'Every command takes --data-dir DIR (default: the app\'s own data dir) and --json (one JSON document on stdout).',
    'A write with --command-id ID is applied once, however often it is retried.',
    'Exit codes: 0 done, 2 refused by the ledger, 64 bad usage, 1 unexpected failure.',
  ].join('\n');
}

function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = COMMANDS.find((c) => c.words.every((w, i) => words[i] === w));
  if (!command) {
    const given = words.slice(0, 2).join(' ');
    throw new UsageError(given ? `Unknown command "${given}". Run fidelis --help for the list.` : 'Name a command. Run fidelis --help for the list.');
  }
  // Drop the command's words (first occurrences, wherever options put them).
  const rest = [...argv];
  for (const word of command.words) rest.splice(rest.indexOf(word), 1);
  return { command, rest };
}

function parse(command: CliCommand, rest: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\nUsage: ${usageLine(command)}`);
  }
  const { values, positionals } = parsed;
  // `[NAME]` in a command's args is optional.
  const requiredArgs = command.args.filter((a) => !a.startsWith('[')).length;
  if (positionals.length < requiredArgs || positionals.length > command.args.length) {
    throw new UsageError(`Expected ${command.args.length === 0 ? 'no arguments' : command.args.join(' ')}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}.\nUsage: ${usageLine(command)}`);
  }
  for (const name of command.required ?? []) {
    if (values[name as keyof typeof values] === undefined) throw new UsageError(`--${name} is required.\nUsage: ${usageLine(command)}`);
  }
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

function progress(done: number, total: number, label: string): void {
  if (!process.stderr.isTTY) {
    if (done === total) process.stderr.write(`${label}: ${done}/${total}\n`);
    return;
  }
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const fail = (code: number, error: { code: string; field?: string; message: string }) => {
    process.stderr.write(`${error.message}\n`);
    if (json) process.stdout.write(`${JSON.stringify({ error })}\n`);
    return code;
  };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  try {
    const { command, rest } = findCommand(argv);
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      process.stdout.write(`${usageLine(command)}\n  ${command.summary}\n`);
      return EXIT.ok;
    }
    const host = await createHost({ dataDir: (values['data-dir'] as string | undefined) ?? defaultDataDir(), progress });
    try {
      const result = await command.run({ host, options: values, args: positionals, progress });
      const rendered = json || !command.text ? JSON.stringify(result, null, json ? undefined : 2) : command.text(result as never);
      process.stdout.write(`${rendered}\n`);
      return EXIT.ok;
    } finally {
      await host.close();
    }
  } catch (error) {
    if (error instanceof UsageError) return fail(EXIT.usage, { code: 'USAGE', message: error.message });
    if (isDomainError(error)) return fail(EXIT.rejected, error.toJSON());
    return fail(EXIT.failed, { code: 'INTERNAL', message: `Unexpected failure: ${(error as Error).stack ?? String(error)}` });
  }
}

process.exitCode = await runCli(process.argv.slice(2));
