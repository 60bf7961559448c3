/**
 * Priority lanes: live work (a teller's command) goes first; bulk work (imports, rebuilds) waits while any live
 * work is in flight. A lane is chosen for a span of async work and nests: the innermost choice wins.
 */

import { AsyncLocalStorage } from 'node:async_hooks';

export type Lane = 'live' | 'bulk';

/** Cuts a `whenQuiet` wait short: the waiter sets `wake`, whoever is in a hurry calls it. */
export interface Hurry {
  wake?: () => void;
}

export interface PriorityLanes {
  /** The lane of the calling async context: live unless some enclosing `run` chose otherwise. */
  current(): Lane;
  /** Runs `work` (and everything it awaits) on `lane`; a nested `run` inside overrides it. */
  run<T>(lane: Lane, work: () => Promise<T>): Promise<T>;
  /** Takes a place on the caller's lane: bulk waits until no live work is in flight. Call the returned release when done. */
  admit(): Promise<() => void>;
  /** Bulk loops call this between steps: it returns once no live work is running, or after `maxWaitMs` at most. */
  yieldToLive(maxWaitMs?: number): Promise<void>;
  /**
   * Subscribers call this before a batch: it returns once no command of either lane is in flight and no live one ended
   * in the last `quietMs` (a pause in teller traffic), after `maxWaitMs` at most, or at once when `hurry.wake` is called
   * (a reader is waiting). While commands keep coming, their events collect into one batch per `maxWaitMs` instead of one
   * per command.
   */
  whenQuiet(quietMs: number, maxWaitMs: number, hurry?: Hurry): Promise<void>;
  inFlight(): { live: number; bulk: number };
  /** True while live work is in flight or ended less than `ms` ago: teller traffic is flowing and more may follow. */
  liveWithin(ms: number): boolean;
}

export function createPriorityLanes(): PriorityLanes {
  const context = new AsyncLocalStorage<Lane>();
  let live = 0;
  let bulk = 0;
  let liveEndedAt = Number.NEGATIVE_INFINITY;
  let idleWaiters: (() => void)[] = [];

  const whenNoLive = async (maxWaitMs = Number.POSITIVE_INFINITY): Promise<void> => {
    // A turn of the event loop first, so live requests that arrived meanwhile get admitted ahead of us.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const deadline = Date.now() + maxWaitMs;
    while (live > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(left) ? setTimeout(resolve, left) : undefined;
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  const release = (lane: Lane) => () => {
    if (lane === 'live') {
      live--;
      liveEndedAt = performance.now();
      if (live === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    } else {
      bulk--;
      if (bulk === 0 && live === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  };

  return {
    current: () => context.getStore() ?? 'live',
    run: (lane, work) => context.run(lane, work),
    async admit() {
      const lane = context.getStore() ?? 'live';
      if (lane === 'live') {
        live++;
        return release('live');
      }
      await whenNoLive();
      bulk++;
      return release('bulk');
    },
    yieldToLive: (maxWaitMs) => whenNoLive(maxWaitMs),
    whenQuiet(quietMs, maxWaitMs, hurry) {
      const deadline = performance.now() + maxWaitMs;
      return new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          if (hurry) hurry.wake = undefined;
          resolve();
        };
        const check = () => {
          if (done) return;
          clearTimeout(timer);
          const left = deadline - performance.now();
          if (left <= 0) return finish();
          if (live > 0 || bulk > 0) {
            idleWaiters.push(check);
            timer = setTimeout(check, left);
            return;
          }
          const quietFor = quietMs - (performance.now() - liveEndedAt);
          if (quietFor <= 0) return finish();
          timer = setTimeout(check, Math.min(quietFor, left));
        };
        if (hurry) hurry.wake = finish;
        // A turn of the event loop first, so live requests that arrived meanwhile get admitted ahead of us.
        setImmediate(check);
      });
    },
    inFlight: () => ({ live, bulk }),
    liveWithin: (ms) => live > 0 || performance.now() - liveEndedAt < ms,
  };
}
