/** The written-keys filter never says "not written" of a key that was: a build would then fold over a stored document it never read. */

import { describe, expect, it } from 'vitest';
import { KeyFilter } from '../../../main/projections/keyFilter.js';

describe('the written-keys filter', () => {
  it('knows every key added, and rules out nearly all keys never added', () => {
    const filter = new KeyFilter();
    const added = Array.from({ length: 200_000 }, (_, i) => `entry:01J${i.toString(36).padStart(8, '0')}`);
    for (const key of added) filter.add(key);
    expect(added.every((key) => filter.mayHave(key))).toBe(true);
    const others = Array.from({ length: 100_000 }, (_, i) => `account:acct-${i}`);
    const falsePositives = others.filter((key) => filter.mayHave(key)).length;
    expect(falsePositives).toBeLessThan(others.length * 0.03);
    // It grew with what was added: 64 KiB, then 256 KiB once 65,536 keys were in.
    expect(filter.bytes).toBe(64 * 1024 + 256 * 1024);
  });

  it('rules out everything while empty', () => {
    const filter = new KeyFilter();
    expect(filter.bytes).toBe(64 * 1024);
    expect(['', 'a', 'entry:1', 'tb:USD|2026-12-04'].some((key) => filter.mayHave(key))).toBe(false);
  });
});
