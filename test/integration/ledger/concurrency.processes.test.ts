/** One process per data dir: a second one is refused with DATA_DIR_LOCKED; a lock whose owner died is taken over. */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../main/store/dataDirLock.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { captureStderr, deadPid, exitOf, runCli, spawnScript, stdoutLines } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

let dir: TempDir;

afterEach(() => dir?.remove());

function lockRefusal(path: string): DomainError {
  try {
    lockDataDir(path).release();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('Expected the data dir to be locked');
}

describe('two processes on one data dir', { timeout: 120_000 }, () => {
  it('refuses the second with DATA_DIR_LOCKED naming the owner, and frees the dir when the first closes', async () => {
    dir = makeTempDir();
    const holder = spawnScript('hostChild.ts', ['hold', dir.path]);
    const holderErrors = captureStderr(holder);
    let ready: { pid: number } | undefined;
    for await (const line of stdoutLines(holder)) {
      if (line.startsWith('{')) {
        ready = JSON.parse(line) as { pid: number };
        break;
      }
    }
    if (!ready) throw new Error(`The holder never opened the data dir: ${holderErrors()}`);

    try {
      const cli = await runCli(['account', 'open', '--number', 'L-1', '--holder', 'Second Process', '--data-dir', dir.path, '--json']);
      expect(cli.code).toBe(2);
      expect(cli.json).toEqual({ error: { code: 'DATA_DIR_LOCKED', field: 'dataDir', message: expect.stringContaining(`pid ${ready.pid}`) } });
      expect(readFileSync(dir.join('fidelis.lock'), 'utf8')).toBe(String(ready.pid));

      expect(lockRefusal(dir.path)).toMatchObject({ code: 'DATA_DIR_LOCKED', field: 'dataDir' });
    } finally {
      holder.stdin?.end();
    }
    expect(await exitOf(holder)).toEqual({ code: 0, signal: null });
    expect(existsSync(dir.join('fidelis.lock'))).toBe(false);
    const lock = lockDataDir(dir.path);
    lock.release();
  });
});

describe('a lock left behind', () => {
  it('is taken over when the process that wrote it is gone', async () => {
    dir = makeTempDir();
    writeFileSync(dir.join('fidelis.lock'), String(await deadPid()));
    const lock = lockDataDir(dir.path);
    expect(readFileSync(dir.join('fidelis.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(dir.join('fidelis.lock'))).toBe(false);
  });

  it('is taken over when it holds no pid at all (a crash while writing it)', () => {
    dir = makeTempDir();
    writeFileSync(dir.join('fidelis.lock'), '');
    lockDataDir(dir.path).release();
  });

  it('is respected while its owner lives, even in the same process', () => {
    dir = makeTempDir();
    const lock = lockDataDir(dir.path);
    try {
      expect(lockRefusal(dir.path).message).toContain(`pid ${process.pid}`);
    } finally {
      lock.release();
    }
  });
});
