/** The `fidelis` command line: parse, open the host on the data dir, run one command, print its result. */

import { mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { requirePermission, type Principal } from '@fidelis/shared/staff/roles.js';
import type { Approval } from '@fidelis/shared/staff/identity.js';
import { createHost, type Host } from '../host.js';
import { defaultDataDir } from '../paths.js';
import { UsageError, usageLine, type CliCommand } from './cliCommand.js';
import { accountCommands } from '../accounts/accountCli.js';
import { eventCommands } from '../events/eventsCli.js';
import { transferCommands } from '../transfers/transferCli.js';
import { deadLetterCommands } from '../processing/dlqCli.js';
import { projectionCommands } from '../processing/projectionCli.js';
import { subscriptionCommands } from '../processing/subscriptionsCli.js';
import { metricsCommands } from '../processing/metricsCli.js';
import { importCommands } from '../accounts/importCli.js';
import { alertCommands } from '../compliance/alertsCli.js';
import { snapshotCommands } from '../ledger/snapshotCli.js';
import { verifyCommands } from '../integrity/verifyCli.js';
import { syncCommands } from '../sync/syncCli.js';
import { reportCommands } from '../reports/reportCli.js';
import { holderDetailsCommands } from '../accounts/holderDetailsCli.js';
import { paymentCommands } from '../payments/paymentsCli.js';
import { staffCommands } from '../staff/staffCli.js';
import { cliAccess } from './cliAccess.js';
import { promptHidden } from './passwordPrompt.js';

export const COMMANDS: readonly CliCommand[] = [...accountCommands, ...eventCommands, ...transferCommands, ...deadLetterCommands, ...projectionCommands, ...subscriptionCommands, ...metricsCommands, ...importCommands, ...alertCommands, ...snapshotCommands, ...syncCommands, ...reportCommands, ...holderDetailsCommands, ...paymentCommands, ...verifyCommands, ...staffCommands];

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  /** Who runs the command (or FIDELIS_USER); the password comes from FIDELIS_PASSWORD or a hidden prompt. */
  user: { type: 'string' },
  /** A supervisor approving a command over the dual-control amount; their password from FIDELIS_APPROVER_PASSWORD or a prompt. */
  approver: { type: 'string' },
} as const;

const NO_STAFF =
  'This ledger has no staff yet. Create the first administrator: fidelis staff bootstrap --username NAME --display-name "Full Name" ' +
  '(the password from FIDELIS_PASSWORD, or you are asked on a terminal); then run commands with --user NAME.';

export const EXIT = { ok: 0, failed: 1, rejected: 2, usage: 64 } as const;

/** Something the user typed, as a message quotes it: JSON-quoted (newlines escaped) and cut short. */
const shown = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** A message on one line of bounded length, whatever input it quotes: control and line-separator characters escaped. */
const oneLine = (text: string, max = 300): string => {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** A usage error's problem on one line, then its usage line (when it has one) as the second. */
const usageMessage = (message: string): string => {
  const at = message.lastIndexOf('\nUsage: ');
  return at < 0 ? oneLine(message) : `${oneLine(message.slice(0, at))}${message.slice(at)}`;
};

function helpText(): string {
  return [
    'Fidelis — the branch ledger from the command line.',
    '',
    'Usage:',
    ...COMMANDS.map((c) => `  ${usageLine(c)}\n      ${c.summary}`),
    '',
    'Every command takes --data-dir DIR (default: the app\'s own data dir) and --json (one JSON document on stdout).',
    'Every command but staff bootstrap runs as a signed-in person: --user NAME (or FIDELIS_USER), the password from FIDELIS_PASSWORD',
    'or a hidden prompt on a terminal. Over the dual-control amount add --approver NAME (password from FIDELIS_APPROVER_PASSWORD).',
    'A write with --command-id ID is applied once, however often it is retried.',
    'Exit codes: 0 done, 2 refused by the ledger, 64 bad usage, 1 unexpected failure.',
  ].join('\n');
}

function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = COMMANDS.find((c) => c.words.every((w, i) => words[i] === w));
  if (!command) {
    const given = words.slice(0, 2).join(' ');
    throw new UsageError(given ? `Unknown command ${shown(given)}. Run fidelis --help for the list.` : 'Name a command. Run fidelis --help for the list.');
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
    throw new UsageError(`Expected ${command.args.length === 0 ? 'no arguments' : command.args.join(' ')}, got ${positionals.length === 0 ? 'none' : positionals.slice(0, 4).map(shown).join(' ')}${positionals.length > 4 ? ' …' : ''}.\nUsage: ${usageLine(command)}`);
  }
  for (const name of command.required ?? []) {
    if (values[name as keyof typeof values] === undefined) throw new UsageError(`--${name} is required.\nUsage: ${usageLine(command)}`);
  }
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

/** The data dir, created when new; a path that cannot be a folder (a file, or below one) is a usage error, not a crash. */
export function usableDataDir(dataDir: string): string {
  try {
    mkdirSync(dataDir, { recursive: true });
    if (statSync(dataDir).isDirectory()) return dataDir;
  } catch (error) {
    throw new UsageError(`--data-dir ${shown(dataDir)} cannot be used as a data folder (${(error as NodeJS.ErrnoException).code ?? 'unusable'}).`);
  }
  throw new UsageError(`--data-dir ${shown(dataDir)} is not a folder.`);
}

/** Where the CLI writes: the process's streams, or a test's buffers (so many runs fit in one process). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Opens the host a command runs on; by default the data dir's (a test may hand in one host for many runs). */
  readonly openHost?: (dataDir: string, progress: (done: number, total: number, label: string) => void) => Promise<Host>;
  /** Where FIDELIS_USER and the passwords are read; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret without echo; by default only when stdin is a terminal (otherwise a missing password is refused). */
  readonly prompt?: (question: string) => Promise<string>;
}

