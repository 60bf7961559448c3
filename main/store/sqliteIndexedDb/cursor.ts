/**
 * IDBCursor and IDBCursorWithValue. A step is an index seek from the cursor's position (never a rescan from the range
 * start); plain next/prev steps read a few rows ahead, dropped as soon as the store is written to.
 */

import type { IndexMeta } from './catalog.js';
import { idbError } from './errors.js';
import type { SqliteIndex } from './indexHandle.js';
import { evaluateKeyPath, NO_VALUE } from './keyPath.js';
import { boundsOf, type SqliteKeyRange } from './keyRange.js';
import { decodeKey, encodeKey, type IdbKey } from './keys.js';
import type { SqliteObjectStore } from './objectStore.js';
import type { Bound, Row } from './records.js';
import type { SqliteRequest } from './request.js';

export type CursorDirection = 'next' | 'nextunique' | 'prev' | 'prevunique';

const DIRECTIONS: readonly string[] = ['next', 'nextunique', 'prev', 'prevunique'];

export function toDirection(direction: unknown): CursorDirection {
  if (direction === undefined) return 'next';
  if (typeof direction === 'string' && DIRECTIONS.includes(direction)) return direction as CursorDirection;
  throw new TypeError(`Invalid cursor direction: ${String(direction)}`);
}

/** Read-ahead grows from this many rows to the maximum as a cursor keeps going. */
const FIRST_READ_AHEAD = 4;
const MAX_READ_AHEAD = 256;

/**
 * Orders bounds at the same key by how much of that key's records they let through. A lower bound: `>= k` lets all
 * through (rank 0), `(k, p)` bounds some (rank 1, by p, closed before open), `> k` none (rank 2). An upper bound mirrors it.
 */
function rank(bound: Bound, lower: boolean): [number, Buffer | undefined, number] {
  if (!bound.primaryKey) return lower ? [bound.open ? 2 : 0, undefined, 0] : [bound.open ? 0 : 2, undefined, 0];
  return [1, bound.primaryKey, lower ? Number(bound.open) : Number(!bound.open)];
}

/** Positive when `a` is the stricter bound of the two (higher for a lower bound, lower for an upper bound). */
function stricter(a: Bound, b: Bound, lower: boolean): number {
  const order = Buffer.compare(a.key, b.key);
  if (order !== 0) return lower ? order : -order;
  const [ra, pa, oa] = rank(a, lower);
  const [rb, pb, ob] = rank(b, lower);
  if (ra !== rb) return lower ? ra - rb : rb - ra;
  const byKey = pa && pb ? Buffer.compare(pa, pb) : 0;
  if (byKey !== 0) return lower ? byKey : -byKey;
  return lower ? oa - ob : ob - oa;
}

const tighten = (current: Bound | undefined, next: Bound, lower: boolean): Bound => (!current || stricter(next, current, lower) > 0 ? next : current);

export class SqliteCursor {
  request!: SqliteRequest;
  private row: Row | undefined;
  private gotValue = false;
  private decodedKey: IdbKey | undefined;
  private decodedPrimaryKey: IdbKey | undefined;
  private parsedValue: unknown;
  private valueParsed = false;
  private readAhead: Row[] = [];
  private readAheadAt = 0;
  private readAheadRevision = -1;
  private readAheadShape = -1;
  private readAheadSize = FIRST_READ_AHEAD;

  constructor(
    private readonly store: SqliteObjectStore,
    private readonly index: IndexMeta | undefined,
    private readonly range: SqliteKeyRange | undefined,
    readonly direction: CursorDirection,
    private readonly withValues: boolean,
    readonly source: SqliteObjectStore | SqliteIndex,
  ) {}

  /** @internal places the request that moves to the first record */
  _open(): SqliteRequest {
    this.request = this.store.transaction._place(this.source, () => this.iterate(1));
    return this.request;
  }

  get key(): IdbKey | undefined {
    if (!this.row) return undefined;
    return (this.decodedKey ??= decodeKey(this.row[0]));
  }

  get primaryKey(): IdbKey | undefined {
    if (!this.row) return undefined;
    return (this.decodedPrimaryKey ??= decodeKey(this.row[1]));
  }

  get value(): unknown {
    if (!this.row || !this.withValues) return undefined;
    if (!this.valueParsed) {
      this.parsedValue = JSON.parse(this.row[2]!);
      this.valueParsed = true;
    }
    return this.parsedValue;
  }

  private get forward(): boolean {
    return this.direction === 'next' || this.direction === 'nextunique';
  }

  private assertCanIterate(): void {
    if ((this.source as { _deleted?: boolean })._deleted) throw idbError('InvalidStateError', 'The cursor\'s source was deleted.');
    this.store._assertUsable();
    if (!this.gotValue) throw idbError('InvalidStateError', 'The cursor is moving or has ended.');
  }

  continue(key?: unknown): void {
    this.assertCanIterate();
    let target: Buffer | undefined;
    if (key !== undefined) {
      target = encodeKey(key);
      const order = Buffer.compare(target, this.row![0]);
      if (this.forward ? order <= 0 : order >= 0) throw idbError('DataError', 'continue() must move the cursor in its direction.');
    }
    this.move(() => this.iterate(1, target));
  }

