/**
 * What help and parsing need of the commands (words, arguments, options, access), without the code that runs them:
 * the built CLI reads them from a file written beside its bundle at build time, so `fidelis --help` and a refused
 * line load no area's code; a command that runs loads its own area's code then, and no other area's (loadCommand).
 */

import { readFileSync } from 'node:fs';
import type { CliCommand, CommandDeclaration } from './cliCommand.js';
import { COMMAND_AREAS } from './commandAreas.js';

/** The file beside the bundle (out/node/cli-commands.json); absent when the CLI runs from source, which imports them. */
export const DECLARATIONS_FILE = 'cli-commands.json';

/** A command's declaration: the command without its functions (as JSON keeps it), with the area it comes from. */
const declarationOf = (command: CliCommand, area: string): CommandDeclaration => ({
  words: command.words,
  args: command.args,
  options: command.options,
  ...(command.required ? { required: command.required } : {}),
  ...(command.idempotent ? { idempotent: command.idempotent } : {}),
  ...(command.readOnly ? { readOnly: command.readOnly } : {}),
  summary: command.summary,
  access: command.access,
  area,
});

/** Every area's commands declared, in help order (what the build writes to DECLARATIONS_FILE). */
export async function declareCommands(): Promise<CommandDeclaration[]> {
  const areas = await Promise.all(COMMAND_AREAS.map(async ({ area, load }) => (await load()).map((command) => declarationOf(command, area))));
  return areas.flat();
}

/** Every command's declaration, in help order. */
export async function commandDeclarations(): Promise<readonly CommandDeclaration[]> {
  try {
    return JSON.parse(readFileSync(new URL(`./${DECLARATIONS_FILE}`, import.meta.url), 'utf8')) as CommandDeclaration[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return declareCommands();
  }
}

/** The command a parsed line names, with the code that runs it: its area's module only. */
export async function loadCommand(declaration: CommandDeclaration): Promise<CliCommand> {
  const name = declaration.words.join(' ');
  const area = COMMAND_AREAS.find((candidate) => candidate.area === declaration.area);
  const command = (await area?.load())?.find((c) => c.words.join(' ') === name);
  if (!command) throw new Error(`The CLI's command list has no "${name}" in area "${declaration.area}": its build is out of date (npm run build:node).`);
  return command;
}
