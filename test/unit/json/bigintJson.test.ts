/** The one JSON form of states that hold bigints (snapshots on the workstation, stream states at the gateway). */

import { describe, expect, it } from 'vitest';
import { parseWithBigints, stringifyWithBigints } from '@fidelis/shared/json/bigintJson.js';

describe('bigints in JSON', () => {
  it('round-trips bigints of any size and sign, beside ordinary numbers and strings', () => {
    const state = { balance: 123_456_789_012_345_678_901_234_567_890n, holds: [{ amount: -5n, label: '5' }], version: 3, tag: '$bigint' };
    expect(parseWithBigints(stringifyWithBigints(state))).toEqual(state);
  });

  it('writes the form snapshots and the gateway already stored, so stored states still read', () => {
    const text = '{"balance":{"$bigint":"12345"},"holds":[{"amount":{"$bigint":"-5"}}]}';
    expect(stringifyWithBigints({ balance: 12345n, holds: [{ amount: -5n }] })).toBe(text);
    expect(parseWithBigints(text)).toEqual({ balance: 12345n, holds: [{ amount: -5n }] });
  });

  it('reads as a bigint only an object whose one key is the tag, holding an integer', () => {
    expect(parseWithBigints('{"a":{"$bigint":"7","note":"x"},"b":{"$bigint":"1.5"},"c":{"$bigint":7}}')).toEqual({
      a: { $bigint: '7', note: 'x' },
      b: { $bigint: '1.5' },
      c: { $bigint: 7 },
    });
  });
});
