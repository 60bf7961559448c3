/**
 * One subscription: reads the store in `seq` order from its checkpoint, in batches, then follows the live tail.
 * The checkpoint moves only after a batch is handled (or its failures parked), so it never passes an unhandled
 * event. Failures are retried with exponential backoff, then parked in the subscription's dead-letter queue;
 * later events of a parked event's stream are held behind it. Each subscription runs on its own: none waits for another.
 */

import type { Subscription as RxSubscription } from 'rxjs';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { parseEventTypeName, categoryOf } from '@fidelis/shared/events/envelope.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { backoffDelay } from '@fidelis/shared/retry/backoff.js';
import type { Logger } from '../log.js';
import type { EventStore } from '../store/eventStore.js';
import type { Checkpoints } from './checkpoints.js';
import type { CommitGate } from './commitGate.js';
import type { DeadLetterStore } from './deadLetters.js';
import type { EventDecoder } from './eventDecoder.js';
import type { Hurry, PriorityLanes } from './priorityLanes.js';
import { takeWithin, type SharedPages } from './sharedPages.js';

export type SubscriptionMode = 'inline' | 'async';

export interface Delivery {
  /** 0 for the first try, then 1… for retries. */
  readonly attempt: number;
  /** True when a person replays the event from the dead-letter queue, out of `seq` order. */
  readonly replay: boolean;
}

/** What a batch of events does; `handle` must leave nothing behind when it throws. */
export interface ConsumerBatch {
  /** Optional: sees the batch's envelopes first (to read what they will need in one go). */
  prepare?(envelopes: readonly EventEnvelope[]): Promise<void>;
  handle(event: LedgerEvent, delivery: Delivery): Promise<void>;
  commit(): Promise<void>;
}

export interface Consumer {
  readonly name: string;
  readonly kind: 'projection' | 'handler';
  readonly mode: SubscriptionMode;
  /** Stream categories it reads (all when undefined). */
  readonly categories?: readonly string[];
  /** Unversioned event names it reads (all when undefined). */
  readonly eventTypes?: readonly string[];
  beginBatch(): ConsumerBatch;
}

export interface ProcessingOptions {
  readonly batchSize: number;
  /**
   * The most a batch's envelopes may weigh, by their JSON's length (BATCH_BYTES when not given): a batch of large events
   * holds fewer of them. A single event heavier than this is a batch of its own.
   */
  readonly batchBytes?: number;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly lagWarning: number;
}

export type SubscriptionHealth = 'ok' | 'lagging' | 'failing' | 'rebuilding';

export interface SubscriptionStatus {
  readonly name: string;
  readonly kind: 'projection' | 'handler';
  readonly mode: SubscriptionMode;
  /** What it reads: `$all`, or the categories and event types it is filtered to. */
  readonly stream: string;
  readonly slot?: string;
  readonly position: number;
  readonly head: number;
  /** Events between its checkpoint and the store's head. */
  readonly lag: number;
  /** Events already delivered to it from the live tail and waiting to be handled. */
  readonly pending: number;
  readonly deadLetters: number;
  readonly status: SubscriptionHealth;
  readonly lastError: { readonly message: string; readonly eventId: string; readonly at: string } | null;
  readonly handled: number;
  readonly skippedUnknown: number;
  readonly retries: number;
  readonly parked: number;
}

export interface SubscriptionDeps {
  readonly store: EventStore;
  readonly decoder: EventDecoder;
  readonly checkpoints: Checkpoints;
  readonly deadLetters: DeadLetterStore;
  /** The store's pages, shared with the other subscriptions catching up. */
  readonly pages: SharedPages;
  readonly options: ProcessingOptions;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly lanes?: PriorityLanes;
  /** Background subscribers' batch writes start together through it (inline ones write at once: a command waits on them). */
  readonly gate?: CommitGate;
}

