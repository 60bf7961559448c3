/**
 * Issue 19, item 1: one writer per data dir, for sure. Processes racing for a dir with a stale lock left behind get
 * exactly one winner every time, and a holder killed with SIGKILL frees the dir at once (the kernel drops its lock).
 */

import { type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_DB_FILE, LOCK_PID_FILE, dataDirHolder, lockDataDir } from '../../../main/store/dataDirLock.js';
import { deadPid, exitOf, spawnScript, stdoutLines } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const TRIALS = 100;
const CONTENDERS = 4;
/** Far enough ahead that every contender has started and waits for the same instant. */
const START_DELAY_MS = 250;

let dirs: TempDir[] = [];
afterEach(() => {
  for (const dir of dirs) dir.remove();
  dirs = [];
});

const firstLine = async (child: ChildProcess): Promise<string> => {
  for await (const line of stdoutLines(child)) return line;
  throw new Error('The contender printed nothing.');
};

/** A dir whose last owner died: its pid hint names a dead process, and the lock file is there. */
async function staleDir(pid: number): Promise<TempDir> {
  const dir = makeTempDir('fidelis-lock-race-');
  dirs.push(dir);
  writeFileSync(dir.join(LOCK_PID_FILE), String(pid));
  lockDataDir(dir.path).release();
  writeFileSync(dir.join(LOCK_PID_FILE), String(pid));
  return dir;
}

describe('processes starting at the same instant on a data dir with a stale lock', { timeout: 600_000 }, () => {
  it(`give exactly one writer, in each of ${TRIALS} trials of ${CONTENDERS} processes`, async () => {
    const dead = await deadPid();
    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = await staleDir(dead);
      const startAt = Date.now() + START_DELAY_MS;
      const children = Array.from({ length: CONTENDERS }, () => spawnScript('lockRaceChild.ts', [dir.path, String(startAt)]));
      const lines = await Promise.all(children.map(firstLine));
      const winners = lines.filter((line) => line.startsWith('won '));
      const losers = lines.filter((line) => line === 'lost DATA_DIR_LOCKED');
      outcomes.push(`${winners.length} won, ${losers.length} refused`);
      for (const child of children) child.stdin?.end();
      await Promise.all(children.map(exitOf));
      dir.remove();
    }
    expect(outcomes).toEqual(Array.from({ length: TRIALS }, () => `1 won, ${CONTENDERS - 1} refused`));
  });
});

describe('a holder killed with SIGKILL', { timeout: 60_000 }, () => {
  it('frees the dir: the next process takes it at once, though the pid hint still names the dead holder', async () => {
    const dir = makeTempDir('fidelis-lock-kill-');
    dirs.push(dir);
    const holder = spawnScript('lockRaceChild.ts', [dir.path, String(Date.now())]);
    const line = await firstLine(holder);
    expect(line).toMatch(/^won \d+$/);
    expect(dataDirHolder(dir.path)).toEqual({ pid: holder.pid });
    expect(() => lockDataDir(dir.path)).toThrow(expect.objectContaining({ code: 'DATA_DIR_LOCKED', message: expect.stringContaining(`pid ${holder.pid}`) }));

    holder.kill('SIGKILL');
    expect(await exitOf(holder)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(dataDirHolder(dir.path)).toBeUndefined();
    const lock = lockDataDir(dir.path);
    lock.release();
  });

  it('never deletes the lock file itself, so no two processes can each lock a file of their own', async () => {
    const dir = makeTempDir('fidelis-lock-file-');
    dirs.push(dir);
    const lock = lockDataDir(dir.path);
    lock.release();
    expect(existsSync(dir.join(LOCK_DB_FILE))).toBe(true);
    expect(existsSync(dir.join(LOCK_PID_FILE))).toBe(false);
  });
});
