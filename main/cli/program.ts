/**
 * The `fidelis` command line on commander: one program whose commands come from the areas' declarations, global options
 * accepted before or after the command, per-command help from commander, and the overall help (which the README holds
 * verbatim) generated from the same tree.
 */

import { Command, CommanderError, Help, Option } from 'commander';
import { UsageError, commanderFlags, usageLine, usageParts, type CommandDeclaration } from './cliCommand.js';

/** Options every command takes, wherever they stand on the line. */
const globalOptions = (): Option[] => [
  new Option('--data-dir <DIR>', "The ledger's folder (default: the desktop app's own, or FIDELIS_DATA_DIR)."),
  new Option('--json', 'Print one JSON document on stdout; messages and progress go to stderr.'),
  new Option('--user <NAME>', 'Who runs the command (or FIDELIS_USER); the password comes from FIDELIS_PASSWORD or a hidden prompt.'),
  new Option('--approver <NAME>', 'A supervisor approving a command over the dual-control amount (password from FIDELIS_APPROVER_PASSWORD or a prompt).'),
  new Option('--command-id <ID>', 'Writes only: a retry with the same id returns the first result and records nothing twice.'),
];

export interface GlobalValues {
  readonly dataDir?: string;
  readonly json?: boolean;
  readonly user?: string;
  readonly approver?: string;
  readonly commandId?: string;
}

/** What a command line asks for: one command with its options and arguments, or nothing more (help was shown). */
export type ParsedLine =
  | { readonly kind: 'run'; readonly command: CommandDeclaration; readonly options: Record<string, string | boolean | undefined>; readonly args: string[]; readonly globals: GlobalValues }
  | { readonly kind: 'helped' };

/** Help is laid out for this width whatever the terminal, so the README can hold it verbatim. */
const HELP_WIDTH = 100;
const SUMMARY_INDENT = '      ';
const USAGE_CONTINUED = '    ';

const wordsOf = (command: Command): string[] => {
  const words: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) words.unshift(c.name());
  return words;
};

const specOf = (commands: readonly CommandDeclaration[], command: Command): CommandDeclaration | undefined =>
  commands.find((spec) => spec.words.join(' ') === wordsOf(command).join(' '));

/** Usage parts packed into lines, never splitting an option from its value. */
function wrapParts(parts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + part.length <= width) lines[lines.length - 1] = `${last} ${part}`;
    else lines.push(last === undefined ? `  ${part}` : `${USAGE_CONTINUED}${part}`);
  }
  return lines;
}

function overallHelp(commands: readonly CommandDeclaration[], program: Command, helper: Help): string {
  const leaves = (command: Command): Command[] => (command.commands.length === 0 ? [command] : command.commands.flatMap(leaves));
  const commandLines = leaves(program).flatMap((leaf) => {
    const spec = specOf(commands, leaf)!;
    const summary = helper.boxWrap(spec.summary, HELP_WIDTH - SUMMARY_INDENT.length).split('\n');
    return [...wrapParts(['fidelis', ...spec.words, ...usageParts(spec)], HELP_WIDTH), ...summary.map((line) => `${SUMMARY_INDENT}${line}`)];
  });
  const termWidth = Math.max(...program.options.map((option) => helper.optionTerm(option).length));
  const optionLines = program.options.map((option) => helper.formatItem(helper.optionTerm(option), termWidth, helper.optionDescription(option), helper));
  return [
    'Usage: fidelis COMMAND [options]',
    '',
    'Fidelis, the branch ledger, from the command line.',
    '',
    'Commands:',
    ...commandLines,
    '',
    ...helper.formatItemList('Global options, before or after the command:', optionLines, helper),
    'Every command but `staff bootstrap` runs as a signed-in person (--user).',
    'Exit codes: 0 done, 2 refused by the ledger ({"error":{"code","field","message"}} with --json),',
    '64 bad usage, 1 unexpected failure. `fidelis COMMAND --help` describes one command.',
    '',
  ].join('\n');
}

/**
 * A fresh program (commander keeps parsed values on it, and tests run many lines in one process). `onParsed` receives
 * the command a line names, `reached` each command dispatched to; commander's own output (help) goes to `out`.
 */
