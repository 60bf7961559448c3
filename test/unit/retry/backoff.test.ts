/** The one retry policy (sync, processing, PayFlow, the renderer's reconnects): how long each retry waits. */

import { describe, expect, it } from 'vitest';
import { backoffDelay } from '@fidelis/shared/retry/backoff.js';

const policy = { baseMs: 100, maxMs: 1_000 };

describe('exponential backoff', () => {
  it('doubles from the base up to the cap, with half of each wait random', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, policy, () => 0.999999))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('never waits less than half the step nor more than the cap', () => {
    for (let attempt = 1; attempt < 40; attempt++) {
      const delay = backoffDelay(attempt, policy, Math.random);
      expect(delay).toBeGreaterThanOrEqual(Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) / 2);
      expect(delay).toBeLessThanOrEqual(policy.maxMs);
    }
  });

  it('waits exactly the step without a random source, and stays at the cap however long the outage', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(10_000, policy)).toBe(1_000);
    expect(backoffDelay(0, policy)).toBe(100);
  });
});
