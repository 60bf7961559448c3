/**
 * SQLite's own check of the files a store keeps (PRAGMA quick_check, read-only), before anything opens them: a damaged
 * header, a truncated file or a broken page is named here, with what to do, instead of surfacing later as a library's
 * stack trace or as a ledger that looks empty.
 */

import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { DomainError } from '@fidelis/shared/errors.js';
import { isPlainSqliteFile, openSqlite, type DataKey } from '../store/sqliteCipher.js';

export interface FileCheck {
  readonly file: string;
  readonly ok: boolean;
  /** SQLite's first findings (at most a few), or the error that stopped it from reading the file. */
  readonly problems: readonly string[];
}

/** Findings kept per file: the first tell what is wrong; a file with thousands of broken pages needs no more. */
const MAX_FINDINGS = 5;

export const SHORT_WHAT_TO_DO = 'Restore a backup, or pull the ledger again from the gateway; fidelis doctor and the Operations screen have the details.';

export const WHAT_TO_DO = 'Restore the last backup (fidelis restore FILE --data-dir NEW_DIR), or pull the ledger again from the gateway into a new data dir; nothing was changed or deleted.';

/** `key` opens an encrypted file (one that is plain is checked as such). */
export function checkSqliteFile(file: string, key?: DataKey): FileCheck {
  let db: Database.Database | undefined;
  try {
    db = openSqlite(file, key && !isPlainSqliteFile(file) ? key : undefined, { readonly: true, fileMustExist: true });
    const rows = db.pragma(`quick_check(${MAX_FINDINGS})`) as { quick_check: string }[];
    const findings = rows.map((row) => row.quick_check);
    return findings.length === 1 && findings[0] === 'ok' ? { file, ok: true, problems: [] } : { file, ok: false, problems: findings };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { file, ok: false, problems: [code ? `${code}: ${message}` : message] };
  } finally {
    db?.close();
  }
}

export const checkSqliteFiles = (files: readonly string[], key?: DataKey): FileCheck[] => files.map((file) => checkSqliteFile(file, key));

/** Throws LEDGER_DAMAGED naming the first damaged file, with what SQLite found and what to do. */
export function refuseDamagedFiles(checks: readonly FileCheck[]): void {
  const damaged = checks.filter((check) => !check.ok);
  if (damaged.length === 0) return;
  const first = damaged[0]!;
  const others = damaged.length > 1 ? ` (and ${damaged.length - 1} more file(s))` : '';
  throw new DomainError('LEDGER_DAMAGED', `The ledger file ${basename(first.file)}${others} is damaged (${first.problems[0]}); nothing was changed. ${SHORT_WHAT_TO_DO}`, 'dataDir');
}
