/**
 * Push: sends local commits in seq order, with their chain hash so the gateway can check this device's history of
 * each stream. Accepted ones are confirmed; one the gateway refuses on the rules becomes an exception, and the later
 * local commits of its stream are archived to be decided again without it; a stream that moved stops the push there.
 */

import type { RxCollection } from 'rxdb';
import type { SyncReason } from '@fidelis/shared/sync/protocol.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { EventStore } from '../store/eventStore.js';
import type { SyncExceptionQueue } from './exceptionQueue.js';
import type { GatewayClient } from './gatewayClient.js';
import { localCommitsFrom } from './localCommits.js';
import type { SyncReport } from './syncReport.js';
import { archivedId, type SyncRecords } from './syncRecords.js';

export interface SyncPushDeps {
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly records: SyncRecords;
  readonly exceptions: Pick<SyncExceptionQueue, 'raise'>;
  readonly clock: () => Date;
  readonly pushBatch: number;
  /** True for streams derived on each workstation (facts): never pushed, so two workstations never race on them. */
  readonly isLocalOnly: (streamId: string) => boolean;
  readonly onStreamsSuperseded: (streamIds: readonly string[]) => Promise<void>;
}

export interface SyncPush {
  /** Pushes what is still local; true when some commit met a stream that moved (pull, rebase and push again). */
  pushAll(client: GatewayClient, report: SyncReport): Promise<boolean>;
}

export function createSyncPush(deps: SyncPushDeps): SyncPush {
  const { commits, records } = deps;
  const now = () => deps.clock().toISOString();

  async function refuse(commit: CommitDocument, reason: SyncReason, report: SyncReport): Promise<void> {
    const overtaken = await localCommitsFrom(commits, commit.streamId, commit.version);
    const later = overtaken.filter((c) => c.id !== commit.id && c.events[0]!.gpos === null);
    const at = now();
    await records.archive([
      { commit, status: 'rebasing', reason, at },
      ...later.map((c) => ({ commit: c, status: 'rebasing' as const, reason: { code: 'REBASED', message: `Decided again after ${commit.commandId} was refused by the gateway.` }, at })),
    ]);
    await deps.store.applyRemote({ supersede: [commit, ...later].map((c) => c.id), commits: [] });
    await deps.exceptions.raise(archivedId(commit.events[0]!.id), { commit, reason, archivedAt: at }, reason);
    report.exceptions++;
    await deps.onStreamsSuperseded([commit.streamId]);
  }

  return {
    async pushAll(client, report) {
      // Commits with nothing to push (pulled ones, derived facts) are walked past with the cursor saved once, not per page.
      let passedTo = (await records.cursor()).pushedSeq;
      const savePassed = async () => {
        if (passedTo > (await records.cursor()).pushedSeq) await records.saveCursor({ pushedSeq: passedTo });
      };
      for (;;) {
        // Read below RxDB (the store's own commit index): a join walks every pulled commit here once.
        const docs = await deps.store.readCommits(passedTo, deps.pushBatch);
        if (docs.length === 0) {
          await savePassed();
          return false;
        }
        const local = docs.filter((d) => d.events[0]!.gpos === null && !deps.isLocalOnly(d.streamId));
        if (local.length === 0) {
          passedTo = docs[docs.length - 1]!.lastSeq;
          continue;
        }
        const { results } = await client.push(
          local.map((c) => ({ streamId: c.streamId, version: c.version, commandId: c.commandId, commandHash: c.commandHash, events: c.events, ...(c.hash ? { hash: c.hash } : {}) })),
        );
        const confirmations: { commit: CommitDocument; gpos: number[] }[] = [];
        const rejected: { commit: CommitDocument; reason: SyncReason }[] = [];
        let blockedAt = Number.POSITIVE_INFINITY;
        results.forEach((result, i) => {
          const commit = local[i]!;
          if (result.status === 'accepted' || result.status === 'duplicate') confirmations.push({ commit, gpos: result.gpos });
          else if (result.status === 'rejected') rejected.push({ commit, reason: result.reason });
          else blockedAt = Math.min(blockedAt, commit.lastSeq);
        });
        await records.confirm(confirmations);
        report.pushed += results.reduce((n, r, i) => n + (r.status === 'accepted' ? local[i]!.events.length : 0), 0);
        for (const { commit, reason } of rejected) await refuse(commit, reason, report);
        const passed = docs.filter((d) => d.lastSeq < blockedAt);
        if (passed.length > 0) passedTo = passed[passed.length - 1]!.lastSeq;
        if (passed.length > 0) await records.saveCursor({ pushedSeq: passedTo, lastSyncedAt: now() });
        else await savePassed();
        if (blockedAt !== Number.POSITIVE_INFINITY) return true;
      }
    },
  };
}
