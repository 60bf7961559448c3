/** An account folded from its stream (from a snapshot where there is one): as it is now, or as it stood at a version or a time. */

import { toAccountView, type AccountView } from '@fidelis/shared/accounts/index.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { loadAggregate, type StreamGuard } from '../ledger/loadAggregate.js';
import type { RecentStates } from '../ledger/recentStates.js';
import type { SnapshotStore } from '../ledger/snapshots.js';
import { loadAggregateAt, parseTemporalPoint } from '../ledger/temporal.js';
import type { EventStore, StreamRange } from '../store/eventStore.js';
import { accountSlice } from './accountSlice.js';

/** An account as it stood at a version or time: a view only, so there is nothing to decide a command against. */
export interface TemporalAccount {
  readonly readOnly: true;
  readonly account: AccountView;
  /** The version shown, and the time asked for (as-of loads). */
  readonly pointInTime: { readonly version: number; readonly asOf?: string };
  /** The newest version of the stream, whatever point is shown. */
  readonly headVersion: number;
  /** The snapshot the load started from, if any, and how many events it replayed. */
  readonly snapshotVersion: number | null;
  readonly replayed: number;
  /** Always refused with READ_ONLY: history is read, never decided upon. */
  execute(request: unknown): Promise<never>;
}

export interface AccountViews {
  getAccount(accountId: string, range?: StreamRange): Promise<AccountView | undefined>;
  /** An account at a version (`atVersion`) or as of a time (`asOf`, ISO): exactly one of them. Read-only. */
  accountAt(accountId: string, point: { atVersion?: number | string | undefined; asOf?: string | undefined }): Promise<TemporalAccount>;
}

export function createAccountViews(deps: {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly snapshots: SnapshotStore;
  readonly recent?: RecentStates;
  /** A stream whose hash chain fails is not shown as if it were sound (LEDGER_DAMAGED). */
  readonly guard?: StreamGuard;
}): AccountViews {
  const { store, registry, snapshots } = deps;
  return {
    async getAccount(accountId, range) {
      await deps.guard?.(`${accountSlice.category}-${accountId}`);
      const { state, unreadable } = await loadAggregate(store, registry, accountSlice, accountId, range, snapshots, deps.recent);
      const view = toAccountView(state);
      // A balance that leaves out events this release cannot read is shown flagged, never as if it were whole.
      return view && unreadable.length > 0 ? { ...view, unreadable: { events: unreadable.length, types: [...new Set(unreadable.map((e) => e.type))] } } : view;
    },

    async accountAt(accountId, input) {
      await deps.guard?.(`${accountSlice.category}-${accountId}`);
      const point = parseTemporalPoint(input);
      const loaded = await loadAggregateAt({ store, registry, snapshots }, accountSlice, accountId, point);
      const account = toAccountView(loaded.state)!;
      const readOnly = (): Promise<never> =>
        Promise.reject(
          new DomainError('READ_ONLY', `This is account ${account.number} as it was at version ${loaded.version}: history cannot be changed. Commands go to the account as it is now.`, 'accountId'),
        );
      return Object.freeze({
        readOnly: true as const,
        account,
        pointInTime: { version: loaded.version, ...('asOf' in point ? { asOf: point.asOf } : {}) },
        headVersion: await store.streamVersion(`${accountSlice.category}-${accountId}`),
        snapshotVersion: loaded.snapshotVersion ?? null,
        replayed: loaded.replayed,
        execute: readOnly,
      });
    },
  };
}
