/**
 * A transfer survives a crash at every step (SCENARIOS 11). On an on-disk data dir, a host process is SIGKILLed
 * right after one step of the process manager; the next process reopens the data dir, resumes the transfer (taking
 * the earlier steps again, which must change nothing) and is killed right after the following step; and so on,
 * until a last process sees the transfer end. The end is the one an uninterrupted transfer reaches: one debit,
 * one credit (or one reversal), no money created or lost.
 */

import { afterAll, describe, expect, it } from 'vitest';
import type { TransferStep } from '../../../main/transfers/transferProcessManager.js';
import { captureStderr, exitOf, spawnScript, stdoutLines } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const dirs: TempDir[] = [];
afterAll(() => dirs.forEach((dir) => dir.remove()));

interface Outcome {
  transfer: { status: string; reversed: boolean; failureCode?: string };
  src: { balance: string; onHold: string };
  dst: { balance: string; onHold: string; status: string };
  srcEvents: string[];
  dstEvents: string[];
  deadLetters: number;
}

async function runHost(dir: TempDir, variant: string, stopAfter: TransferStep | 'end'): Promise<{ steps: string[]; outcome?: Outcome; signal: string | null; stderr: string }> {
  const child = spawnScript('transferCrashChild.ts', [dir.path, variant, stopAfter]);
  const stderr = captureStderr(child);
  const steps: string[] = [];
  let outcome: Outcome | undefined;
  for await (const line of stdoutLines(child)) {
    if (line.startsWith('step ')) steps.push(line.slice(5));
    if (line.startsWith('{')) outcome = JSON.parse(line) as Outcome;
  }
  const { signal } = await exitOf(child);
  return { steps, signal, stderr: stderr(), ...(outcome ? { outcome } : {}) };
}

/** Kills a host after each step in turn, each time in a new process on the same data dir, then lets one finish. */
async function crashAfterEach(variant: 'complete' | 'compensate', crashes: readonly TransferStep[]): Promise<Outcome> {
  const dir = makeTempDir('fidelis-transfer-crash-');
  dirs.push(dir);
  for (const step of crashes) {
    const run = await runHost(dir, variant, step);
    if (run.signal !== 'SIGKILL' || run.steps.at(-1) !== step) {
      throw new Error(`Expected a kill right after "${step}", got signal ${run.signal} after steps ${run.steps.join(', ')}:\n${run.stderr}`);
    }
  }
  const last = await runHost(dir, variant, 'end');
  if (!last.outcome) throw new Error(`The last host did not report the transfer's end:\n${last.stderr}`);
  return last.outcome;
}

describe.concurrent('a transfer interrupted by a crash at every step', () => {
  it('resumes after a kill after each of hold, hold recorded, withdraw, debit recorded, deposit: A 7,000, B 8,000, COMPLETED', { timeout: 600_000 }, async () => {
    const outcome = await crashAfterEach('complete', ['hold', 'hold-recorded', 'withdraw', 'debit-recorded', 'deposit']);
    expect(outcome.transfer).toMatchObject({ status: 'COMPLETED', reversed: false });
    expect(outcome.src).toMatchObject({ balance: '7000.00', onHold: '0.00' });
    expect(outcome.dst).toMatchObject({ balance: '8000.00' });
    // Exactly one hold, one debit and one credit, however often the steps were taken again.
    expect(outcome.srcEvents).toEqual(['AccountOpened', 'HoldPlaced', 'HoldReleased', 'WithdrawalMade transfer:tr-1']);
    expect(outcome.dstEvents).toEqual(['AccountOpened', 'DepositMade transfer:tr-1']);
    expect(outcome.deadLetters).toBe(0);
  });

  it('resumes after a kill after the refused credit is recorded and after the reversal: A back to 10,000, FAILED', { timeout: 600_000 }, async () => {
    const outcome = await crashAfterEach('compensate', ['credit-refused', 'reverse']);
    expect(outcome.transfer).toMatchObject({ status: 'FAILED', reversed: true, failureCode: 'ACCOUNT_CLOSED' });
    expect(outcome.src).toMatchObject({ balance: '10000.00', onHold: '0.00' });
    expect(outcome.dst).toMatchObject({ balance: '0.00', status: 'CLOSED' });
    expect(outcome.srcEvents).toEqual(['AccountOpened', 'HoldPlaced', 'HoldReleased', 'WithdrawalMade transfer:tr-1', 'DepositMade transfer:tr-1:reversal']);
    expect(outcome.deadLetters).toBe(0);
  });
});
