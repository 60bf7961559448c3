/** IDBKeyRange: bounds kept as keys (for callers) and as encoded bytes (for SQL). */

import { idbError } from './errors.js';
import { decodeKey, encodeKey, type IdbKey } from './keys.js';
import type { Bounds } from './records.js';

export class SqliteKeyRange {
  readonly lower: IdbKey | undefined;
  readonly upper: IdbKey | undefined;
  readonly lowerOpen: boolean;
  readonly upperOpen: boolean;
  /** @internal the bounds as memcmp-sortable bytes */
  readonly _lowerBytes: Buffer | undefined;
  /** @internal */
  readonly _upperBytes: Buffer | undefined;

  private constructor(lower: Buffer | undefined, upper: Buffer | undefined, lowerOpen: boolean, upperOpen: boolean) {
    this._lowerBytes = lower;
    this._upperBytes = upper;
    this.lower = lower && decodeKey(lower);
    this.upper = upper && decodeKey(upper);
    this.lowerOpen = lowerOpen;
    this.upperOpen = upperOpen;
  }

  static only(value: unknown): SqliteKeyRange {
    const key = encodeKey(value);
    return new SqliteKeyRange(key, key, false, false);
  }

  static lowerBound(lower: unknown, open = false): SqliteKeyRange {
    return new SqliteKeyRange(encodeKey(lower), undefined, Boolean(open), true);
  }

  static upperBound(upper: unknown, open = false): SqliteKeyRange {
    return new SqliteKeyRange(undefined, encodeKey(upper), true, Boolean(open));
  }

  static bound(lower: unknown, upper: unknown, lowerOpen = false, upperOpen = false): SqliteKeyRange {
    const low = encodeKey(lower);
    const high = encodeKey(upper);
    const order = Buffer.compare(low, high);
    if (order > 0 || (order === 0 && (lowerOpen || upperOpen))) throw idbError('DataError', 'The lower bound is above the upper bound.');
    return new SqliteKeyRange(low, high, Boolean(lowerOpen), Boolean(upperOpen));
  }

  includes(value: unknown): boolean {
    const key = encodeKey(value);
    if (this._lowerBytes) {
      const order = Buffer.compare(key, this._lowerBytes);
      if (order < 0 || (order === 0 && this.lowerOpen)) return false;
    }
    if (this._upperBytes) {
      const order = Buffer.compare(key, this._upperBytes);
      if (order > 0 || (order === 0 && this.upperOpen)) return false;
    }
    return true;
  }

  get [Symbol.toStringTag](): string {
    return 'IDBKeyRange';
  }
}

/** A request's query argument: a range stays one, a key becomes the range of only that key, absent means all. */
export function toRange(query: unknown, nullMeansAll = true): SqliteKeyRange | undefined {
  if (query instanceof SqliteKeyRange) return query;
  if (query === undefined || (query === null && nullMeansAll)) return undefined;
  return SqliteKeyRange.only(query);
}

/** The range as SQL bounds on encoded keys. */
export function boundsOf(range: SqliteKeyRange | undefined): Bounds {
  if (!range) return {};
  return {
    lower: range._lowerBytes && { key: range._lowerBytes, open: range.lowerOpen },
    upper: range._upperBytes && { key: range._upperBytes, open: range.upperOpen },
  };
}