export interface Subscription {
  readonly name: string;
  readonly consumer: Consumer;
  position(): number;
  slot(): string;
  /** Resolves once the subscription has handled everything up to `seq` (at once when it is paused or stopped). */
  waitFor(seq: number): Promise<void>;
  /** Runs `work` while the subscription handles nothing else (dead-letter replays, a projection's slot switch). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Points the subscription at another slot and position, under `exclusive`. */
  moveTo(slot: string, position: number): Promise<void>;
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** The stream's queue emptied after a replay or purge: its events flow again. */
  unblock(streamId?: string): void;
  status(): Promise<SubscriptionStatus>;
  /** Stops after the current batch; with `drainTo`, first handles everything up to that `seq` (bounded by `deadline`). */
  stop(options?: { drainTo?: number; deadline?: number }): Promise<void>;
}

/**
 * What a batch's envelopes may weigh at most (see ProcessingOptions.batchBytes): 500 typical events weigh ~300 KB. The
 * decoded events and the documents a batch writes weigh a few times its envelopes, and every subscription holds a batch.
 */
export const BATCH_BYTES = 1024 * 1024;

/** The longest a subscription sleeps without a wake-up before it looks at the store again. */
const IDLE_POLL_MS = 2_000;
/** Live events buffered beyond this are dropped and read back from the store instead: a lagging subscriber holds no ledger-sized tail. */
const TAIL_LIMIT = 4_096;
/**
 * A subscription takes its turn once teller traffic pauses this long, at the latest this long after it began to wait,
 * or at once when a reader waits for it: a batch's fixed cost (a storage write) is shared by the commands of that span
 * instead of paid per command, and a background read model trails the counter by a fraction of a second at most.
 */
const QUIET_MS = 20;
const COLLECT_MS = 100;
/** How long a subscription's checkpoint may trail its position: after a crash, at most this much is delivered again. */
const CHECKPOINT_INTERVAL_MS = 1_000;

