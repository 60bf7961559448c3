/**
 * Child processes for tests: the `fidelis` CLI and the test children (test/support/*Child.ts), run from the bundles
 * that test/support/buildForTests.ts builds at the start of each run, with their output read line by line.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { STAFF_PASSWORD } from './staffFixtures.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'fidelis.js');
/** Where test/support/buildForTests.ts puts the bundled test children. */
const TEST_CHILDREN = join(REPO_ROOT, 'out', 'node-test');

/** The bundle of a test child, by its source name (`hostChild.ts`). */
function testChild(script: string): string {
  const bundle = join(TEST_CHILDREN, script.replace(/\.ts$/, '.js'));
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: the test children are bundled by the global set-up (test/support/buildForTests.ts).`);
  return bundle;
}

/** Who the CLI runs as in tests: `all` holds every role (tests of roles themselves name their users). */
export const CLI_STAFF_ENV = { FIDELIS_USER: 'all', FIDELIS_PASSWORD: STAFF_PASSWORD } as const;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as one JSON document, when it is one. */
  readonly json: unknown;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Runs the `fidelis` CLI to the end as the test user `all` (FIDELIS_USER / FIDELIS_PASSWORD; `env` may name someone
 * else), on a ledger given the test staff on first use (each run costs about a second: keep them few).
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  // The CLI in a child that first gives a new ledger the test staff (test/support/cliWithStaffChild.ts).
  return runChild([testChild('cliWithStaffChild.ts'), ...args], { ...CLI_STAFF_ENV, ...env });
}

/** Runs `node bin/fidelis.js …` exactly as a person would: no staff seeded, no user named unless `env` names one. */
export function runFidelisBin(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runChild([CLI, ...args], env);
}

async function runChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const inherited = { ...process.env };
  // A developer's own FIDELIS_* must not leak into a test's run; FIDELIS_IDB (which IndexedDB engine) is the run's choice.
  for (const key of Object.keys(inherited)) if (key.startsWith('FIDELIS_') && key !== 'FIDELIS_IDB') delete inherited[key];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr, json: parseJson(stdout.trim()) };
}

/** Starts a test child (`hostChild.ts`, from its bundle), stdout piped for reading. */
export function spawnScript(script: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [testChild(script), ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Every stdout line of a child, as it comes. */
export function stdoutLines(child: ChildProcess): AsyncIterable<string> {
  if (!child.stdout) throw new Error('The child has no piped stdout.');
  return createInterface({ input: child.stdout, crlfDelay: Infinity });
}

/** Collects stderr, for the message of a failing assertion. */
export function captureStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return () => text;
}

export async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

/** A pid that belonged to a process which has exited: what a crashed owner leaves in a lock file. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await exitOf(child);
  return child.pid!;
}
