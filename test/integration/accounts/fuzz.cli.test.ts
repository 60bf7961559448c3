// Hostile command lines through the real CLI in this process (runCli with buffers and one on-disk host kept open for
// every run): unknown and mangled flags, flags without values, repeated flags, huge and unicode values, bad amounts,
// --__proto__. Each exits 0 (still valid), 2 (refused) or 64 (usage) — never 1 — with a short message and no stack,
// and a refused line stores nothing. Odd --data-dir values get a few real processes.

import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { COMMANDS } from '../../../main/cli/commands.js';
import { runCli, type CliIo } from '../../../main/cli/main.js';
import { createHost, type Host } from '../../../main/host.js';
import { hostileArgValue, hostileFlag, prototypeIsClean } from '../../support/hostileArbitraries.js';
import { runCli as spawnCli } from '../../support/processes.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

/** Runs per command: ~60 commands × this stays around a minute on two cores. FIDELIS_FUZZ_RUNS digs deeper by hand. */
const RUNS_PER_COMMAND = Number(process.env['FIDELIS_FUZZ_RUNS'] ?? 25);
/** Failed sign-ins are recorded (and lock a user out): the only events a refused line may leave. */
const SIGN_IN_AUDIT = /^Fidelis\.Staff(SignInFailed|LockedOut)\./;

/** What the valid examples refer to. */
interface CliContext {
  readonly accountId: string;
  readonly otherAccountId: string;
  readonly day: string;
  readonly csvFile: string;
  readonly outFile: string;
}

