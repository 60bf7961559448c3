/** Sync's status for the UI and the CLI: configured, online, what is still to push, open exceptions; published while someone watches. */

import { BehaviorSubject, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { CommitDocument } from '../store/commitSchema.js';
import type { SyncRecords } from './syncRecords.js';
import type { SyncRunnerState } from './syncRunner.js';

export interface SyncStatus {
  readonly configured: boolean;
  readonly gatewayUrl: string | null;
  readonly running: boolean;
  readonly online: boolean;
  /** Local events the gateway has not confirmed yet. */
  readonly pendingEvents: number;
  readonly lastSyncedAt: string | null;
  readonly lastError: string | null;
  readonly pulledGpos: number;
  readonly openExceptions: number;
}

export interface SyncStatusBoard {
  status(): Promise<SyncStatus>;
  /** The latest status, once someone subscribed and something changed. */
  readonly status$: Observable<SyncStatus | undefined>;
  /** Something changed: counts again, if anyone watches. */
  publish(): Promise<void>;
  close(): void;
}

export interface SyncStatusDeps {
  readonly records: SyncRecords;
  readonly commits: RxCollection<CommitDocument>;
  readonly isLocalOnly: (streamId: string) => boolean;
  readonly runner: () => SyncRunnerState;
}

/** Commits counted per page: RxDB over IndexedDB answers bounded queries fast and unbounded ones slowly. */
const PAGE = 1000;

export function createSyncStatus(deps: SyncStatusDeps): SyncStatusBoard {
  const { records } = deps;
  const status$ = new BehaviorSubject<SyncStatus | undefined>(undefined);

  async function pendingEvents(): Promise<number> {
    let after = (await records.cursor()).pushedSeq;
    let pending = 0;
    for (;;) {
      const page = (await deps.commits.find({ selector: { lastSeq: { $gt: after } }, sort: [{ lastSeq: 'asc' }], limit: PAGE }).exec()).map((d) => d.toMutableJSON());
      if (page.length === 0) return pending;
      after = page[page.length - 1]!.lastSeq;
      const local = page.filter((d) => d.events[0]!.gpos === null && !deps.isLocalOnly(d.streamId));
      const confirmed = await records.confirmedAmong(local.map((d) => d.events[0]!.id));
      pending += local.filter((d) => !confirmed.has(d.events[0]!.id)).reduce((n, d) => n + d.events.length, 0);
    }
  }

  async function status(): Promise<SyncStatus> {
    const config = await records.config();
    const cursor = await records.cursor();
    const { running, online, lastError } = deps.runner();
    return {
      configured: config !== undefined,
      gatewayUrl: config?.gatewayUrl ?? null,
      running,
      online,
      pendingEvents: await pendingEvents(),
      lastSyncedAt: cursor.lastSyncedAt,
      lastError,
      pulledGpos: cursor.pulledGpos,
      openExceptions: await records.countArchived('exception'),
    };
  }

  return {
    status,
    status$: status$.asObservable(),
    async publish() {
      // Counting pending events costs a scan: only when someone (the UI) watches.
      if (!status$.observed) return;
      try {
        status$.next(await status());
      } catch {
        // The database may be closing; the next change publishes again.
      }
    },
    close: () => status$.complete(),
  };
}
