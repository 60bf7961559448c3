/** Every `fidelis` command, in the order `fidelis --help` lists them: each area declares its own in its *Cli.ts. */

import type { CliCommand } from './cliCommand.js';
import { COMMAND_AREAS } from './commandAreas.js';

export const COMMANDS: readonly CliCommand[] = (await Promise.all(COMMAND_AREAS.map((area) => area.load()))).flat();
