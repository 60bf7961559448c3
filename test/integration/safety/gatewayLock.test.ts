/**
 * Issue 19, item 1, at the gateway: one gateway per embedded database folder. A second gateway on a folder in use is
 * refused with one line naming the first; a gateway killed with SIGKILL leaves the folder free at once.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureStderr, exitOf, REPO_ROOT, stdoutLines } from '../../support/processes.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-gateway-lock-');
const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(started.map(exitOf));
  dir.remove();
});

function gateway(): ChildProcess {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [join(REPO_ROOT, 'out', 'node', 'gateway.js'), '--data-dir', dir.path, '--port', '0'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return child;
}

async function listening(child: ChildProcess): Promise<string> {
  const errors = captureStderr(child);
  for await (const line of stdoutLines(child)) if (line.startsWith('{')) return (JSON.parse(line) as { url: string }).url;
  throw new Error(`The gateway did not start: ${errors()}`);
}

describe('two gateways on one embedded database folder', { timeout: 120_000 }, () => {
  it('refuses the second on one line naming the first; SIGKILL of the first frees the folder', async () => {
    const first = gateway();
    await listening(first);

    const second = gateway();
    const secondErrors = captureStderr(second);
    expect(await exitOf(second)).toEqual({ code: 64, signal: null });
    expect(secondErrors()).toBe(`A gateway (pid ${first.pid}) already uses ${dir.path}; stop it first.\n`);

    first.kill('SIGKILL');
    await exitOf(first);
    const third = gateway();
    expect(await listening(third)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    third.kill('SIGTERM');
    expect(await exitOf(third)).toEqual({ code: 0, signal: null });
  });
});