/** A valid command line (after the command's words), as positionals and options, so mutations know what is what. */
interface CliExample {
  readonly positionals: readonly string[];
  readonly options: readonly (readonly [name: string, value: string | true])[];
  /** Names (and positional indexes, as '#0') that name files: they keep their temp-dir value whatever else changes. */
  readonly protect?: readonly string[];
  /** More environment for this command's runs (a new user's password). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * One valid line per CLI command, by hand, or the reason it is left out. The test fails for a command missing here: a
 * new command must say what a valid line looks like, so its hostile variants get run too.
 */
const CLI_EXAMPLES: Readonly<Record<string, ((ctx: CliContext) => CliExample) | { readonly excluded: string }>> = {
  'account open': () => ({ positionals: [], options: [['number', 'CF-1'], ['holder', 'Cli Fuzz'], ['currency', 'USD'], ['opening-deposit', '10.00'], ['overdraft-limit', '0'], ['command-id', 'cf-open-1']] }),
  'account deposit': (ctx) => ({ positionals: [ctx.accountId], options: [['amount', '12.34'], ['reference', 'fuzz'], ['source-type', 'cash'], ['command-id', 'cf-dep-1']] }),
  'account withdraw': (ctx) => ({ positionals: [ctx.accountId], options: [['amount', '1.00'], ['reference', 'fuzz'], ['command-id', 'cf-wd-1']] }),
  'account close': (ctx) => ({ positionals: [ctx.otherAccountId], options: [['reason', 'fuzz'], ['command-id', 'cf-close-1']] }),
  'account show': (ctx) => ({ positionals: [ctx.accountId], options: [['at-version', '0']] }),
  'account reverse': (ctx) => ({ positionals: [], options: [['account', ctx.accountId], ['event', '00000000-0000-4000-8000-000000000000'], ['reason', 'keyed twice'], ['command-id', 'cf-rev-1']] }),
  'account signatory add': (ctx) => ({ positionals: [ctx.accountId], options: [['name', 'Bob Signer'], ['email', 'bob@example.com'], ['role', 'joint']] }),
  'account signatory remove': (ctx) => ({ positionals: [ctx.accountId], options: [['email', 'nobody@example.com']] }),
  'account holder-details': (ctx) => ({ positionals: [ctx.accountId], options: [['street', '1 Main St'], ['city', 'Springfield'], ['state', 'IL'], ['zip', '62701'], ['country', 'US']] }),
  'customer add': () => ({
    positionals: [],
    options: [['name', 'Cli Customer'], ['line1', '1 Main St'], ['city', 'Springfield'], ['state', 'IL'], ['country', 'US'], ['dob', '1980-01-01'], ['tin', '123-45-6789'], ['tin-type', 'SSN'], ['command-id', 'cf-cus-1']],
  }),
  'customer update': (ctx) => ({ positionals: [`acct-${ctx.accountId}`], options: [['occupation', 'Baker'], ['command-id', 'cf-cus-2']] }),
  'customer show': (ctx) => ({ positionals: [`acct-${ctx.accountId}`], options: [] }),
  'customer search': () => ({ positionals: ['Ada'], options: [] }),
  'settings set time-zone': () => ({ positionals: ['UTC'], options: [] }),
  'settings show': () => ({ positionals: [], options: [] }),
  'events read': (ctx) => ({ positionals: [`account-${ctx.accountId}`], options: [['from', '0'], ['limit', '5']] }),
  'events stats': () => ({ positionals: [], options: [] }),
  'events search': () => ({ positionals: [], options: [['type', 'Deposit'], ['limit', '5']] }),
  'events history': (ctx) => ({ positionals: [ctx.accountId], options: [] }),
  'events trace': () => ({ positionals: ['no-such-correlation'], options: [['flat', true]] }),
  'events causes': () => ({ positionals: ['no-such-event'], options: [] }),
  'events effects': () => ({ positionals: ['no-such-event'], options: [] }),
  'transfer create': (ctx) => ({ positionals: [], options: [['from', ctx.accountId], ['to', ctx.otherAccountId], ['amount', '1.00'], ['reference', 'fuzz'], ['command-id', 'cf-tr-1']] }),
  'transfer show': () => ({ positionals: ['no-such-transfer'], options: [] }),
  'till open': () => ({ positionals: [], options: [['currency', 'USD'], ['count', 'none'], ['command-id', 'cf-till-1']] }),
  'till close': () => ({ positionals: [], options: [['currency', 'USD'], ['count', 'none']] }),
  'till return-cash': () => ({ positionals: [], options: [['currency', 'USD'], ['amount', '1.00'], ['command-id', 'cf-till-2']] }),
  'till show': () => ({ positionals: [], options: [] }),
  'till denominations': () => ({ positionals: [], options: [['currency', 'EUR']] }),
  'vault receive': () => ({ positionals: [], options: [['currency', 'USD'], ['amount', '100.00'], ['reference', 'CC-F1'], ['command-id', 'cf-vault-1']] }),
  'vault ship': () => ({ positionals: [], options: [['currency', 'USD'], ['amount', '1.00'], ['reference', 'CC-F2']] }),
  'vault issue': () => ({ positionals: [], options: [['teller', 'teller'], ['currency', 'USD'], ['amount', '1.00']] }),
  'vault count': () => ({ positionals: [], options: [['currency', 'USD'], ['count', 'none']] }),
  'vault show': () => ({ positionals: [], options: [] }),
  'day show': () => ({ positionals: [], options: [] }),
  'day close': (ctx) => ({ positionals: [], options: [['date', ctx.day]] }),
  'dlq list': () => ({ positionals: [], options: [['subscription', 'alerts']] }),
  'dlq inspect': () => ({ positionals: ['no-such-dead-letter'], options: [] }),
  'dlq replay-all': () => ({ positionals: [], options: [['subscription', 'alerts']] }),
  'dlq replay': () => ({ positionals: ['no-such-dead-letter'], options: [] }),
  'dlq purge': () => ({ positionals: [], options: [['subscription', 'alerts'], ['yes', true]] }),
  'projection rebuild': () => ({ positionals: ['no-such-projection'], options: [] }),
  'subscriptions status': () => ({ positionals: [], options: [] }),
  metrics: () => ({ positionals: [], options: [] }),
  'import accounts': (ctx) => ({ positionals: [ctx.csvFile], options: [], protect: ['#0'] }),
  'alerts list': (ctx) => ({ positionals: [], options: [['all', true], ['account', ctx.accountId]] }),
  'alerts ack': () => ({ positionals: ['no-such-alert'], options: [['note', 'seen']] }),
  'snapshot create': (ctx) => ({ positionals: [], options: [['type', 'account'], ['id', ctx.accountId]] }),
  'snapshot list': () => ({ positionals: [], options: [['type', 'account']] }),
  'snapshot delete': (ctx) => ({ positionals: [], options: [['type', 'account'], ['id', ctx.accountId]] }),
  'sync join': { excluded: 'calls the gateway address it is given: hostile URLs would reach the network' },
  'sync configure': { excluded: 'stores a gateway address the next sync would call: hostile URLs would reach the network' },
  'sync status': () => ({ positionals: [], options: [] }),
  'sync now': () => ({ positionals: [], options: [] }),
  'sync exceptions': () => ({ positionals: [], options: [['all', true]] }),
  'sync resolve': () => ({ positionals: ['no-such-command'], options: [['resolution', 'retry'], ['note', 'fuzz']] }),
  'sync override': (ctx) => ({ positionals: [ctx.accountId], options: [['amount', '5.00'], ['reason', 'fuzz']] }),
  'sync verify': () => ({ positionals: [], options: [['check-only', true]] }),
  verify: () => ({ positionals: [], options: [] }),
  doctor: () => ({ positionals: [], options: [] }),
  backup: { excluded: 'opens its copy of the data dir as a second ledger in this process (indexeddbshim allows one); run in real processes by test/integration/safety/backup.test.ts' },
  restore: (ctx) => ({ positionals: [`${ctx.outFile}.no-such-backup`], options: [], protect: ['#0'] }),
  report: (ctx) => ({ positionals: ['trial-balance'], options: [['date', ctx.day], ['format', 'csv'], ['out', ctx.outFile]], protect: ['out'] }),
  'payments send': (ctx) => ({ positionals: [], options: [['account', ctx.accountId], ['amount', '5.00'], ['name', 'Bob'], ['beneficiary-account', 'DE89370400440532013000'], ['bank-code', 'COBADEFF'], ['memo', 'fuzz'], ['command-id', 'cf-pay-1']] }),
  'payments list': () => ({ positionals: [], options: [['limit', '5']] }),
  'payments status': () => ({ positionals: [], options: [] }),
  'payments configure': { excluded: 'stores a PayFlow address the next send would call: hostile URLs would reach the network' },
  'payments inbox': () => ({ positionals: [], options: [] }),
  'payments reconcile': (ctx) => ({ positionals: [], options: [['date', ctx.day]] }),
  'payments reconciliation': (ctx) => ({ positionals: [], options: [['date', ctx.day], ['status', 'open']] }),
  'payments resolve': () => ({ positionals: ['no-such-item'], options: [['note', 'fuzz']] }),
  'staff bootstrap': () => ({ positionals: [], options: [['username', 'second.admin'], ['display-name', 'Second Admin']] }),
  'staff add': () => ({ positionals: [], options: [['username', 'new.teller'], ['display-name', 'New Teller'], ['roles', 'teller']], env: { FIDELIS_NEW_PASSWORD: 'new teller password 1' } }),
  'staff list': () => ({ positionals: [], options: [] }),
  'staff disable': () => ({ positionals: ['nobody.here'], options: [['reason', 'fuzz']] }),
  'rates set': { excluded: 'its own CLI test records and corrects rates (test/integration/reports/reportCli.test.ts)' },
  'rates list': { excluded: 'its own CLI test lists recorded rates (test/integration/reports/reportCli.test.ts)' },
  'branch set': { excluded: 'its own CLI test sets the institution before a FinCEN export (test/integration/reports/reportCli.test.ts)' },
  'branch show': { excluded: 'its own CLI test reads the institution back (test/integration/reports/reportCli.test.ts)' },
  'staff roles': { excluded: 'changes a real person\'s roles; covered by the staff CLI and router tests' },
  'staff enable': { excluded: 'covered by the staff CLI and router tests' },
  'staff reset-password': { excluded: 'prompts for nothing but issues a one-time password; covered by the staff router tests' },
  // No FIDELIS_NEW_PASSWORD in the environment: every variant is refused before a password changes.
  'staff passwd': () => ({ positionals: [], options: [] }),
};

/** Options every run keeps as they are: the data dir (one per process) and whatever names a file to write. */
const ALWAYS_PROTECTED = new Set(['data-dir', 'out']);

type CliMutation =
  | { readonly kind: 'value'; readonly pick: number; readonly value: string }
  | { readonly kind: 'equals'; readonly pick: number; readonly value: string }
  | { readonly kind: 'noValue'; readonly pick: number }
  | { readonly kind: 'repeat'; readonly pick: number; readonly value: string }
  | { readonly kind: 'remove'; readonly pick: number }
  | { readonly kind: 'flag'; readonly flag: string; readonly value: string | undefined }
  | { readonly kind: 'positional'; readonly pick: number; readonly value: string }
  | { readonly kind: 'extraPositional'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string };

const cliMutation: fc.Arbitrary<CliMutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('value' as const), pick: fc.nat(), value: hostileArgValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('equals' as const), pick: fc.nat(), value: hostileArgValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('noValue' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat(), value: hostileArgValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flag' as const), flag: hostileFlag, value: fc.option(hostileArgValue, { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('positional' as const), pick: fc.nat(), value: hostileArgValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extraPositional' as const), value: hostileArgValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('word' as const), value: hostileArgValue }) },
);

