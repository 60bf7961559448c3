/** One process per data dir: a lock file holding the owner's pid, taken over only when that process is gone. */

import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'fidelis.lock';

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => unlinkSync(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (isAlive(owner)) {
        throw new DomainError('DATA_DIR_LOCKED', `The data dir ${dataDir} is in use by another Fidelis process (pid ${owner}). Close it first.`, 'dataDir');
      }
      // The owner died without cleaning up (crash, kill -9): its lock means nothing now.
      unlinkSync(path);
    }
  }
  throw new DomainError('DATA_DIR_LOCKED', `Could not lock the data dir ${dataDir}: another process keeps taking it.`, 'dataDir');
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
