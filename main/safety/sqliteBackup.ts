/**
 * SQLite's online backup of one file (sqlite3_backup over a read-only connection): a consistent copy while the file is
 * being written, WAL included. A file can be pinned first — a read transaction opened at a chosen moment — so the copy
 * holds exactly what was committed then, however long the copy takes.
 */

import Database from 'better-sqlite3';

/** Pages copied per step: between steps the writer goes on, so a large file never stalls it. */
const PAGES_PER_STEP = 256;

export interface PinnedFile {
  /** Copies the file as it was when pinned. */
  copyTo(destination: string): Promise<void>;
  release(): void;
}

/** Opens a read transaction on the file now: what is committed at this moment is what `copyTo` copies. */
export function pinSqliteFile(source: string): PinnedFile {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.exec('BEGIN');
    // A read transaction takes its snapshot at its first read, not at BEGIN.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    async copyTo(destination) {
      // The backup runs inside the open transaction, on its snapshot (sqlite3_backup reuses a source's transaction).
      await db.backup(destination, { progress: () => PAGES_PER_STEP });
    },
    release() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

export async function backupSqliteFile(source: string, destination: string): Promise<void> {
  const pinned = pinSqliteFile(source);
  try {
    await pinned.copyTo(destination);
  } finally {
    pinned.release();
  }
}