/** The example's line with the mutations applied: `[...words, ...tail]`. Protected options and files never change. */
function mutatedLine(words: readonly string[], example: CliExample, mutations: readonly CliMutation[]): string[] {
  const protect = new Set([...ALWAYS_PROTECTED, ...(example.protect ?? [])]);
  const head = [...words];
  const positionals = [...example.positionals];
  const options: [string, string | true | undefined, boolean][] = example.options.map(([name, value]) => [name, value, false]);
  const mutable = () => options.map((o, i) => [o, i] as const).filter(([[name]]) => !protect.has(name));
  for (const m of mutations) {
    const candidates = mutable();
    const picked = candidates.length > 0 && 'pick' in m ? candidates[m.pick % candidates.length]![1] : -1;
    switch (m.kind) {
      case 'value':
        if (picked >= 0) options[picked]![1] = m.value;
        break;
      case 'equals':
        if (picked >= 0) options[picked] = [options[picked]![0], m.value, true];
        break;
      case 'noValue':
        if (picked >= 0) options[picked]![1] = undefined;
        break;
      case 'repeat':
        if (picked >= 0) options.push([options[picked]![0], m.value, false]);
        break;
      case 'remove':
        if (picked >= 0) options.splice(picked, 1);
        break;
      case 'flag': {
        const name = m.flag.replace(/^-+/, '').split('=')[0]!;
        // Marked raw (NUL never starts a real name): written exactly as generated, not as --name.
        if (!protect.has(name)) options.push([`\u0000${m.flag}`, m.value, false]);
        break;
      }
      case 'positional': {
        const slots = positionals.map((_, i) => i).filter((i) => !protect.has(`#${i}`));
        if (slots.length > 0) positionals[slots[m.pick % slots.length]!] = m.value;
        break;
      }
      case 'extraPositional':
        positionals.push(m.value);
        break;
      case 'word':
        head[head.length - 1] = m.value;
        break;
    }
  }
  const tail: string[] = [];
  for (const [name, value, equals] of options) {
    // A raw flag (from `flag`) is written as generated; a named option as --name.
    const flag = name.startsWith('\u0000') ? name.slice(1) : `--${name}`;
    if (value === undefined) tail.push(flag);
    else if (value === true) tail.push(flag);
    else if (equals) tail.push(`${flag}=${value}`);
    else tail.push(flag, value);
  }
  return [...head, ...positionals, ...tail];
}

