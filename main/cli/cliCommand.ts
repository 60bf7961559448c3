/** How a CLI command is declared: its words, arguments and options, who may run it, and what it does with a host. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { Permission, Principal } from '@fidelis/shared/staff/roles.js';
import type { Host } from '../host.js';

/** An option of one command: a string takes a value (`--amount AMOUNT`), a boolean is a switch (`--wait`). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One line for `--help`. */
  readonly help: string;
  /** The value's name in usage lines; the option's name in capitals by default. */
  readonly value?: string;
}

/**
 * Who may run a command: a permission of the signed-in person, `signedIn` for anyone signed in (checked further by
 * the command itself), or `public` before anyone can sign in (the first administrator's bootstrap).
 */
export type CliAccess = Permission | 'public' | 'signedIn';

export interface CliContext {
  readonly host: Host;
  /** The command's options and `command-id`, by their names on the command line. */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly args: readonly string[];
  /** Progress for long work, on stderr only: stdout carries nothing but the result. */
  readonly progress: (done: number, total: number, label: string) => void;
  /** Who signed in with --user (undefined only for `staff bootstrap`); the host's execute runs as them. */
  readonly principal?: Principal | undefined;
  /** A secret from the environment variable, else a hidden prompt on a terminal, else a refusal naming the variable. */
  readonly secret?: (envVar: string, label: string) => Promise<string>;
}

/**
 * What a command on the data dir's files gets (doctor, backup, restore): no opened ledger and no sign-in — these are
 * needed exactly when the ledger is damaged or held by a running workstation, and whoever may read the folder may
 * copy it anyway; the operating system's permissions on the folder are the guard.
 */
export interface FilesContext {
  readonly dataDir: string;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly args: readonly string[];
  readonly progress: (done: number, total: number, label: string) => void;
}

interface CommandShape {
  /** The words that name it: `['account', 'open']`. */
  readonly words: readonly string[];
  /** Positional arguments after the words, for the usage line: `['ID']`; `[NAME]` is optional. */
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Option names that must be given. */
  readonly required?: readonly string[];
  /** A write that takes `--command-id ID`: applied once, however often it is retried. */
  readonly idempotent?: true;
  /** It only reads: its host opens without the background work a write may start (HostOptions.background). */
  readonly readOnly?: true;
  readonly summary: string;
  /** The result for a person; without it the result prints as indented JSON. */
  text?(result: never): string;
  /** The exit code for a result that is not a refusal yet must fail a script (verify of a broken ledger: 2); default 0. */
  exitCode?(result: never): number;
}

/** A command run on the opened ledger, as a signed-in person (or before anyone can sign in, for `public`). */
export interface LedgerCommand extends CommandShape {
  readonly access: CliAccess;
  run(context: CliContext): Promise<unknown>;
}

/** A command on the data dir's files, without opening the ledger (see FilesContext). */
export interface FilesCommand extends CommandShape {
  readonly access: 'files';
  runOnFiles(context: FilesContext): Promise<unknown>;
}

export type CliCommand = LedgerCommand | FilesCommand;

/**
 * What help and parsing read of a command (main/cli/commandDeclarations.ts): its shape and access, no functions, and
 * the area whose module holds its code (main/cli/commandAreas.ts).
 */
export type CommandDeclaration = Pick<CommandShape, 'words' | 'args' | 'options' | 'required' | 'idempotent' | 'readOnly' | 'summary'> & {
  readonly access: CliCommand['access'];
  readonly area?: string;
};

/** The person running the command; every command but the public bootstrap has one. */
export const signedInAs = (context: CliContext): Principal => {
  if (!context.principal) throw new DomainError('UNAUTHENTICATED', 'Sign in with --user NAME (password in FIDELIS_PASSWORD).', 'user');
  return context.principal;
};

/** Wrong words, missing or unknown options: exit 64 with a message saying what is expected. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const valueName = (name: string, spec: OptionSpec): string => spec.value ?? name.toUpperCase().replace(/-/g, '_');

const flag = (name: string, spec: OptionSpec): string => (spec.type === 'boolean' ? `--${name}` : `--${name} ${valueName(name, spec)}`);

/** What follows the command's words in a usage line: arguments, then its options (the optional ones in brackets). */
export const usageParts = (command: CommandDeclaration): string[] => [
  ...command.args,
  ...Object.entries(command.options).map(([name, spec]) => (command.required?.includes(name) ? flag(name, spec) : `[${flag(name, spec)}]`)),
  ...(command.idempotent ? ['[--command-id ID]'] : []),
];

export const usageLine = (command: CommandDeclaration): string => ['fidelis', ...command.words, ...usageParts(command)].join(' ');

/** The commander flags of an option: `--amount <AMOUNT>` or `--wait`. */
export const commanderFlags = (name: string, spec: OptionSpec): string =>
  spec.type === 'boolean' ? `--${name}` : `--${name} <${valueName(name, spec)}>`;
