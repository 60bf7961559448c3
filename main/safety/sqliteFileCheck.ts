/**
 * SQLite's own checks of the files a store keeps, read-only. At open, a bounded look (the header, the schema and both
 * ends of every table and index): a damaged header, a truncated file or broken b-tree pages are named there, with what
 * to do, instead of surfacing later as a library's stack trace or as a ledger that looks empty. The whole file
 * (PRAGMA quick_check, which grows with the ledger) is checked by doctor, and in a worker thread once the host runs.
 */

import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { DomainError } from '@fidelis/shared/errors.js';
import { isPlainSqliteFile, keyPragmas, openSqlite, type DataKey } from '../store/sqliteCipher.js';

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

const keyOf = (file: string, key: DataKey | undefined) => (key && !isPlainSqliteFile(file) ? key : undefined);

const failed = (file: string, error: unknown): FileCheck => {
  const { code, message } = error as { code?: string; message: string };
  return { file, ok: false, problems: [code ? `${code}: ${message}` : message] };
};

const findingsOf = (file: string, findings: readonly string[]): FileCheck =>
  findings.length === 1 && findings[0] === 'ok' ? { file, ok: true, problems: [] } : { file, ok: false, problems: findings };

/** SQLite's quick check of the whole file: every page read. `key` opens an encrypted file (a plain one is checked as such). */
export function checkSqliteFile(file: string, key?: DataKey): FileCheck {
  let db: Database.Database | undefined;
  try {
    db = openSqlite(file, keyOf(file, key), { readonly: true, fileMustExist: true });
    return findingsOf(file, (db.pragma(`quick_check(${MAX_FINDINGS})`) as { quick_check: string }[]).map((row) => row.quick_check));
  } catch (error) {
    return failed(file, error);
  } finally {
    db?.close();
  }
}

export const checkSqliteFiles = (files: readonly string[], key?: DataKey): FileCheck[] => files.map((file) => checkSqliteFile(file, key));

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The look at open, a few pages per table and index whatever the file's size: the header (a file that is not a
 * database, or shorter than its header says, is refused by SQLite as it opens), the schema, and the first and last
 * entry of every table and index (the pages from each b-tree's root to both ends). An encrypted page that was changed
 * fails its authentication tag wherever it is read later, too.
 */
export function checkSqliteFileEdges(file: string, key?: DataKey): FileCheck {
  let db: Database.Database | undefined;
  try {
    db = openSqlite(file, keyOf(file, key), { readonly: true, fileMustExist: true });
    const tables = db.pragma('table_list') as { schema: string; name: string; type: string; wr: number }[];
    for (const table of tables) {
      if (table.schema !== 'main' || table.type !== 'table') continue;
      if (table.wr) db.prepare(`SELECT 1 FROM ${quoted(table.name)} LIMIT 1`).get();
      else for (const direction of ['ASC', 'DESC']) db.prepare(`SELECT rowid FROM ${quoted(table.name)} ORDER BY rowid ${direction} LIMIT 1`).get();
      for (const { name } of db.pragma(`index_list(${quoted(table.name)})`) as { name: string }[]) {
        const columns = (db.pragma(`index_info(${quoted(name)})`) as { name: string | null }[]).map((column) => column.name);
        // An index on expressions has no column to order by: quick_check covers it.
        if (columns.length === 0 || columns.some((column) => column === null)) continue;
        for (const direction of ['ASC', 'DESC']) {
          const by = columns.map((column) => `${quoted(column!)} ${direction}`).join(', ');
          db.prepare(`SELECT ${columns.map((column) => quoted(column!)).join(', ')} FROM ${quoted(table.name)} ORDER BY ${by} LIMIT 1`).get();
        }
      }
    }
    return { file, ok: true, problems: [] };
  } catch (error) {
    return failed(file, error);
  } finally {
    db?.close();
  }
}

export const checkSqliteFilesEdges = (files: readonly string[], key?: DataKey): FileCheck[] => files.map((file) => checkSqliteFileEdges(file, key));

/**
 * The worker's body (CommonJS, run from this text so no separate bundle entry is needed): each file opened read-only,
 * keyed with the given pragmas, quick-checked; its findings or the error's code and message posted back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
parentPort.postMessage(workerData.files.map(({ file, pragmas }) => {
  let db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    for (const pragma of pragmas) db.pragma(pragma);
    return { file, findings: db.pragma('quick_check(' + workerData.max + ')').map((row) => row.quick_check) };
  } catch (error) {
    return { file, error: { code: error.code, message: error.message } };
  } finally {
    if (db) db.close();
  }
}));
`;

type WorkerAnswer = { file: string; findings: string[] } | { file: string; error: { code?: string; message: string } };

export interface BackgroundFileCheck {
  /** The checks of every file, once the worker has read them all. */
  readonly done: Promise<FileCheck[]>;
  /** Stops the worker (the host closes); `done` then rejects. */
  stop(): Promise<void>;
}

/** The whole files' quick check in a worker thread: at a million events it reads for seconds, off the main thread. */
export function checkSqliteFilesInBackground(files: readonly string[], key?: DataKey): BackgroundFileCheck {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
      max: MAX_FINDINGS,
      files: files.map((file) => {
        const fileKey = keyOf(file, key);
        return { file, pragmas: fileKey ? keyPragmas(fileKey) : [] };
      }),
    },
  });
  // The worker holds no state worth waiting for: a process ending does not wait for it.
  worker.unref();
  const done = new Promise<FileCheck[]>((resolve, reject) => {
    worker.once('message', (answers: WorkerAnswer[]) => resolve(answers.map((answer) => ('error' in answer ? failed(answer.file, answer.error) : findingsOf(answer.file, answer.findings)))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The file check stopped (exit ${code}) before it finished.`)));
  });
  return {
    done,
    async stop() {
      await worker.terminate();
    },
  };
}

/** Throws LEDGER_DAMAGED naming the first damaged file, with what SQLite found and what to do. */
export function refuseDamagedFiles(checks: readonly FileCheck[]): void {
  const damaged = checks.filter((check) => !check.ok);
  if (damaged.length === 0) return;
  const first = damaged[0]!;
  const others = damaged.length > 1 ? ` (and ${damaged.length - 1} more file(s))` : '';
  throw new DomainError('LEDGER_DAMAGED', `The ledger file ${basename(first.file)}${others} is damaged (${first.problems[0]}); nothing was changed. ${SHORT_WHAT_TO_DO}`, 'dataDir');
}