let temp: TempDir;
let host: Host;
let ctx: CliContext;
let appended: EventEnvelope[] = [];
let watch: Subscription;

/** Runs one line in this process against the shared host; the CLI's close is a no-op, the host lives on. */
async function run(argv: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const shared = new Proxy(host, { get: (target, key, receiver) => (key === 'close' ? async () => undefined : Reflect.get(target, key, receiver)) });
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    openHost: async () => shared,
    // Signed in as a person with every role; over the dual-control amount the approver's password is there too.
    env: { FIDELIS_USER: 'all', FIDELIS_PASSWORD: STAFF_PASSWORD, FIDELIS_APPROVER_PASSWORD: STAFF_PASSWORD, ...extraEnv },
  };
  const code = await runCli([...argv, '--data-dir', temp.join('data')], io);
  return { code, stdout, stderr };
}

/** Runs a line and checks what every hostile line must get; returns the exit code. */
async function runAndCheck(argv: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<number> {
  await host.processing.settle();
  appended = [];
  const { code, stderr } = await run(argv, extraEnv);
  const shown = JSON.stringify(argv).slice(0, 200);
  if (![0, 2, 64].includes(code)) throw new Error(`exit ${code} for ${shown}: ${stderr.slice(0, 600)}`);
  if (code !== 0) {
    const lines = stderr.trimEnd().split('\n');
    if (stderr.trim() === '') throw new Error(`exit ${code} without a message for ${shown}`);
    if (/\n\s+at /.test(stderr)) throw new Error(`a stack trace for ${shown}: ${stderr.slice(0, 400)}`);
    // The message, and for a usage error the usage line after it.
    if (lines.length > 2 || (lines.length === 2 && !lines[1]!.startsWith('Usage: '))) throw new Error(`${lines.length} lines on stderr for ${shown}: ${stderr.slice(0, 400)}`);
    if (lines[0]!.length > 400) throw new Error(`a ${lines[0]!.length}-character message for ${shown}: ${lines[0]!.slice(0, 120)}…`);
    const stored = appended.filter((event) => !SIGN_IN_AUDIT.test(event.type));
    if (stored.length > 0) throw new Error(`exit ${code} but stored ${stored.map((e) => e.type).join(', ')} for ${shown}`);
  }
  if (!prototypeIsClean()) throw new Error(`Object.prototype polluted by ${shown}`);
  return code;
}

beforeAll(async () => {
  temp = makeTempDir('fidelis-fuzz-cli-');
  mkdirSync(temp.join('exports'));
  const csvFile = temp.join('accounts.csv');
  writeFileSync(csvFile, 'number,holder,currency,opening balance,opened on\nCSV-1,Ada Lovelace,USD,25.00,2015-02-03\n');
  host = await createHost({ dataDir: temp.join('data'), settings: { processingMaxRetries: 1, processingRetryBaseMs: 1, ...TEST_STAFF_SETTINGS } });
  await seedTestStaff(host, ['all']);
  const open = async (number: string) => (await host.execute({ type: 'OpenAccount', accountId: crypto.randomUUID(), number, holder: `Ada ${number}`, currency: 'USD', openingDeposit: '500.00' })).aggregateId;
  ctx = { accountId: await open('CF-A'), otherAccountId: await open('CF-B'), day: new Date().toISOString().slice(0, 10), csvFile, outFile: temp.join('exports', 'report.csv') };
  watch = host.store.appended$.subscribe((events) => appended.push(...events));
  await host.processing.settle();
}, 120_000);

afterAll(async () => {
  watch?.unsubscribe();
  await host?.close();
  temp?.remove();
});

describe('hostile CLI arguments', () => {
  it('has a hand-written valid line (or a reason to leave it out) for every CLI command, and each valid line exits 0 or 2', async () => {
    const missing = COMMANDS.map((c) => c.words.join(' ')).filter((name) => CLI_EXAMPLES[name] === undefined);
    expect(missing, 'add a valid line to CLI_EXAMPLES in test/integration/accounts/fuzz.cli.test.ts').toEqual([]);
    for (const command of COMMANDS) {
      const example = CLI_EXAMPLES[command.words.join(' ')]!;
      if ('excluded' in example) continue;
      const valid = example(ctx);
      const line = mutatedLine(command.words, valid, []);
      const { code, stderr } = await run(line, valid.env);
      // 2 is fine for a valid line that names nothing real (no-such-alert): usage errors would mean the example is wrong.
      expect([0, 2], `${line.join(' ')}: ${stderr}`).toContain(code);
      // Refused for what it names, not for who runs it: the fuzz reaches argument validation as a signed-in person.
      // (Bootstrap is refused once staff exist; passwd without a new password: both by design.)
      if (!['staff bootstrap', 'staff passwd'].includes(command.words.join(' '))) expect(stderr, line.join(' ')).not.toMatch(/no staff yet|Say who you are|sign in|password/i);
    }
  });

  for (const command of COMMANDS) {
    const name = command.words.join(' ');
    const example = CLI_EXAMPLES[name];
    if (example === undefined || 'excluded' in example) continue;
    it(`${name}: exits 0, 2 or 64 with a short message and no stack for every mutated line, storing nothing it refused`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(cliMutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          const valid = example(ctx);
          await runAndCheck(mutatedLine(command.words, valid, mutations), valid.env);
        }),
        { numRuns: RUNS_PER_COMMAND, timeout: 20_000 },
      );
    });
  }

  it('answers lines that are nothing but hostile words and flags with exit 64', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(hostileArgValue, hostileFlag), { minLength: 0, maxLength: 6 }), async (argv) => {
        const code = await runAndCheck(argv);
        // A line that happens to spell a real command (`metrics`) may run: exit 0.
        expect([0, 2, 64]).toContain(code);
      }),
      { numRuns: 60 },
    );
    for (const argv of [['--__proto__'], ['--constructor', 'x'], ['account', 'deposit', '--__proto__', 'x'], ['account', 'open', '--constructor'], ['__proto__'], ['constructor', 'prototype']]) {
      expect(await runAndCheck(argv), argv.join(' ')).toBe(64);
    }
    expect(prototypeIsClean()).toBe(true);
  });
});

