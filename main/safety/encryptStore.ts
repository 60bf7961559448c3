/**
 * Moves a plain data dir to encryption at rest, once, at open (the dir locked): its SQLite file (with its WAL) copied
 * into backups/plain-<time>/ first, a copy made with SQLite's online backup and encrypted in place (rekey), checked
 * (quick check, every table's row count against the plain file), and only then put in the plain file's place.
 * A crash at any point leaves either the plain file, whole, or the encrypted one.
 */

import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '@fidelis/shared/errors.js';
import type { Progress } from '../store/formatVersion.js';
import { applyKey, openSqlite, type DataKey } from '../store/sqliteCipher.js';
import { SQLITE_FILE_NAME } from '../store/sqliteIndexedDb/engine.js';

const STAGING = 'encryption.tmp';
const LABEL = 'Encrypting the ledger';

/** Encrypts the dir's SQLite engine file with `key`; returns the backup folder holding the plain file. */
export async function encryptPlainStore(dataDir: string, key: DataKey, now: Date, progress: Progress): Promise<string> {
  const file = join(dataDir, SQLITE_FILE_NAME);
  const companions = [file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path));
  const backup = join(dataDir, 'backups', `plain-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(backup, { recursive: true });
  // Nothing has the file open (the dir is locked and the engine not started): a file copy is consistent.
  for (const path of companions) copyFileSync(path, join(backup, basename(path)));
  const staging = join(dataDir, STAGING);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  const staged = join(staging, SQLITE_FILE_NAME);
  const plain = new Database(file, { fileMustExist: true });
  try {
    await plain.backup(staged, { progress: ({ totalPages, remainingPages }) => (progress(totalPages - remainingPages, totalPages, LABEL), 256) });
    const expected = rowCounts(plain);
    encryptInPlace(staged, key);
    const found = checkEncrypted(staged, key);
    const short = Object.entries(expected).find(([table, count]) => found[table] !== count);
    if (short) {
      throw new DomainError('MIGRATION_FAILED', `Encrypting the ledger copied ${found[short[0]] ?? 0} of ${short[1]} rows of ${short[0]}; the data dir was left as it was.`, 'dataDir');
    }
    // The WAL folded into the plain file: with no WAL beside it, the encrypted file can take its place.
    plain.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    plain.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  renameSync(staged, file);
  rmSync(staging, { recursive: true, force: true });
  return backup;
}

/** Rekeying needs a rollback journal: the copy leaves WAL for it and goes back to WAL once encrypted. */
function encryptInPlace(path: string, key: DataKey): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    applyKey(db, key, 'hexrekey');
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

function checkEncrypted(path: string, key: DataKey): Record<string, number> {
  const db = openSqlite(path, key, { fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DomainError('MIGRATION_FAILED', `The encrypted copy of the ledger fails SQLite's check (${String(check)}); the data dir was left as it was.`, 'dataDir');
    return rowCounts(db);
  } finally {
    db.close();
  }
}

function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get() as number]));
}
