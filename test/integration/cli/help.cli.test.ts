// The command line's contract with a person and a script, in this process: the README holds exactly what
// `fidelis --help` prints, help names --user (never an internal --actor), global options stand before or after the
// command, bad usage exits 64 before any ledger opens, and library chatter goes to the log instead of the terminal.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../main/cli/commands.js';
import { runCli, type CliIo } from '../../../main/cli/main.js';
import { overallHelpText } from '../../../main/cli/program.js';
import { createHost, type Host } from '../../../main/host.js';
import { REPO_ROOT, runFidelisBin } from '../../support/processes.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';

let host: Host;
let accountId: string;
const logged: string[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (logged.push(chunk.toString()), done()) }));
  host = await createHost({ inMemory: true, logger, settings: TEST_STAFF_SETTINGS });
  await seedTestStaff(host, ['all']);
  accountId = (await host.execute({ type: 'OpenAccount', number: 'H-1', holder: 'Ada Lovelace', openingDeposit: '10.00' })).aggregateId;
});

afterAll(async () => {
  await host?.close();
});

/** One line in this process; `opened` records the data dirs the CLI opened a host for (the shared host stays open). */
async function cli(argv: readonly string[], onOpen: () => void = () => {}) {
  let stdout = '';
  let stderr = '';
  const opened: string[] = [];
  const shared = new Proxy(host, { get: (target, key, receiver) => (key === 'close' ? async () => undefined : Reflect.get(target, key, receiver)) });
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    openHost: async (dataDir) => {
      opened.push(dataDir);
      onOpen();
      return shared;
    },
    env: { FIDELIS_USER: 'all', FIDELIS_PASSWORD: STAFF_PASSWORD },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, opened };
}

describe('fidelis --help', () => {
  it('is what the README lists (npm run docs:cli writes it there)', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- fidelis --help[^\n]*-->\n```text\n([\s\S]*?)```\n<!-- end of fidelis --help -->/.exec(readme);
    expect(block, 'README.md lost its fidelis --help block').not.toBeNull();
    expect(block![1], 'README.md is out of date: run npm run docs:cli').toBe(overallHelpText(COMMANDS));
  });

  it('lists every command and names --user, and so does each command’s own help; none mentions --actor', async () => {
    const overall = await cli(['--help']);
    expect(overall.code).toBe(0);
    expect(overall.stdout).toBe(overallHelpText(COMMANDS));
    expect(overall.stdout).toContain('--user <NAME>');
    for (const command of COMMANDS) expect(overall.stdout).toContain(`fidelis ${command.words.join(' ')}`);
    for (const command of COMMANDS) {
      const own = await cli([...command.words, '--help']);
      expect(own.code, command.words.join(' ')).toBe(0);
      expect(own.stdout, command.words.join(' ')).toContain('--user <NAME>');
      expect(own.stdout, command.words.join(' ')).not.toContain('--actor');
      for (const option of Object.keys(command.options)) expect(own.stdout, `${command.words.join(' ')} --${option}`).toContain(`--${option}`);
    }
    expect(overall.stdout).not.toContain('--actor');
  });
});

describe('the built fidelis (commands read from the declarations beside its bundle)', () => {
  it('prints the same help, refuses the same lines, and loads a command to run it', async () => {
    const built = await runFidelisBin(['--help']);
    expect(built.code).toBe(0);
    expect(built.stdout).toBe(overallHelpText(COMMANDS));
    const own = await runFidelisBin(['account', 'show', '--help']);
    expect(own.stdout).toBe((await cli(['account', 'show', '--help'])).stdout);
    const refused = await runFidelisBin(['account', 'deposit', 'X', '--amount']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('Usage: fidelis account deposit');
    // A command that runs gets its area's code: doctor reads an empty folder and says what it found.
    const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-help-'));
    try {
      const doctor = await runFidelisBin(['doctor', '--data-dir', dataDir, '--json']);
      expect(doctor.stderr).not.toContain('INTERNAL');
      expect(JSON.parse(doctor.stdout)).toBeTypeOf('object');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('global options', () => {
  it('are the same line before the command as after it', async () => {
    const before = await cli(['--data-dir', '/ledgers/before', '--json', 'account', 'show', accountId]);
    const after = await cli(['account', 'show', accountId, '--json', '--data-dir', '/ledgers/after']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.opened).toEqual(['/ledgers/before']);
    expect(after.opened).toEqual(['/ledgers/after']);
    expect(JSON.parse(before.stdout)).toMatchObject({ accountId, number: 'H-1', balance: '10.00' });
    expect(before.stdout).toBe(after.stdout);
  });

  it('take --command-id for writes only, wherever it stands', async () => {
    const first = await cli(['--command-id', 'help-dep-1', 'account', 'deposit', accountId, '--amount', '1.00', '--json']);
    const retry = await cli(['account', 'deposit', accountId, '--amount', '1.00', '--json', '--command-id', 'help-dep-1']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toEqual({ ...JSON.parse(first.stdout), duplicate: true });
    const refused = await cli(['--command-id', 'x', 'account', 'show', accountId]);
    expect(refused).toMatchObject({ code: 64, opened: [] });
    expect(refused.stderr).toMatch(/^--command-id is for writes; fidelis account show takes none\.\nUsage: fidelis account show ACCOUNT/);
  });
});

describe('bad usage', () => {
  it('exits 64 with the problem and the usage line, before any ledger opens', async () => {
    const lines = [
      [['account', 'deposit', accountId], /^--amount is required\.\nUsage: fidelis account deposit ACCOUNT --amount AMOUNT/],
      [['account', 'deposit', accountId, '--amount', '1', '--actor', 'someone'], /^Unknown option '--actor'\.\nUsage: fidelis account deposit/],
      [['account'], /^Name a command after "fidelis account": open, deposit, .*\nUsage: fidelis account COMMAND/],
      [['acount', 'show', accountId], /^Unknown command 'acount' \(did you mean account\?\) Run fidelis --help for the list\.\n$/],
      [['account', 'show'], /^Missing required argument 'ACCOUNT'\.\nUsage: fidelis account show ACCOUNT/],
      [['--json'], /^Name a command\. Run fidelis --help for the list\.\n$/],
    ] as const;
    for (const [argv, message] of lines) {
      const result = await cli(argv);
      expect(result.code, argv.join(' ')).toBe(64);
      expect(result.opened, argv.join(' ')).toEqual([]);
      expect(result.stderr, argv.join(' ')).toMatch(message);
    }
    const none = await cli([]);
    expect(none.code).toBe(64);
    expect(none.stdout).toBe(overallHelpText(COMMANDS));
  });
});

describe('library output', () => {
  it('goes to the log, not to the terminal, even when printed before the host is there', async () => {
    const result = await cli(['account', 'show', accountId], () => console.warn('-------------- a library banner --------------'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('library banner');
    expect(logged.some((line) => line.includes('a library banner'))).toBe(true);
  });
});