  continuePrimaryKey(key: unknown, primaryKey: unknown): void {
    this.assertCanIterate();
    if (!this.index || this.direction.endsWith('unique')) throw idbError('InvalidAccessError', 'continuePrimaryKey() needs an index cursor that is not unique.');
    const target = encodeKey(key);
    const targetPrimary = encodeKey(primaryKey);
    const byKey = Buffer.compare(target, this.row![0]);
    const order = byKey !== 0 ? byKey : Buffer.compare(targetPrimary, this.row![1]);
    if (this.forward ? order <= 0 : order >= 0) throw idbError('DataError', 'continuePrimaryKey() must move the cursor in its direction.');
    this.move(() => this.iterate(1, target, targetPrimary));
  }

  advance(count: number): void {
    if (!Number.isInteger(count) || count <= 0) throw new TypeError('advance() takes a positive integer.');
    this.assertCanIterate();
    this.move(() => this.iterate(count));
  }

  private move(step: () => unknown): void {
    this.gotValue = false;
    this.store.transaction._place(this.source, step, this.request);
  }

  update(value: unknown): SqliteRequest {
    this.assertCanModify();
    const keyPath = this.store._meta.keyPath;
    if (keyPath !== null) {
      const found = evaluateKeyPath(value, keyPath);
      const key = found === NO_VALUE ? undefined : encodeKey(found);
      if (!key || !key.equals(this.row![1])) throw idbError('DataError', 'update() cannot change the record\'s key.');
      return this.store._write(value, undefined, true, this);
    }
    return this.store._write(value, this.primaryKey, true, this);
  }

  delete(): SqliteRequest {
    this.assertCanModify();
    const key = this.row![1];
    const meta = this.store._meta;
    return this.store.transaction._place(this, () => {
      this.store.transaction._engine.records.delete(meta, { lower: { key, open: false }, upper: { key, open: false } });
      return undefined;
    });
  }

  private assertCanModify(): void {
    if (this.store.transaction.mode === 'readonly') throw idbError('ReadOnlyError', 'The transaction is read-only.');
    this.assertCanIterate();
    if (!this.withValues) throw idbError('InvalidStateError', 'A key cursor cannot change records.');
  }

  /** Moves `count` records on (to the first at or past the target, for continue(key)); the request's result. */
  private iterate(count: number, target?: Buffer, targetPrimary?: Buffer): this | null {
    let row: Row | undefined;
    for (let step = 0; step < count; step++) {
      row = step === 0 ? this.nextRow(target, targetPrimary) : this.nextRow();
      if (!row) break;
      this.row = row;
    }
    this.decodedKey = undefined;
    this.decodedPrimaryKey = undefined;
    this.valueParsed = false;
    this.parsedValue = undefined;
    if (!row) {
      this.row = undefined;
      return null;
    }
    this.gotValue = true;
    return this;
  }

  private nextRow(target?: Buffer, targetPrimary?: Buffer): Row | undefined {
    const meta = this.store._meta;
    const unique = this.direction.endsWith('unique');
    const plain = !unique && !target;
    if (plain && this.readAheadAt < this.readAhead.length && this.readAheadRevision === meta.revision && this.readAheadShape === meta.shape) {
      return this.readAhead[this.readAheadAt++];
    }
    const forward = this.forward;
    let { lower, upper } = boundsOf(this.range);
    if (this.row) {
      // Unique cursors skip the rest of the current key; in a store or a distinct index a key is one record anyway.
      const position: Bound = unique || !this.index || this.index.distinct ? { key: this.row[0], open: true } : { key: this.row[0], primaryKey: this.row[1], open: true };
      if (forward) lower = tighten(lower, position, true);
      else upper = tighten(upper, position, false);
    }
    if (target) {
      const bound: Bound = { key: target, primaryKey: targetPrimary, open: false };
      if (forward) lower = tighten(lower, bound, true);
      else upper = tighten(upper, bound, false);
    }
    const { records } = this.store.transaction._engine;
    const limit = unique ? 1 : this.readAheadSize;
    const rows = records.rows(meta, this.index, { lower, upper }, forward ? 'next' : 'prev', limit, this.withValues);
    this.readAhead = unique ? [] : rows;
    this.readAheadAt = 1;
    this.readAheadRevision = meta.revision;
    this.readAheadShape = meta.shape;
    if (!unique) this.readAheadSize = Math.min(this.readAheadSize * 2, MAX_READ_AHEAD);
    const [row] = rows;
    // prevunique returns the first record of each key, as nextunique does: the lowest primary key.
    if (row && this.direction === 'prevunique' && this.index && !this.index.distinct) return records.firstOfKey(meta, this.index, row[0], this.withValues);
    return row;
  }

  get [Symbol.toStringTag](): string {
    return this.withValues ? 'IDBCursorWithValue' : 'IDBCursor';
  }
}
