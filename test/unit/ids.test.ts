import { isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { monotonicUlid, ulid } from '../../main/ids.js';

describe('ids', () => {
  it('are valid ULIDs, never repeated, with every random character in use', () => {
    const ids = Array.from({ length: 20_000 }, () => ulid());
    expect(ids.every((id) => isValid(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // 20,000 ids × 16 random characters: each of the 32 is drawn ~10,000 times; a biased draw would leave some far off.
    const counts = new Map<string, number>();
    for (const id of ids) for (const char of id.slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(32);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });

  it('from one monotonic source sort in the order they were made', () => {
    const next = monotonicUlid();
    const ids = Array.from({ length: 5_000 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