describe('odd data dirs', () => {
  it('refuses a data dir that is a file, or lies under one, with exit 64 and one line, and opens a new ledger in a unicode path', async () => {
    const dirs = makeTempDir('fidelis-fuzz-dirs-');
    try {
      writeFileSync(dirs.join('a-file'), 'not a ledger');
      // Refused before any store opens: safe in this process, whose one data dir is taken.
      for (const dataDir of [dirs.join('a-file'), dirs.join('a-file', 'below'), dirs.join('a-file', 'x'.repeat(5000))]) {
        let stderr = '';
        const code = await runCli(['account', 'show', 'nope', '--data-dir', dataDir], { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
        expect(code, stderr).toBe(64);
        expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
        expect(stderr).toMatch(/--data-dir .* (is not a folder|cannot be used)/);
      }
      // A strange but possible path is a new, empty ledger: that takes a process of its own.
      const strange = await spawnCli(['account', 'show', 'nope', '--data-dir', dirs.join('\u202Eledger \u{1F600}\nnew')]);
      expect(strange.code, strange.stderr).toBe(2);
      // The new ledger has no staff (or nothing to show): a refusal, on its last line.
      expect(strange.stderr.trimEnd().split('\n').at(-1)).toMatch(/no staff yet|No account nope/);
    } finally {
      dirs.remove();
    }
  });
});
