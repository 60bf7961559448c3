/** The circuit breaker in front of PayFlow, over an injected clock: when calls go and when they wait (backoff: test/unit/retry). */

import { describe, expect, it } from 'vitest';
import { closedBreaker, createCircuitBreaker, recordFailure, requestPermission } from '../../../main/payments/circuitBreaker.js';

const config = { failureThreshold: 3, coolDownMs: 1_000 };

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('the circuit breaker', () => {
  it('stays closed below the threshold and opens after N consecutive failures', () => {
    const time = clock();
    const breaker = createCircuitBreaker(config, time.now);
    breaker.failure();
    breaker.failure();
    expect(breaker.state().state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state().state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAt()).toBe(time.now() + 1_000);
  });

  it('a success resets the count: failures must be consecutive', () => {
    const breaker = createCircuitBreaker(config, clock().now);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state().state).toBe('closed');
  });

  it('lets one probe through after the cool-down (half-open): success closes it, failure opens it again', () => {
    const time = clock();
    const breaker = createCircuitBreaker(config, time.now);
    for (let i = 0; i < 3; i++) breaker.failure();
    time.advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(1);
    expect(breaker.state().state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    // Only one probe at a time.
    expect(breaker.tryAcquire()).toBe(false);
    breaker.failure();
    expect(breaker.state()).toMatchObject({ state: 'open', openedAt: time.now() });
    time.advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state()).toEqual(closedBreaker);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('is pure underneath: the same inputs give the same state', () => {
    const opened = [1, 2, 3].reduce((state) => recordFailure(state, config, 50), closedBreaker);
    expect(opened).toEqual({ state: 'open', consecutiveFailures: 3, openedAt: 50, probing: false });
    expect(requestPermission(opened, config, 1_049)).toEqual({ allowed: false, state: opened });
    expect(requestPermission(opened, config, 1_050)).toEqual({ allowed: true, state: { ...opened, state: 'half-open', probing: true } });
  });
});
