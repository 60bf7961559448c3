/**
 * One process per data dir, for sure: an exclusive SQLite lock on `fidelis-lock.db` (an fcntl lock the kernel drops when
 * the process dies, however it dies), held for the life of the process; `fidelis.lock` holds the owner's pid only as
 * a hint for the refusal message.
 */

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '@fidelis/shared/errors.js';

export interface DataDirLock {
  release(): void;
}

/** The file whose lock is the lock. Never deleted: a process holding the old inode would otherwise share the dir. */
export const LOCK_DB_FILE = 'fidelis-lock.db';
/** The owner's pid, for the message a refused process prints. */
export const LOCK_PID_FILE = 'fidelis.lock';

/** Who holds the dir, as far as the pid hint says; undefined when nobody does. */
export interface LockHolder {
  readonly pid: number | undefined;
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lock = tryLock(dataDir);
  if (!lock) throw lockedError(dataDir, readPidHint(dataDir));
  const pidPath = join(dataDir, LOCK_PID_FILE);
  writeFileSync(pidPath, String(process.pid));
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // The hint goes first: the next owner can only write its own once the lock below is let go.
      rmSync(pidPath, { force: true });
      lock.close();
    },
  };
}

/** Whether another process (or another opening in this one) holds the dir; takes nothing. */
export function dataDirHolder(dataDir: string): LockHolder | undefined {
  const lock = tryLock(dataDir);
  if (lock) {
    lock.close();
    return undefined;
  }
  return { pid: readPidHint(dataDir) };
}

export function lockedError(dataDir: string, pid: number | undefined): DomainError {
  const owner = pid === undefined ? 'another Fidelis process' : `another Fidelis process (pid ${pid})`;
  return new DomainError('DATA_DIR_LOCKED', `The data dir ${dataDir} is in use by ${owner}. Close it first.`, 'dataDir');
}

/** The held connection, or undefined when another holds the lock. */
function tryLock(dataDir: string): Database.Database | undefined {
  // No busy wait: a process that loses the race is told at once.
  const db = new Database(join(dataDir, LOCK_DB_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Kept open for the life of the lock: the exclusive lock lasts as long as the transaction (and the connection).
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw error;
  }
}

function readPidHint(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_PID_FILE), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
