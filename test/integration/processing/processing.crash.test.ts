/** On disk: a SIGKILL while subscribers catch up loses nothing and does nothing twice (at least once + idempotent handlers). */

import { afterEach, describe, expect, it } from 'vitest';
import { captureStderr, exitOf, spawnScript, stdoutLines } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

/** The projections the reopened host starts last catch up with these accounts' events one per batch: the kill lands inside. */
const ACCOUNTS = 12;

async function run(mode: string, path: string): Promise<{ lines: unknown[]; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawnScript('processingCrashChild.ts', [mode, path, String(ACCOUNTS)]);
  const stderr = captureStderr(child);
  const lines: unknown[] = [];
  for await (const line of stdoutLines(child)) if (line.startsWith('{')) lines.push(JSON.parse(line));
  const { signal } = await exitOf(child);
  return { lines, signal, stderr: stderr() };
}

describe('crash during catch-up', () => {
  // Three hosts open on disk one after another, each with every subscriber: minutes on a loaded 2-core machine.
  it('resumes from the checkpoints after SIGKILLs without losing an event or applying one twice', async () => {
    dir = makeTempDir('fidelis-processing-crash-');
    const written = await run('write', dir.path);
    expect(written.signal, written.stderr).toBe('SIGKILL');
    expect(written.lines[0]).toMatchObject({ written: expect.any(Number) });

    const catchup = await run('catchup', dir.path);
    expect((catchup.lines[0] as { behind: number }).behind, 'some subscriber is still behind when the host reopens').toBeGreaterThan(0);
    expect(catchup.signal, catchup.stderr).toBe('SIGKILL');

    const verify = await run('verify', dir.path);
    expect(verify.lines, verify.stderr).toHaveLength(1);
    const result = verify.lines[0] as Record<string, unknown>;
    expect(result).toMatchObject({
      accountEvents: Array(ACCOUNTS).fill(5),
      // One fact per save, never two for the same save.
      facts: Array(ACCOUNTS).fill(5),
      summaries: Array(ACCOUNTS).fill('13300.00'),
      views: Array(ACCOUNTS).fill('13300.00'),
      alerts: ACCOUNTS,
      notifications: ACCOUNTS,
      // Deposits counted once each, though batches were delivered again after the kills.
      dashboardDeposits: 4 * ACCOUNTS,
      journalEntries: 5 * ACCOUNTS,
      feed: 5 * ACCOUNTS,
      trialBalanced: true,
      deadLetters: 0,
      lag: 0,
    });
  }, 300_000);
});