const delay = (ms: number, signal: { stopped: boolean; wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

export const streamFilterOf = (consumer: Pick<Consumer, 'categories' | 'eventTypes'>): string =>
  consumer.categories === undefined && consumer.eventTypes === undefined
    ? '$all'
    : [consumer.categories && `categories: ${consumer.categories.join(', ')}`, consumer.eventTypes && `types: ${consumer.eventTypes.join(', ')}`].filter(Boolean).join('; ');

export async function startSubscription(
  deps: SubscriptionDeps,
  consumer: Consumer,
  initial: { position: number; slot: string; paused?: boolean },
): Promise<Subscription> {
  const { store, decoder, deadLetters, options, logger } = deps;
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  const name = consumer.name;
  const categories = consumer.categories && new Set(consumer.categories);
  const eventTypes = consumer.eventTypes && new Set(consumer.eventTypes);
  let position = initial.position;
  let slot = initial.slot;
  let paused = initial.paused ?? false;
  let stopped = false;
  let drainTo: number | undefined;
  let drainDeadline = Number.POSITIVE_INFINITY;
  let tail: EventEnvelope[] = [];
  let lock: Promise<unknown> = Promise.resolve();
  let retrying = false;
  let lastError: SubscriptionStatus['lastError'] = null;
  const counters = { handled: 0, skippedUnknown: 0, retries: 0, parked: 0 };
  const blocked = await deadLetters.blockedStreams(name);
  const waiters: { seq: number; resolve: () => void }[] = [];
  const sleeper: { stopped: boolean; wake?: () => void } = { stopped: false };
  let wakeLoop: (() => void) | undefined;

  const wake = () => {
    const w = wakeLoop;
    wakeLoop = undefined;
    w?.();
  };
  // Sleeps until woken or `ms` pass; the timer goes with the sleep, so a stopped subscription leaves none behind
  // to hold the process open.
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeLoop = undefined;
        resolve();
      }, ms);
      wakeLoop = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Cuts the wait for a pause in traffic short: a reader waits for this subscription. */
  const hurry: Hurry = {};

  const settleWaiters = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (paused || stopped || position >= waiter.seq) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };

  const tailSubscription: RxSubscription = store.appended$.subscribe((events) => {
    if (tail.length + events.length > TAIL_LIMIT) tail = [];
    else tail.push(...events);
    wake();
  });

  const wants = (envelope: EventEnvelope): boolean => {
    if (categories && !categories.has(categoryOf(envelope.streamId))) return false;
    if (eventTypes) {
      const parsed = parseEventTypeName(envelope.type);
      if (!parsed || !eventTypes.has(parsed.name)) return false;
    }
    return true;
  };

  let saved = { position: initial.position, slot: initial.slot };
  let checkpointTimer: NodeJS.Timeout | undefined;
  // Checkpoints are written at most once per interval, not per batch: a write costs as much as a whole batch's.
  async function saveCheckpoint(): Promise<void> {
    if (saved.position === position && saved.slot === slot) return;
    const next = { position, slot };
    await deps.checkpoints.save(name, next);
    saved = next;
  }
  function scheduleCheckpoint(): void {
    // On the interval's boundary of the clock: every subscription's timer fires in the same turn, and their saves
    // are written together.
    checkpointTimer ??= setTimeout(() => {
      checkpointTimer = undefined;
      void exclusive(saveCheckpoint).catch((error: unknown) => logger.warn({ subscription: name, error: errorMessage(error) }, 'checkpoint not saved'));
    }, CHECKPOINT_INTERVAL_MS - (Date.now() % CHECKPOINT_INTERVAL_MS));
  }

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = lock.then(work, work);
    lock = run.catch(() => undefined);
    return run;
  }

  async function nextEvents(head: number): Promise<EventEnvelope[]> {
    const first = tail.findIndex((e) => e.seq > position);
    tail = first < 0 ? [] : first > 0 ? tail.slice(first) : tail;
    if (tail[0]?.seq === position + 1) {
      let end = 1;
      while (end < tail.length && end < options.batchSize && tail[end]!.seq === tail[end - 1]!.seq + 1) end++;
      return takeWithin(tail, undefined, 0, end, Number.POSITIVE_INFINITY, batchBytes);
    }
    // Only what is durable up to the head seen before the read: every seq at or below it is committed.
    return deps.pages.read(position, options.batchSize, head, batchBytes);
  }

  // Exact waits, no jitter: one subscriber retrying in-process has nobody to collide with. The cap (2^7 × base) keeps
  // a generous maxRetries from sleeping for hours.
  const backoff = (attempt: number) => backoffDelay(attempt, { baseMs: options.retryBaseMs, maxMs: options.retryBaseMs * 2 ** 7 });

  async function deliver(envelope: EventEnvelope, batch: ConsumerBatch): Promise<void> {
    if (!wants(envelope)) return;
    if (blocked.has(envelope.streamId)) {
      await deadLetters.park(name, envelope, 'held', 'Held behind an earlier event of its stream in the dead-letter queue.', '', 0);
      return;
    }
    let failure: unknown;
    for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
      if (attempt > 0) {
        retrying = true;
        counters.retries++;
        await delay(backoff(attempt), sleeper);
        if (stopped && drainTo === undefined) throw new Error('stopped');
      }
      try {
        const event = await decoder.decode(envelope);
        if (!event) {
          counters.skippedUnknown++;
        } else {
          await batch.handle(event, { attempt, replay: false });
          counters.handled++;
        }
        retrying = false;
        return;
      } catch (error) {
        failure = error;
        lastError = { message: errorMessage(error), eventId: envelope.id, at: deps.now().toISOString() };
        logger.warn({ subscription: name, eventId: envelope.id, seq: envelope.seq, attempt, error: errorMessage(error) }, 'subscriber failed on an event');
      }
    }
    retrying = false;
    await deadLetters.park(name, envelope, 'parked', errorMessage(failure), failure instanceof Error ? (failure.stack ?? '') : '', options.maxRetries);
    blocked.add(envelope.streamId);
    counters.parked++;
    logger.error({ subscription: name, eventId: envelope.id, seq: envelope.seq, retries: options.maxRetries }, 'event parked in the dead-letter queue');
  }

  async function processBatch(head: number): Promise<boolean> {
    const ticket = consumer.mode === 'async' ? deps.gate?.begin() : undefined;
    try {
      const events = await nextEvents(head);
      if (events.length === 0) return false;
      const batch = consumer.beginBatch();
      await batch.prepare?.(events.filter((e) => wants(e) && !blocked.has(e.streamId)));
      let last = position;
      for (const envelope of events) {
        if (stopped && drainTo === undefined) break;
        await deliver(envelope, batch);
        last = envelope.seq;
      }
      if (last === position) return true;
      if (!ticket) deps.gate?.ride();
      await (ticket ? ticket.commit(() => batch.commit()) : batch.commit());
      // Its effects are durable: whoever waits may go on. The checkpoint follows; if it is lost in a crash the
      // batch is delivered again, and idempotent consumers skip what they already did.
      position = last;
      settleWaiters();
      scheduleCheckpoint();
      return true;
    } finally {
      ticket?.end();
    }
  }

  const finished = (async () => {
    let failures = 0;
    for (;;) {
      if (stopped && (drainTo === undefined || position >= drainTo || Date.now() > drainDeadline)) return;
      if (paused && !stopped) {
        await new Promise<void>((resolve) => (wakeLoop = resolve));
        continue;
      }
      const head = store.headSeq();
      if (position >= head) {
        if (stopped) return;
        await idle(IDLE_POLL_MS);
        continue;
      }
      try {
        // Steps aside while tellers' commands flow (bounded, so it never starves), unless someone waits for it.
        if (deps.lanes && waiters.length === 0) await deps.lanes.whenQuiet(QUIET_MS, COLLECT_MS, hurry);
        const progressed = await exclusive(() => processBatch(head));
        failures = 0;
        if (!progressed) await idle(IDLE_POLL_MS / 4);
      } catch (error) {
        if (stopped && drainTo === undefined) return;
        // A storage failure, not one event's fault: note it, back off, and read again from the checkpoint.
        failures++;
        tail = [];
        lastError = { message: errorMessage(error), eventId: '', at: deps.now().toISOString() };
        logger.error({ subscription: name, error: errorMessage(error) }, 'subscription batch failed');
        await delay(backoff(failures), sleeper);
      }
    }
  })();

  return {
    name,
    consumer,
    position: () => position,
    slot: () => slot,
    waitFor(seq) {
      if (paused || stopped || position >= seq) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push({ seq, resolve });
        hurry.wake?.();
        wake();
      });
    },
    exclusive,
    async moveTo(nextSlot, nextPosition) {
      slot = nextSlot;
      position = nextPosition;
      saved = { position, slot };
      blocked.clear();
      for (const streamId of await deadLetters.blockedStreams(name)) blocked.add(streamId);
      settleWaiters();
    },
    pause() {
      paused = true;
      settleWaiters();
    },
    resume() {
      paused = false;
      wake();
    },
    isPaused: () => paused,
    unblock(streamId) {
      if (streamId === undefined) blocked.clear();
      else blocked.delete(streamId);
      wake();
    },
    async status() {
      const head = store.headSeq();
      const depth = await deadLetters.depth(name);
      const lag = Math.max(0, head - position);
      const health: SubscriptionHealth = paused ? 'rebuilding' : retrying || depth > 0 ? 'failing' : lag > options.lagWarning ? 'lagging' : 'ok';
      return {
        name,
        kind: consumer.kind,
        mode: consumer.mode,
        stream: streamFilterOf(consumer),
        ...(consumer.kind === 'projection' ? { slot } : {}),
        position,
        head,
        lag,
        pending: tail.filter((e) => e.seq > position).length,
        deadLetters: depth,
        status: health,
        lastError,
        ...counters,
      };
    },
    async stop({ drainTo: target, deadline } = {}) {
      drainTo = target;
      drainDeadline = deadline ?? Number.POSITIVE_INFINITY;
      stopped = true;
      hurry.wake?.();
      sleeper.stopped = true;
      if (target === undefined) sleeper.wake?.();
      wake();
      await finished;
      tailSubscription.unsubscribe();
      clearTimeout(checkpointTimer);
      checkpointTimer = undefined;
      await exclusive(saveCheckpoint);
      settleWaiters();
    },
  };
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