function buildProgram(
  commands: readonly CommandDeclaration[],
  out: (text: string) => void,
  onParsed: (line: ParsedLine) => void,
  reached: (command: Command) => void,
): Command {
  const program = new Command('fidelis')
    .usage('COMMAND [options]')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: () => {}, outputError: () => {} })
    .configureHelp({ helpWidth: HELP_WIDTH, showGlobalOptions: true })
    .helpOption('-h, --help', 'Show this help.')
    .helpCommand('help [COMMAND]', "Show a command's help.")
    .hook('preSubcommand', (_, sub) => reached(sub));
  for (const option of globalOptions()) program.addOption(option);

  for (const spec of commands) {
    let parent = program;
    for (const word of spec.words.slice(0, -1)) {
      parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word).usage('COMMAND [options]').hook('preSubcommand', (_, sub) => reached(sub));
    }
    const leaf = parent.command(spec.words.at(-1)!).description(spec.summary).usage(usageParts(spec).join(' '));
    for (const arg of spec.args) leaf.argument(arg.startsWith('[') ? arg : `<${arg}>`);
    for (const [name, option] of Object.entries(spec.options)) leaf.addOption(new Option(commanderFlags(name, option), option.help));
    leaf.action((...params: unknown[]) => {
      const self = params.at(-1) as Command;
      const given = self.opts<Record<string, string | boolean | undefined>>();
      const options: Record<string, string | boolean | undefined> = {};
      for (const option of self.options) options[option.name()] = given[option.attributeName()];
      const globals = program.opts<GlobalValues>();
      if (globals.commandId !== undefined) {
        if (!spec.idempotent) throw new UsageError(`--command-id is for writes; fidelis ${spec.words.join(' ')} takes none.`);
        options['command-id'] = globals.commandId;
      }
      const missing = (spec.required ?? []).find((name) => options[name] === undefined);
      if (missing !== undefined) throw new UsageError(`--${missing} is required.`);
      onParsed({ kind: 'run', command: spec, options, args: self.args, globals });
    });
  }
  // A group says which commands it holds (`fidelis account --help` lists them with their summaries).
  const groups = (command: Command): Command[] => command.commands.filter((c) => c.commands.length > 0).flatMap((c) => [c, ...groups(c)]);
  for (const group of groups(program)) group.description(group.commands.map((c) => c.name()).join(', '));
  // Set last, on the program alone: its commands keep the settings they were created with.
  program.configureHelp({ helpWidth: HELP_WIDTH, formatHelp: (command, helper) => (command === program ? overallHelp(commands, program, helper) : Help.prototype.formatHelp.call(helper, command, helper)) });
  return program;
}

/** The help `fidelis --help` prints (and the README holds), of these commands (commandDeclarations.ts, or COMMANDS). */
export function overallHelpText(commands: readonly CommandDeclaration[]): string {
  let text = '';
  buildProgram(commands, (chunk) => (text += chunk), () => {}, () => {}).outputHelp();
  return text;
}

/** Commander's message as one sentence: without its "error: " prefix, any suggestion on the same line. */
const sentence = (message: string): string => {
  const text = message.replace(/^error: /, '').replace(/\n\(Did you mean/, ' (did you mean');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.?)]$/.test(text) ? '' : '.'}`;
};

/** Parses a command line; a line commander or the command's declaration refuses is a UsageError with its usage line. */
export async function parseCommandLine(commands: readonly CommandDeclaration[], argv: readonly string[], out: (text: string) => void): Promise<ParsedLine> {
  let parsed: ParsedLine = { kind: 'helped' };
  let deepest: Command | undefined;
  const program = buildProgram(commands, out, (line) => (parsed = line), (command) => (deepest = command));
  const usageOf = (command: Command): string => {
    const spec = specOf(commands, command);
    return `\nUsage: ${spec ? usageLine(spec) : `fidelis ${wordsOf(command).join(' ')} COMMAND [options]`}`;
  };
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed') return { kind: 'helped' };
      // A line naming no command, or a group without one of its commands (`fidelis account`): commander would print help as the error.
      if (error.code === 'commander.help' && deepest === undefined) throw new UsageError('Name a command. Run fidelis --help for the list.');
      if (deepest === undefined) throw new UsageError(`${sentence(error.message)} Run fidelis --help for the list.`);
      if (error.code === 'commander.help') throw new UsageError(`Name a command after "fidelis ${wordsOf(deepest).join(' ')}": ${deepest.commands.map((c) => c.name()).join(', ')}.${usageOf(deepest)}`);
      throw new UsageError(`${sentence(error.message)}${usageOf(deepest)}`);
    }
    if (error instanceof UsageError && deepest !== undefined) throw new UsageError(`${error.message}${usageOf(deepest)}`);
    throw error;
  }
  return parsed;
}
