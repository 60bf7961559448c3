/** Exponential backoff, pure: the wait before a retry, doubling from a base up to a cap, with jitter from an injected random. */

export interface BackoffPolicy {
  /** The wait before the first retry. */
  readonly baseMs: number;
  /** No wait is longer. */
  readonly maxMs: number;
}

/**
 * The wait before retry number `attempt` (1 = the first): base × 2^(attempt−1), capped. With `random` (in [0, 1)) it
 * uses "equal jitter", half fixed and half random, so clients that failed together do not all retry together; without
 * it the wait is exact (one in-process retrier has nobody to collide with, and tests can count on it).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random?: () => number): number {
  // The exponent is bounded so a long outage's attempt count cannot overflow to Infinity before the cap applies.
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.round(random ? step / 2 + random() * (step / 2) : step);
}
