/**
 * The SQLite IndexedDB engine sorts keys as SQLite sorts BLOBs (memcmp). Its encoding must order any two keys exactly
 * as IndexedDB's cmp() does (fake-indexeddb's, the reference here), read back as the same key, and refuse non-keys.
 */

import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { compareKeys, decodeKey, encodeKey, tryEncodeKey } from '../../../main/store/sqliteIndexedDb/keys.js';

const reference = new IDBFactory();

/** UTF-16 code units anywhere in 0–0xFFFF, lone surrogates included: IndexedDB compares strings unit by unit. */
const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }).map((codes) => String.fromCharCode(...codes));
/** Strings crowded around the encoding's size boundaries (0x7E/0x7F, 0x407E/0x407F) and the terminator. */
const edgy = fc.array(fc.constantFrom(0, 1, 0x7e, 0x7f, 0x80, 0x407e, 0x407f, 0xd800, 0xdfff, 0xe000, 0xfffe, 0xffff), { maxLength: 4 }).map((codes) => String.fromCharCode(...codes));
const numbers = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 53, -(2 ** 53)));
const dates = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((time) => new Date(time));
// fake-indexeddb takes an empty buffer for a detached one: the reference only sees non-empty ones.
const binaries = fc.uint8Array({ minLength: 1, maxLength: 6 }).map((bytes) => bytes.buffer);
const keys: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  key: fc.oneof({ depthSize: 'small' }, numbers, dates, units, edgy, binaries, tie('array')),
  array: fc.array(tie('key'), { maxLength: 4 }),
})).key;

/** A key as IndexedDB hands it back: -0 is 0, binaries are ArrayBuffers. */
function normalize(key: unknown): unknown {
  if (Array.isArray(key)) return key.map(normalize);
  if (typeof key === 'number') return key === 0 ? 0 : key;
  if (key instanceof ArrayBuffer) return [...new Uint8Array(key)];
  return key;
}

describe('memcmp-sortable IndexedDB keys', () => {
  it('order any two keys as IndexedDB does', () => {
    fc.assert(
      fc.property(keys, keys, (a, b) => {
        expect(Math.sign(Buffer.compare(encodeKey(a), encodeKey(b)))).toBe(reference.cmp(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('order keys that share a prefix: the shorter first, in strings, binaries and arrays alike', () => {
    const ascending = ['', '\u0000', '\u0000\u0000', 'a', 'a\u0000', 'ab', '\u007f', '\uffff'];
    for (let i = 1; i < ascending.length; i++) expect(compareKeys(ascending[i - 1], ascending[i])).toBe(-1);
    expect(compareKeys([1], [1, -Infinity])).toBe(-1);
    expect(compareKeys(new ArrayBuffer(0), new Uint8Array([0]).buffer)).toBe(-1);
    expect(compareKeys(new Uint8Array([1]).buffer, new Uint8Array([1, 0]).buffer)).toBe(-1);
    expect(compareKeys([['a']], [['a'], []])).toBe(-1);
  });

  it('read back as the same key', () => {
    fc.assert(
      fc.property(keys, (key) => {
        const decoded = decodeKey(encodeKey(key));
        expect(normalize(decoded)).toEqual(normalize(key));
        expect(reference.cmp(decoded, key)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse what is not a key, as IndexedDB does', () => {
    const hole = [1, , 3];
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    for (const value of [NaN, new Date(NaN), null, undefined, true, {}, Symbol('s'), 1n, hole, cyclic, [1, NaN], [{}]]) {
      expect(tryEncodeKey(value)).toBeUndefined();
      expect(() => reference.cmp(value, 0)).toThrow();
      expect(() => encodeKey(value)).toThrow(expect.objectContaining({ name: 'DataError' }));
    }
  });
});
