/**
 * Reads and writes of one object store's table, through prepared statements cached per store and query shape.
 * Ranges are encoded keys, so SQLite compares them as BLOBs (memcmp) and every range and cursor step is an index seek.
 */

import type BetterSqlite3 from 'better-sqlite3';
import type { IndexMeta, StoreMeta } from './catalog.js';
import { idbError, isConstraintViolation } from './errors.js';

export interface Bound {
  readonly key: Buffer;
  readonly open: boolean;
  /** For index cursors: the position is (index key, primary key), compared as a pair. */
  readonly primaryKey?: Buffer | undefined;
}

export interface Bounds {
  readonly lower?: Bound | undefined;
  readonly upper?: Bound | undefined;
}

export type Direction = 'next' | 'prev';

/** One row as read: [index key (the primary key for a store), primary key, JSON value when asked for]. */
export type Row = [Buffer, Buffer, string?];

function where(column: string, bounds: Bounds, params: Buffer[]): { sql: string; shape: string } {
  const parts: string[] = [];
  let shape = '';
  const side = (bound: Bound | undefined, closed: string, open: string, tag: string) => {
    if (!bound) return;
    const op = bound.open ? open : closed;
    if (bound.primaryKey && column !== 'key') {
      parts.push(`(${column}, key) ${op} (?, ?)`);
      params.push(bound.key, bound.primaryKey);
      shape += `${tag}${op}p`;
    } else {
      parts.push(`${column} ${op} ?`);
      params.push(bound.key);
      shape += `${tag}${op}`;
    }
  };
  side(bounds.lower, '>=', '>', 'L');
  side(bounds.upper, '<=', '<', 'U');
  // An index column is NULL for records the index leaves out; any bound excludes those already.
  if (parts.length === 0 && column !== 'key') parts.push(`${column} IS NOT NULL`);
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', shape };
}

export class Records {
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  private statement(store: StoreMeta, key: string, sql: () => string, raw = false): BetterSqlite3.Statement {
    let statement = store.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(sql());
      if (raw) statement.raw(true);
      store.statements.set(key, statement);
    }
    return statement;
  }

  /** Writes a record with its index keys (in the store's index order); ConstraintError for a taken key. */
  put(store: StoreMeta, key: Buffer, value: string, indexKeys: (Buffer | null)[], overwrite: boolean): void {
    const statement = this.statement(store, overwrite ? 'put' : 'add', () => {
      const columns = [...store.indexes.values()].map((index) => index.column);
      const names = ['key', 'value', ...columns].join(', ');
      const slots = ['?', '?', ...columns.map(() => '?')].join(', ');
      const upsert = ['value = excluded.value', ...columns.map((c) => `${c} = excluded.${c}`)].join(', ');
      return `INSERT INTO ${store.table} (${names}) VALUES (${slots})${overwrite ? ` ON CONFLICT (key) DO UPDATE SET ${upsert}` : ''}`;
    });
    try {
      statement.run(key, value, ...indexKeys);
    } catch (error) {
      if (isConstraintViolation(error)) throw idbError('ConstraintError', overwrite ? 'A unique index already holds this key.' : 'A record with this key already exists.');
      throw error;
    }
    store.revision++;
  }

  /** Up to `limit` rows (-1: all) in the range, in index order then primary key order, forward or backward. */
  rows(store: StoreMeta, index: IndexMeta | undefined, bounds: Bounds, direction: Direction, limit: number, withValues: boolean): Row[] {
    const column = index?.column ?? 'key';
    const params: Buffer[] = [];
    const clause = where(column, bounds, params);
    const order = direction === 'next' ? 'ASC' : 'DESC';
    const statement = this.statement(
      store,
      `rows:${column}:${clause.shape}:${direction}:${withValues}`,
      () =>
        `SELECT ${column}, key${withValues ? ', value' : ''} FROM ${store.table} ${clause.sql} ` +
        `ORDER BY ${column} ${order}${index && !index.distinct ? `, key ${order}` : ''} LIMIT ?`,
      true,
    );
    return statement.all(...params, limit) as Row[];
  }

  /** The JSON values in the range, in order: the fast path of getAll. */
  values(store: StoreMeta, index: IndexMeta | undefined, bounds: Bounds, direction: Direction, limit: number): string[] {
    const column = index?.column ?? 'key';
    const params: Buffer[] = [];
    const clause = where(column, bounds, params);
    const order = direction === 'next' ? 'ASC' : 'DESC';
    const statement = this.statement(
      store,
      `values:${column}:${clause.shape}:${direction}`,
      () => `SELECT value FROM ${store.table} ${clause.sql} ORDER BY ${column} ${order}${index && !index.distinct ? `, key ${order}` : ''} LIMIT ?`,
    );
    return statement.pluck().all(...params, limit) as string[];
  }

  /** The lowest primary key among the records with exactly this index key (prevunique cursors return that one). */
  firstOfKey(store: StoreMeta, index: IndexMeta, indexKey: Buffer, withValues: boolean): Row | undefined {
    const statement = this.statement(
      store,
      `first:${index.column}:${withValues}`,
      () => `SELECT ${index.column}, key${withValues ? ', value' : ''} FROM ${store.table} WHERE ${index.column} = ? ORDER BY key LIMIT 1`,
      true,
    );
    return statement.get(indexKey) as Row | undefined;
  }

  count(store: StoreMeta, index: IndexMeta | undefined, bounds: Bounds): number {
    const column = index?.column ?? 'key';
    const params: Buffer[] = [];
    const clause = where(column, bounds, params);
    const statement = this.statement(store, `count:${column}:${clause.shape}`, () => `SELECT count(*) FROM ${store.table} ${clause.sql}`);
    return statement.pluck().get(...params) as number;
  }

  /** Deletes the records in the range of primary keys. */
  delete(store: StoreMeta, bounds: Bounds): void {
    const params: Buffer[] = [];
    const clause = where('key', bounds, params);
    const { changes } = this.statement(store, `delete:${clause.shape}`, () => `DELETE FROM ${store.table} ${clause.sql}`).run(...params);
    if (changes > 0) store.revision++;
  }
}
