/**
 * A circuit breaker for calls to PayFlow, pure over an injected clock: after N consecutive failures the breaker opens
 * and refuses calls for a cool-down, then lets one probe through (half-open); the probe's success closes it, its
 * failure opens it again. Nothing here sleeps or reads the time itself (why not cockatiel's: it reads Date.now()).
 */

import type { BreakerStateName } from '@fidelis/shared/payments/api.js';

export interface BreakerConfig {
  /** Consecutive failures that open the breaker. */
  readonly failureThreshold: number;
  /** How long an open breaker refuses calls before it lets a probe through. */
  readonly coolDownMs: number;
}

export interface BreakerState {
  readonly state: BreakerStateName;
  readonly consecutiveFailures: number;
  /** When it last opened (ms since the epoch); null while closed. */
  readonly openedAt: number | null;
  /** A half-open breaker lets one probe through at a time. */
  readonly probing: boolean;
}

export const closedBreaker: BreakerState = { state: 'closed', consecutiveFailures: 0, openedAt: null, probing: false };

/** The state as of `now`: an open breaker past its cool-down is half-open. */
export function breakerAt(state: BreakerState, config: BreakerConfig, now: number): BreakerState {
  if (state.state === 'open' && state.openedAt !== null && now - state.openedAt >= config.coolDownMs) return { ...state, state: 'half-open', probing: false };
  return state;
}

/** Whether a call may go now, and the state once it goes (a half-open breaker is probing until the answer). */
export function requestPermission(state: BreakerState, config: BreakerConfig, now: number): { readonly allowed: boolean; readonly state: BreakerState } {
  const current = breakerAt(state, config, now);
  if (current.state === 'closed') return { allowed: true, state: current };
  if (current.state === 'half-open' && !current.probing) return { allowed: true, state: { ...current, probing: true } };
  return { allowed: false, state: current };
}

export const recordSuccess = (): BreakerState => closedBreaker;

export function recordFailure(state: BreakerState, config: BreakerConfig, now: number): BreakerState {
  const failures = state.consecutiveFailures + 1;
  if (state.state === 'half-open' || failures >= config.failureThreshold) return { state: 'open', consecutiveFailures: failures, openedAt: now, probing: false };
  return { ...state, consecutiveFailures: failures };
}

/** When an open breaker will let a probe through; null when it is not open. */
export const breakerRetryAt = (state: BreakerState, config: BreakerConfig): number | null =>
  state.state === 'open' && state.openedAt !== null ? state.openedAt + config.coolDownMs : null;

/** A breaker with its state kept inside, for the one PayFlow connection of a host. */
export interface CircuitBreaker {
  state(): BreakerState;
  /** Takes permission for one call (a half-open breaker then refuses others until the answer). */
  tryAcquire(): boolean;
  success(): void;
  failure(): void;
  /** When the next call may go, if the breaker is open (ms since the epoch). */
  retryAt(): number | null;
}

export function createCircuitBreaker(config: BreakerConfig, now: () => number): CircuitBreaker {
  let current = closedBreaker;
  return {
    state: () => (current = breakerAt(current, config, now())),
    tryAcquire() {
      const decision = requestPermission(current, config, now());
      current = decision.state;
      return decision.allowed;
    },
    success: () => void (current = recordSuccess()),
    failure: () => void (current = recordFailure(current, config, now())),
    retryAt: () => breakerRetryAt(current, config),
  };
}