const terminalPrompt = (): CliIo['prompt'] => (process.stdin.isTTY ? (question: string) => promptHidden(question) : undefined);

/** Signs the person in and returns the host as they may use it: its execute authorised from their roles (host.executeAs). */
async function actingHost(host: Host, command: CliCommand, values: Record<string, string | boolean | undefined>, io: CliIo, secret: (envVar: string, label: string) => Promise<string>) {
  const access = cliAccess(command.words);
  if (access === undefined) throw new DomainError('FORBIDDEN', `No role may run "fidelis ${command.words.join(' ')}" yet.`, 'role');
  if (access === 'public') return { host, principal: undefined };
  if (!(await host.staff.exists())) throw new DomainError('UNAUTHENTICATED', NO_STAFF);
  const user = (values.user as string | undefined) ?? (io.env ?? process.env)['FIDELIS_USER'];
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Say who you are with --user NAME (or FIDELIS_USER); the password comes from FIDELIS_PASSWORD or a prompt.', 'user');
  const principal: Principal = await host.staff.authenticate(user, await secret('FIDELIS_PASSWORD', `Password for ${user}`));
  if (access !== 'signedIn') requirePermission(principal, access);
  const approverName = values.approver as string | undefined;
  const approval: Approval | undefined = approverName ? { username: approverName, password: await secret('FIDELIS_APPROVER_PASSWORD', `Password of approver ${approverName}`) } : undefined;
  const acting: Host = { ...host, execute: (request, meta) => host.executeAs(principal, request, meta, approval) };
  return { host: acting, principal };
}

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

const progressOn =
  (stderr: CliIo['stderr']) =>
  (done: number, total: number, label: string): void => {
    if (!stderr.isTTY) {
      if (done === total) stderr.write(`${label}: ${done}/${total}\n`);
      return;
    }
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };

/** Runs one command line to its exit code (bin/fidelis.js sets process.exitCode from it). */
export async function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const json = argv.includes('--json');
  const progress = progressOn(io.stderr);
  const fail = (code: number, error: { code: string; field?: string; message: string }) => {
    io.stderr.write(`${error.message}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ error })}\n`);
    return code;
  };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(`${helpText()}\n`);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  try {
    const { command, rest } = findCommand(argv);
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      io.stdout.write(`${usageLine(command)}\n  ${command.summary}\n`);
      return EXIT.ok;
    }
    const dataDir = (values['data-dir'] as string | undefined) ?? defaultDataDir();
    const host = io.openHost ? await io.openHost(dataDir, progress) : await createHost({ dataDir: usableDataDir(dataDir), progress });
    try {
      const env = io.env ?? process.env;
      const prompt = io.prompt ?? terminalPrompt();
      const secret = async (envVar: string, label: string): Promise<string> => {
        const given = env[envVar];
        if (given !== undefined && given !== '') return given;
        if (prompt) return prompt(`${label}: `);
        throw new DomainError('UNAUTHENTICATED', `${label} is needed: set ${envVar}, or run on a terminal to be asked.`, envVar);
      };
      const acting = await actingHost(host, command, values, io, secret);
      const result = await command.run({ host: acting.host, options: values, args: positionals, progress, principal: acting.principal, secret });
      const rendered = json || !command.text ? JSON.stringify(result, null, json ? undefined : 2) : command.text(result as never);
      io.stdout.write(`${rendered}\n`);
      return command.exitCode?.(result as never) ?? EXIT.ok;
    } finally {
      await host.close();
    }
  } catch (error) {
    if (error instanceof UsageError) return fail(EXIT.usage, { code: 'USAGE', message: usageMessage(error.message) });
    // Refusals often quote what was typed (`No account …`): one bounded line on the terminal, whatever that was.
    if (isDomainError(error)) return fail(EXIT.rejected, { ...error.toJSON(), message: oneLine(error.message) });
    return fail(EXIT.failed, { code: 'INTERNAL', message: `Unexpected failure: ${(error as Error).stack ?? String(error)}` });
  }
}

