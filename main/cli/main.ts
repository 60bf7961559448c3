/** The `fidelis` command line: parse, open the host on the data dir, sign in, run one command, print its result. */

import { mkdirSync, statSync } from 'node:fs';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { requirePermission } from '@fidelis/shared/staff/roles.js';
import type { Approval } from '@fidelis/shared/staff/identity.js';
import type { Host } from '../host.js';
import { defaultDataDir } from '../paths.js';
import { UsageError, type CliCommand, type LedgerCommand } from './cliCommand.js';
import { commandDeclarations, loadCommand } from './commandDeclarations.js';
import { routeLibraryConsole } from './libraryConsole.js';
import { promptHidden } from './passwordPrompt.js';
import { overallHelpText, parseCommandLine, type GlobalValues } from './program.js';

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
  /**
   * Opens the host a command runs on; by default the data dir's (a test may hand in one host for many runs), without
   * background work for a command that only reads.
   */
  readonly openHost?: (dataDir: string, progress: (done: number, total: number, label: string) => void, background: boolean) => Promise<Host>;
  /** Where FIDELIS_USER and the passwords are read; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret without echo; by default only when stdin is a terminal (otherwise a missing password is refused). */
  readonly prompt?: (question: string) => Promise<string>;
}

const terminalPrompt = (): CliIo['prompt'] => (process.stdin.isTTY ? (question: string) => promptHidden(question) : undefined);

/** The data dir's host; loaded only for a command that runs, so `--help` and refused lines start nothing heavy. */
async function openDataDir(dataDir: string, progress: (done: number, total: number, label: string) => void, background: boolean): Promise<Host> {
  const { createHost } = await import('../host.js');
  return createHost({ dataDir: usableDataDir(dataDir), progress, background });
}

/** Signs the person in and returns the host as they may use it: its execute authorised from their roles (host.executeAs). */
async function actingHost(host: Host, command: LedgerCommand, globals: GlobalValues, io: CliIo, secret: (envVar: string, label: string) => Promise<string>) {
  if (command.access === 'public') return { host, principal: undefined };
  if (!(await host.staff.exists())) throw new DomainError('UNAUTHENTICATED', NO_STAFF);
  const user = globals.user ?? (io.env ?? process.env)['FIDELIS_USER'];
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Say who you are with --user NAME (or FIDELIS_USER); the password comes from FIDELIS_PASSWORD or a prompt.', 'user');
  // A session for the command's lifetime: it opens the person's signing key, so what they do here is signed by them.
  const { principal } = await host.staff.sessions.signIn(user, await secret('FIDELIS_PASSWORD', `Password for ${user}`));
  // A one-time password opens nothing but choosing one's own (staff passwd), as on a screen.
  if (command.words.join(' ') !== 'staff passwd' && (await host.staff.mustChangePassword(principal.username))) {
    throw new DomainError('PASSWORD_CHANGE_REQUIRED', `An administrator set a one-time password for ${principal.username}: choose your own first with fidelis staff passwd.`, 'user');
  }
  if (command.access !== 'signedIn') requirePermission(principal, command.access);
  const approval: Approval | undefined = globals.approver ? { username: globals.approver, password: await secret('FIDELIS_APPROVER_PASSWORD', `Password of approver ${globals.approver}`) } : undefined;
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
  // Help and refused lines read the commands' declarations only; a command that runs loads its code (and the host's).
  const declarations = await commandDeclarations();
  if (argv.length === 0) {
    io.stdout.write(overallHelpText(declarations));
    return EXIT.usage;
  }
  const libraryConsole = routeLibraryConsole();
  try {
    const line = await parseCommandLine(declarations, argv, (text) => io.stdout.write(text));
    if (line.kind === 'helped') return EXIT.ok;
    const { globals } = line;
    const command = await loadCommand(line.command);
    const dataDir = globals.dataDir ?? defaultDataDir();
    const print = (result: unknown, shown: CliCommand): number => {
      const rendered = json || !shown.text ? JSON.stringify(result, null, json ? undefined : 2) : shown.text(result as never);
      io.stdout.write(`${rendered}\n`);
      return shown.exitCode?.(result as never) ?? EXIT.ok;
    };
    // Doctor, backup and restore work on the files: they run when the ledger cannot be opened, or is held by a workstation.
    if (command.access === 'files') return print(await command.runOnFiles({ dataDir, options: line.options, args: line.args, progress }), command);
    const host = await (io.openHost ?? openDataDir)(dataDir, progress, command.readOnly !== true);
    libraryConsole.attach(host.logger);
    try {
      const env = io.env ?? process.env;
      const prompt = io.prompt ?? terminalPrompt();
      const secret = async (envVar: string, label: string): Promise<string> => {
        const given = env[envVar];
        if (given !== undefined && given !== '') return given;
        if (prompt) return prompt(`${label}: `);
        throw new DomainError('UNAUTHENTICATED', `${label} is needed: set ${envVar}, or run on a terminal to be asked.`, envVar);
      };
      const acting = await actingHost(host, command, globals, io, secret);
      return print(await command.run({ host: acting.host, options: line.options, args: line.args, progress, principal: acting.principal, secret }), command);
    } finally {
      await host.close();
    }
  } catch (error) {
    if (error instanceof UsageError) return fail(EXIT.usage, { code: 'USAGE', message: usageMessage(error.message) });
    // Refusals often quote what was typed (`No account …`): one bounded line on the terminal, whatever that was.
    if (isDomainError(error)) return fail(EXIT.rejected, { ...error.toJSON(), message: oneLine(error.message) });
    return fail(EXIT.failed, { code: 'INTERNAL', message: `Unexpected failure: ${(error as Error).stack ?? String(error)}` });
  } finally {
    libraryConsole.restore();
  }
}
