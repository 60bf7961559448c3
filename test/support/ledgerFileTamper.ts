/**
 * Direct access to the table holding RxDB's commit documents in a data dir's SQLite file, whichever IndexedDB engine
 * wrote it: what tamper and damage tests alter behind the ledger's back. Documents are JSON text in `value`.
 */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { keyOfEncryptedStore } from '../../main/safety/dataKey.js';
import { openSqlite } from '../../main/store/sqliteCipher.js';

export interface CommitsTable {
  readonly db: Database.Database;
  /** The table's name, to put in SQL. */
  readonly table: string;
  readonly file: string;
}

export function openCommitsTable(dataDir: string): CommitsTable {
  const engineFile = join(dataDir, 'indexeddb.sqlite');
  if (existsSync(engineFile)) {
    // The SQLite engine: one table per object store (`s<id>`), named in its catalog; opened with the dir's key.
    const db = openSqlite(engineFile, keyOfEncryptedStore(dataDir));
    const row = db
      .prepare(`SELECT s.id FROM idb_store s JOIN idb_database d ON d.id = s.database_id WHERE d.name LIKE '%--1--commits' AND s.name = 'docs'`)
      .get() as { id: number } | undefined;
    if (!row) throw new Error(`No commits store in ${engineFile}`);
    return { db, table: `s${row.id}`, file: engineFile };
  }
  // indexeddbshim: one SQLite file per IndexedDB database, its object store in `S_docs`; commits at schema version 1.
  const name = readdirSync(dataDir).find((file) => /--1--commits\.sqlite$/.test(file));
  if (!name) throw new Error(`No commits SQLite file in ${dataDir}: ${readdirSync(dataDir).join(', ')}`);
  return { db: new Database(join(dataDir, name)), table: 'S_docs', file: join(dataDir, name) };
}
