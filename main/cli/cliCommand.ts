/** How a CLI command is declared: its words, its options, and what it does with a host. */

import type { Host } from '../host.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';

export type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string };

export interface CliContext {
  readonly host: Host;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly args: readonly string[];
  /** Progress for long work, on stderr only: stdout carries nothing but the result. */
  readonly progress: (done: number, total: number, label: string) => void;
  /** Who signed in with --user (undefined only for `staff bootstrap`); the host's execute runs as them. */
  readonly principal?: Principal | undefined;
  /** A secret from the environment variable, else a hidden prompt on a terminal, else a refusal naming the variable. */
  readonly secret?: (envVar: string, label: string) => Promise<string>;
}

export interface CliCommand {
  /** The words that name it: `['account', 'open']`. */
  readonly words: readonly string[];
  /** Positional arguments after the words, for the usage line: `['ID']`. */
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Option names that must be given. */
  readonly required?: readonly string[];
  readonly summary: string;
  run(context: CliContext): Promise<unknown>;
  /** The result for a person; without it the result prints as indented JSON. */
  text?(result: never): string;
  /** The exit code for a result that is not a refusal yet must fail a script (verify of a broken ledger: 2); default 0. */
  exitCode?(result: never): number;
}

/** Wrong words, missing or unknown options: exit 64 with a message saying what is expected. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const usageLine = (command: CliCommand): string =>
  [
    'fidelis',
    ...command.words,
    ...command.args,
    ...Object.keys(command.options).map((name) => {
      const flag = command.options[name]!.type === 'boolean' ? `--${name}` : `--${name} ${name.toUpperCase().replace(/-/g, '_')}`;
      return command.required?.includes(name) ? flag : `[${flag}]`;
    }),
  ].join(' ');
