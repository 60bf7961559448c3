/**
 * A small in-memory index of every account, fed from the store (a catch-up scan, then store.appended$): the current
 * state, the running balance and time after each version, and the day's movements. It serves the account list,
 * the timeline's running balances and the dashboard until the AccountSummary read model replaces it.
 */

import { Subject, type Observable, type Subscription } from 'rxjs';
import { categoryOf, type EventEnvelope } from '../../shared/events/envelope.js';
import type { EventRegistry } from '../../shared/events/registry.js';
import { ACCOUNT_CATEGORY, accountDecider, initialAccountState, type AccountEvent, type AccountState } from '../../shared/ledger/account/index.js';
import type { EventStore } from '../store/eventStore.js';

export interface IndexedAccount {
  state: AccountState;
  /** Lower-cased number and holder, for search. */
  readonly searchNumber: string;
  readonly searchHolder: string;
  /** Ledger balance after each version, in minor units (exact: 64-bit integers). */
  balances: BigInt64Array;
  /** occurredAt of each version, in epoch milliseconds. */
  times: Float64Array;
}

export interface Movement {
  readonly eventId: string;
  readonly accountId: string;
  readonly kind: 'deposit' | 'withdrawal';
  readonly sourceType: string;
  /** Positive, in minor units. */
  readonly amount: bigint;
  readonly currency: string;
  readonly at: number;
}

export interface IndexChange {
  readonly headSeq: number;
  readonly streamIds: readonly string[];
}

export interface AccountsIndex {
  /** Resolves once the index has caught up with the store as it was at start. */
  readonly ready: Promise<void>;
  /** Resolves once every event up to `seq` is in the index. */
  settled(seq: number): Promise<void>;
  get(accountId: string): IndexedAccount | undefined;
  /** Accounts sorted by number, filtered by the search text. */
  search(text: string): readonly IndexedAccount[];
  /** Movements with `from <= at < to`. */
  movements(from: number, to: number): readonly Movement[];
  /** Emits after each batch of events has been applied, with the streams it touched. */
  readonly changes$: Observable<IndexChange>;
  headSeq(): number;
  close(): void;
}

const SCAN_PAGE = 2_000;

export function createAccountsIndex(store: EventStore, registry: EventRegistry): AccountsIndex {
  const accounts = new Map<string, IndexedAccount>();
  let sorted: IndexedAccount[] | undefined;
  const movements: Movement[] = [];
  const changes = new Subject<IndexChange>();
  let applied = 0;
  let caughtUp = false;
  const buffered: (readonly EventEnvelope[])[] = [];
  const waiters: { seq: number; resolve: () => void }[] = [];

  function apply(envelope: EventEnvelope): void {
    if (envelope.seq <= applied) return;
    applied = envelope.seq;
    if (categoryOf(envelope.streamId) !== ACCOUNT_CATEGORY) return;
    const event = registry.decode(envelope.type, envelope.data) as AccountEvent | undefined;
    const accountId = envelope.streamId.slice(ACCOUNT_CATEGORY.length + 1);
    let entry = accounts.get(accountId);
    const before = entry?.state ?? initialAccountState;
    // An unknown type (written by a newer build) cannot change rules this build knows: the state stays, the version moves.
    const after = event ? accountDecider.evolve(before, event) : { ...before, version: envelope.version };
    if (!entry) {
      if (after.status === 'NONE') return;
      entry = {
        state: after,
        searchNumber: after.number.toLowerCase(),
        searchHolder: after.holder.toLowerCase(),
        balances: new BigInt64Array(4),
        times: new Float64Array(4),
      };
      accounts.set(accountId, entry);
      sorted = undefined;
    }
    entry.state = after;
    const version = envelope.version;
    if (version >= entry.balances.length) {
      const size = Math.max(version + 1, entry.balances.length * 2);
      const balances = new BigInt64Array(size);
      balances.set(entry.balances);
      const times = new Float64Array(size);
      times.set(entry.times);
      entry.balances = balances;
      entry.times = times;
    }
    const at = Date.parse(envelope.occurredAt);
    entry.balances[version] = after.balance;
    entry.times[version] = at;

    const delta = after.balance - before.balance;
    if (delta !== 0n && event) {
      const sourceType =
        event.type === 'DepositMade' ? event.data.sourceType : event.type === 'AccountOpened' ? 'opening' : event.type === 'WithdrawalMade' ? 'counter' : event.type;
      movements.push({
        eventId: envelope.id,
        accountId,
        kind: delta > 0n ? 'deposit' : 'withdrawal',
        sourceType,
        amount: delta > 0n ? delta : -delta,
        currency: after.currency,
        at,
      });
    }
  }

  function applyBatch(events: readonly EventEnvelope[]): void {
    const streamIds = new Set<string>();
    for (const envelope of events) {
      if (envelope.seq > applied) streamIds.add(envelope.streamId);
      apply(envelope);
    }
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.seq <= applied) {
        waiters[i]!.resolve();
        waiters.splice(i, 1);
      }
    }
    if (streamIds.size > 0) changes.next({ headSeq: applied, streamIds: [...streamIds] });
  }

  // Subscribe before the scan so nothing appended meanwhile is missed; apply() skips what the scan already saw.
  const live: Subscription = store.appended$.subscribe((events) => {
    if (caughtUp) applyBatch(events);
    else buffered.push(events);
  });

  const ready = (async () => {
    for (;;) {
      const page = await store.readAll(applied, SCAN_PAGE);
      if (page.length === 0) break;
      for (const envelope of page) apply(envelope);
    }
    caughtUp = true;
    for (const events of buffered.splice(0)) applyBatch(events);
    applyBatch([]);
  })();

  return {
    ready,
    settled(seq) {
      if (seq <= applied) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ seq, resolve }));
    },
    get: (accountId) => accounts.get(accountId),
    search(text) {
      sorted ??= [...accounts.values()].sort((a, b) => (a.state.number < b.state.number ? -1 : a.state.number > b.state.number ? 1 : 0));
      const needle = text.trim().toLowerCase();
      if (needle === '') return sorted;
      return sorted.filter((entry) => entry.searchNumber.startsWith(needle) || entry.searchHolder.includes(needle));
    },
    movements(from, to) {
      // Movements arrive in seq order, which is nearly time order: a linear scan keeps it simple and exact.
      return movements.filter((m) => m.at >= from && m.at < to);
    },
    changes$: changes.asObservable(),
    headSeq: () => applied,
    close() {
      live.unsubscribe();
      changes.complete();
    },
  };
}

/** The last version of an account at or before `time` (epoch ms), or -1 when it did not exist yet. */
export function versionAsOf(entry: IndexedAccount, time: number): number {
  let low = 0;
  let high = entry.state.version;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entry.times[middle]! <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
