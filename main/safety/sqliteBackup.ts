/**
 * A consistent copy of one SQLite file while it is being written, WAL included. A file can be pinned first — a read
 * transaction opened at a chosen moment — so the copy holds exactly what was committed then, however long it takes.
 * A plain file is copied with SQLite's online backup (sqlite3_backup); an encrypted one, which that API cannot write
 * to a keyed file, is copied table by table into a file attached with the same key, inside the pinned transaction.
 */

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openSqlite, type DataKey } from '../store/sqliteCipher.js';

/** Pages (plain) or rows (encrypted) copied per step: between steps the writer goes on, so a large file never stalls it. */
const PAGES_PER_STEP = 256;
const ROWS_PER_STEP = 2_000;

export interface PinnedFile {
  /** Copies the file as it was when pinned. */
  copy(): Promise<void>;
  release(): void;
}

/** Opens a read transaction on the file now: what is committed at this moment is what `copy` writes to `destination`. */
export function pinSqliteFile(source: string, destination: string, key?: DataKey): PinnedFile {
  // Encrypted: read-write and allowed to create, as ATTACH opens the copy with the source's flags (nothing is written
  // to the source, which must exist).
  if (key && !existsSync(source)) throw new Error(`unable to open database file: ${source} does not exist`);
  const db = key ? openSqlite(source, key) : new Database(source, { readonly: true, fileMustExist: true });
  try {
    // ATTACH cannot run inside a transaction: the keyed copy is attached before the pin.
    // The key as a blob: the same bytes `hexkey` hands over, under the cipher settings of this connection.
    if (key) db.prepare(`ATTACH DATABASE ? AS copy KEY ?`).run(destination, key.bytes);
    db.exec('BEGIN');
    // A read transaction takes its snapshot at its first read, not at BEGIN.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    async copy() {
      // The backup runs inside the open transaction, on its snapshot (sqlite3_backup reuses a source's transaction).
      if (key) await copyTables(db);
      else await db.backup(destination, { progress: () => PAGES_PER_STEP });
    },
    release() {
      if (db.inTransaction) db.exec(key ? 'ROLLBACK' : 'COMMIT');
      db.close();
    },
  };
}

export async function backupSqliteFile(source: string, destination: string, key?: DataKey): Promise<void> {
  const pinned = pinSqliteFile(source, destination, key);
  try {
    await pinned.copy();
  } finally {
    pinned.release();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Schema, rows (in steps, yielding between them), indexes, then the file's own numbers; committed as one. */
async function copyTables(db: Database.Database): Promise<void> {
  const schema = db.prepare(`SELECT type, name, sql FROM main.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid`).all() as { type: string; name: string; sql: string }[];
  const other = schema.find((entry) => entry.type !== 'table' && entry.type !== 'index');
  if (other) throw new Error(`The copy of an encrypted file handles tables and indexes only, not the ${other.type} ${other.name}.`);
  // sqlite_master keeps each statement normalised ("CREATE TABLE name", "CREATE [UNIQUE] INDEX name"): qualified here.
  for (const table of schema.filter((entry) => entry.type === 'table')) db.exec(table.sql.replace(/^CREATE TABLE /, 'CREATE TABLE copy.'));
  for (const table of schema.filter((entry) => entry.type === 'table')) await copyRows(db, table.name, /WITHOUT ROWID\s*$/i.test(table.sql));
  for (const index of schema.filter((entry) => entry.type === 'index')) db.exec(index.sql.replace(/^CREATE (UNIQUE )?INDEX /i, (_, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX copy.`));
  if (db.prepare(`SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'`).get()) db.exec('DELETE FROM copy.sqlite_sequence; INSERT INTO copy.sqlite_sequence SELECT * FROM main.sqlite_sequence');
  for (const number of ['user_version', 'application_id']) db.pragma(`copy.${number} = ${Number(db.pragma(`main.${number}`, { simple: true }))}`);
  db.exec('COMMIT');
}

async function copyRows(db: Database.Database, table: string, withoutRowid: boolean): Promise<void> {
  const name = quoted(table);
  if (withoutRowid) {
    db.exec(`INSERT INTO copy.${name} SELECT * FROM main.${name}`);
    return;
  }
  const chunkEnd = db.prepare(`SELECT rowid FROM main.${name} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ${ROWS_PER_STEP - 1}`).pluck();
  const insert = db.prepare(`INSERT INTO copy.${name} SELECT * FROM main.${name} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`);
  for (let after: number | bigint = Number.MIN_SAFE_INTEGER; ; ) {
    const end = chunkEnd.get(after) as number | bigint | undefined;
    insert.run(after, end ?? Number.MAX_SAFE_INTEGER);
    if (end === undefined) return;
    after = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
