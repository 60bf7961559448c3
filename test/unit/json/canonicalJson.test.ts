/** The canonical JSON the hash chain and command idempotency hash: RFC 8785, and the same bytes as the stored hashes were made from. */

import fc from 'fast-check';
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { contentHashWith, chainEventsWith } from '@fidelis/shared/integrity/ledgerChain.js';
import { canonicalJson } from '@fidelis/shared/json/canonicalJson.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** canonicalJson's answer or its error, beside the package's (undefined stands for canonicalJson's TypeError). */
const outcome = (f: () => string | undefined): string => {
  try {
    return f() ?? 'TypeError';
  } catch (error) {
    return (error as Error).name;
  }
};
const agreesWithPackage = (value: unknown) => outcome(() => canonicalJson(value)) === outcome(() => canonicalize(value));

/** Keys the sort and the quoting can get wrong: array-index-like, surrogates, escapes, __proto__ and toJSON. */
const trickyKey = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', '0', '1', '10', '9', '-1', '01', '__proto__', 'toJSON', 'constructor', '\u0000', '"', '\\', '\u2028', '\ud800', '\udfff\ud800', '\ud83d\ude00', '\uffff', 'é', 'e\u0301'),
);
const trickyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, 333333333.33333329),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(trickyKey, tie('value'), { maxKeys: 20 }),
  ),
})).value;

/**
 * The rule every chain and command hash stored before RFC 8785 took over was computed with (sorted keys, undefined
 * members left out, JSON.stringify for the rest). Kept here only to show the two agree on every JSON value.
 */
function firstRule(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(firstRule).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${firstRule(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, at every depth', () => {
    const value = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7, nested: { b: [{ z: 1, a: 2 }], a: null } };
    expect(canonicalJson(value)).toBe('{"\\r":2,"1":4,"nested":{"a":null,"b":[{"a":2,"z":1}]},"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}');
  });

  it('writes numbers and strings in their one ECMAScript form', () => {
    expect(canonicalJson([333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001, -0])).toBe('[333333333.3333333,1e+30,4.5,0.002,1e-27,0]');
    expect(canonicalJson('\u20ac$\u000F\nA\'B"\\\\"/')).toBe('"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
  });

  it('leaves undefined members out, so an absent and an undefined field hash the same', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('refuses what has no JSON form instead of hashing a stand-in', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ amount: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });

  it('gives the bytes the stored hashes were computed from, for every JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(value) === firstRule(value)), { numRuns: 500 });
  });

  it('writes exactly what the package writes, for any JSON value: unicode, escapes, numbers, nesting and key orders', () => {
    fc.assert(fc.property(trickyJson, (value) => canonicalJson(value) === canonicalize(value)), { numRuns: 5000 });
    fc.assert(fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => canonicalJson(value) === canonicalize(value)), { numRuns: 3000 });
  });

  it('writes (or refuses) what the package does for values that are not plain JSON, which it leaves to the package', () => {
    const anything = fc.anything({
      withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true, withBigInt: true,
      withDate: true, withTypedArray: true, withSparseArray: true, stringUnit: 'binary',
    });
    fc.assert(fc.property(anything, agreesWithPackage), { numRuns: 3000 });
    const odd = [
      { a: undefined, b: [undefined, 1] }, [1, , 2], [, 1], { f: () => 1 }, [Symbol('s')], { s: Symbol('s'), a: 1 }, { toJSON: () => 'x' },
      { toJSON: 'not a function' }, Object.assign(Object.create(null), { b: 1, a: 2 }), new Date(0), { d: new Date(0) }, Number.NaN,
      [Infinity], { n: -Infinity }, 1n, { amount: 1n }, new String('s'), Object.assign([1, 2], { extra: 3 }), JSON.parse('{"__proto__":{"b":1},"a":2}'),
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7) % 40}`, i])),
    ];
    odd.forEach((value, i) => expect(outcome(() => canonicalJson(value)), `odd value ${i}`).toBe(outcome(() => canonicalize(value))));
  });

  it('keeps a stored chain hash verifiable (pinned before the switch)', () => {
    const event = {
      id: '01JGOLDEN0000000000000000A',
      type: 'Fidelis.DepositMade.v3',
      streamId: 'account-u1',
      version: 0,
      seq: 1,
      gpos: null,
      occurredAt: '2026-01-01T09:00:00.000Z',
      recordedAt: '2026-01-01T09:00:00.000Z',
      data: { accountId: 'u1', amount: '12345', currency: 'USD', sourceType: 'cash', reference: 'Café ☕ "quoted" \u2028 é', tags: [1, 2.5, 1e21, -0, true, null] },
      meta: { commandId: 'c0', correlationId: 'c0', causationId: 'c0', actor: 'teller', deviceId: 'd1', branchId: 'BR001', commandType: 'MakeDeposit', command: { type: 'MakeDeposit', accountId: 'u1', amount: '123.45', z: undefined } },
    } as unknown as EventEnvelope;
    expect(chainEventsWith(sha256, '', [event])).toBe('da0f8a1e6c2c00e9758ab13574ae54ec400a0eeeb94dec859aec9fe2a7d9340f');
    expect(contentHashWith(sha256, { ...event, seq: 99, gpos: 7 })).toBe(contentHashWith(sha256, event));
  });
});
