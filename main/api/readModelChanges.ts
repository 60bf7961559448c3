/**
 * Live read-side changes for the `readModel` topic. Async projections and handlers catch up after a command has
 * returned, so a screen cannot re-read on the store's change alone: after each append this follows the subscriptions'
 * positions until they have caught up, and names what moved — the projection, `dashboard` (BranchDashboard and the
 * hourly volume), `alerts` (the compliance handler), `deadLetters` and `subscriptions`.
 */

import { Subject, type Observable, type Subscription } from 'rxjs';
import type { Logger } from '../log.js';
import type { Processing } from '../processing/processingEngine.js';
import type { SubscriptionStatus } from '../processing/subscription.js';
import type { EventStore } from '../store/eventStore.js';

/** A read model (or live state) that moved, by the name the `readModel` topic follows, and the store position then. */
export interface ReadModelChange {
  readonly name: string;
  readonly headSeq: number;
}

export interface ReadModelChangeFeed {
  readonly readModelChanged$: Observable<ReadModelChange>;
  /** Announces a change made outside the subscriptions (an acknowledgement, a purge). */
  changed(name: string): void;
  close(): void;
}

/** How often positions are looked at while something is behind; nothing is polled when all have caught up. */
const FOLLOW_MS = 150;

/** The names a subscription's progress is announced under. */
function namesOf(subscription: string): string[] {
  const projection = subscription.startsWith('projection:') ? subscription.slice('projection:'.length) : undefined;
  if (projection === 'BranchDashboard' || projection === 'HourlyVolume') return [projection, 'dashboard'];
  if (projection) return [projection];
  if (subscription === 'compliance-alerts') return ['alerts'];
  return [subscription];
}

export function createReadModelChangeFeed(store: EventStore, processing: Processing, logger: Logger): ReadModelChangeFeed {
  const changes = new Subject<ReadModelChange>();
  const seen = new Map<string, { position: number; deadLetters: number; status: string }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let following = false;
  let closed = false;

  const emit = (name: string) => {
    if (!closed) changes.next({ name, headSeq: store.headSeq() });
  };

  async function look(): Promise<void> {
    let statuses: SubscriptionStatus[];
    try {
      statuses = await processing.status();
    } catch (error) {
      if (!closed) logger.warn({ err: error }, 'subscription status unavailable for live updates');
      return;
    }
    if (closed) return;
    const moved = new Set<string>();
    let behind = false;
    for (const status of statuses) {
      const before = seen.get(status.name);
      seen.set(status.name, { position: status.position, deadLetters: status.deadLetters, status: status.status });
      if (status.position < status.head || status.pending > 0) behind = true;
      if (!before || before.position !== status.position) for (const name of namesOf(status.name)) moved.add(name);
      if (!before || before.deadLetters !== status.deadLetters) moved.add('deadLetters');
      if (!before || before.position !== status.position || before.deadLetters !== status.deadLetters || before.status !== status.status) moved.add('subscriptions');
    }
    for (const name of moved) emit(name);
    if (behind) schedule();
  }

  function schedule(): void {
    if (closed || following) return;
    following = true;
    timer = setTimeout(() => {
      timer = undefined;
      // Cleared first: an append during the look, or a look that finds work left, schedules the next one.
      following = false;
      void look();
    }, FOLLOW_MS);
  }

  const appended: Subscription = store.appended$.subscribe(() => schedule());

  return {
    readModelChanged$: changes.asObservable(),
    changed: emit,
    close() {
      closed = true;
      appended.unsubscribe();
      if (timer) clearTimeout(timer);
      changes.complete();
    },
  };
}
