/**
 * Runs sync passes, one at a time: on demand, soon after a local append, when the live stream says the gateway moved,
 * and again with backoff after a failure, while the loop runs and the network is there. It knows whether the
 * workstation is online: the gateway answered its last pass.
 */

import { Subject, type Observable, type Subscription } from 'rxjs';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { backoffDelay, type BackoffPolicy } from '@fidelis/shared/retry/backoff.js';
import type { Logger } from '../log.js';
import { describeSyncError, notConfigured, type GatewayConnection } from './gatewayConnection.js';
import { createLiveFollower } from './liveFollower.js';
import type { SyncEngine } from './syncEngine.js';
import type { SyncRecords } from './syncRecords.js';
import type { SyncReport } from './syncReport.js';

export interface SyncRunnerState {
  /** The background loop was started and not stopped. */
  readonly running: boolean;
  /** The gateway answered the last pass (and the network is there). */
  readonly online: boolean;
  readonly lastError: string | null;
}

export interface SyncRunner {
  /** One full pass after any pass in flight; rejects as the pass failed (the error is also kept for the status). */
  pass(options?: { repair?: boolean }): Promise<SyncReport>;
  /** Starts the background loop; SYNC_NOT_CONFIGURED without a configuration. */
  start(): Promise<void>;
  /** Stops the loop and waits for the pass in flight. */
  stop(): Promise<void>;
  /** The network came or went: offline stops the loop's timers and the live stream until it is back. */
  setNetworkAvailable(available: boolean): void;
  state(): SyncRunnerState;
  /** Whether the loop runs and the network is there: other modules' timers sync only then. */
  isRunning(): boolean;
  /** Emits after each successful pass. */
  readonly passes$: Observable<SyncReport>;
  close(): Promise<void>;
}

export interface SyncRunnerDeps {
  readonly engine: SyncEngine;
  readonly connection: GatewayConnection;
  readonly records: SyncRecords;
  readonly appended$: Observable<readonly EventEnvelope[]>;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly backoff: BackoffPolicy;
  /** Jitter for the backoff, in [0, 1): workstations that lost the gateway together do not all come back together. */
  readonly random: () => number;
  /** Something the status shows changed. */
  readonly onChange: () => void;
}

/** How soon after a local append the loop pushes it: appends arriving together go in one pass. */
const PUSH_AFTER_APPEND_MS = 50;

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  const { records, logger } = deps;
  let online = false;
  let running = false;
  let networkAvailable = true;
  let lastError: string | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let appendedSub: Subscription | undefined;
  const passes$ = new Subject<SyncReport>();
  const active = () => running && networkAvailable;
  const backoff = (attempt: number) => backoffDelay(attempt, deps.backoff, deps.random);

  const live = createLiveFollower({
    connection: deps.connection,
    records,
    active,
    backoff,
    onNews: () => schedule(0),
    onFailure(error) {
      online = false;
      lastError = describeSyncError(error);
      deps.onChange();
    },
  });

  /** Passes never overlap: each waits for the one before. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  }

  function pass(options: { repair?: boolean } = {}): Promise<SyncReport> {
    return exclusive(async () => {
      try {
        const report = await deps.engine.run(await deps.connection.client(), options);
        // A pass that began before the network went away does not make the workstation online again.
        online = networkAvailable;
        lastError = null;
        await records.saveCursor({ lastSyncedAt: deps.clock().toISOString() });
        passes$.next(report);
        return report;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'SYNC_NOT_CONFIGURED') throw error;
        online = false;
        lastError = describeSyncError(error);
        logger.warn({ err: error }, 'sync pass failed');
        throw error;
      } finally {
        deps.onChange();
      }
    });
  }

  function schedule(delayMs: number): void {
    if (!active()) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!active()) return;
      pass().then(
        () => {
          failures = 0;
        },
        () => schedule(backoff(++failures)),
      );
    }, delayMs);
  }

  async function stop(): Promise<void> {
    running = false;
    online = false;
    clearTimeout(timer);
    appendedSub?.unsubscribe();
    await live.stop();
    await chain;
    // A pass in flight when stop began ends by marking the workstation online: stopped is offline.
    online = false;
    deps.onChange();
  }

  return {
    pass,
    async start() {
      if (running) return;
      if (!(await records.config())) throw notConfigured();
      running = true;
      appendedSub = deps.appended$.subscribe((events) => {
        if (events.some((e) => e.gpos === null)) schedule(PUSH_AFTER_APPEND_MS);
      });
      schedule(0);
      live.start();
    },
    stop,
    setNetworkAvailable(available) {
      networkAvailable = available;
      if (!available) {
        online = false;
        clearTimeout(timer);
        void live.stop();
      } else if (running) {
        schedule(0);
        live.start();
      }
      deps.onChange();
    },
    state: () => ({ running, online, lastError }),
    isRunning: active,
    passes$: passes$.asObservable(),
    async close() {
      await stop();
      passes$.complete();
    },
  };
}
