/** The operations area's API handlers: subscription status, dead-letter queues and projection rebuilds, and the hash chain verified. */

import type { operationsMethods, RebuildStatusDto, SubscriptionStatusDto } from '@fidelis/shared/operations/api.js';
import type { Logger } from '../log.js';
import type { Processing, ReplayReport } from './processingEngine.js';
import type { SubscriptionStatus } from './subscription.js';
import type { EventStore } from '../store/eventStore.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { LedgerVerification } from '../integrity/ledgerVerify.js';

export function toSubscriptionStatus(status: SubscriptionStatus): SubscriptionStatusDto {
  return {
    name: status.name,
    position: status.position,
    lag: status.lag,
    pending: status.pending,
    deadLetters: status.deadLetters,
    // A projection being rebuilt still serves its old build: to the operator it is behind, not broken.
    status: status.status === 'rebuilding' ? 'lagging' : status.status,
  };
}

const replayCounts = (report: ReplayReport) => ({ replayed: report.replayed.length, failed: report.failed ? 1 : 0 });

export interface OperationsApiDeps {
  readonly processing: Processing;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Told whenever what the Operations screen shows moved (queues, rebuild progress). */
  changed(name: string): void;
  /** Recomputes every stream's hash chain (main/integrity/ledgerVerify.ts). */
  verify(): Promise<LedgerVerification>;
}

export function createOperationsApi({ processing, store, logger, changed, verify }: OperationsApiDeps): AreaHandlers<typeof operationsMethods> {
  /** Rebuilds started from the screen, by projection: progress for the bar, the counts once done. */
  const rebuilds = new Map<string, RebuildStatusDto>();
  const idle = (projection: string): RebuildStatusDto => ({ projection, running: false, processed: 0, total: 0, dispatched: 0, skipped: 0 });
  const queuesChanged = () => {
    changed('deadLetters');
    changed('subscriptions');
  };

  return {
    'ops.subscriptions': async () => {
      const statuses = await processing.status();
      return { items: statuses.map(toSubscriptionStatus).sort((a, b) => (a.name < b.name ? -1 : 1)) };
    },
    'ops.deadLetters': async ({ subscription, offset, limit }) => {
      const records = await processing.deadLetters.list(subscription);
      return {
        total: records.length,
        items: records.slice(offset, offset + limit).map((record) => ({
          id: record.id,
          subscription: record.subscription,
          eventId: record.eventId,
          eventType: record.eventType,
          streamId: record.streamId,
          reason: record.reason,
          retries: record.retryCount,
          parkedAt: record.failedAt,
          payload: record.event,
        })),
      };
    },
    'ops.replayDeadLetter': async ({ id }) => {
      const report = await processing.deadLetters.replay(id);
      queuesChanged();
      return replayCounts(report);
    },
    'ops.replayAllDeadLetters': async ({ subscription }) => {
      const report = await processing.deadLetters.replayAll(subscription);
      queuesChanged();
      return replayCounts(report);
    },
    'ops.purgeDeadLetters': async ({ subscription }) => {
      const purged = await processing.deadLetters.purge(subscription);
      queuesChanged();
      return { purged };
    },
    'ops.rebuilds': async () => {
      return { items: processing.projectionNames().sort().map((name) => rebuilds.get(name) ?? idle(name)) };
    },
    'ops.startRebuild': async ({ projection }) => {
      // Refuses an unknown name before anything starts (NOT_FOUND on `projection`).
      processing.slotOf(projection);
      const running = rebuilds.get(projection);
      if (running?.running) return running;
      const total = store.headSeq();
      rebuilds.set(projection, { ...idle(projection), running: true, total });
      // The rebuild runs in the background on the bulk lane; the screen follows it through the `rebuilds` topic.
      processing
        .rebuild(projection, (progress) => {
          rebuilds.set(projection, { projection, running: true, processed: progress.position, total: Math.max(total, progress.head), dispatched: progress.dispatched, skipped: 0 });
          changed('rebuilds');
        })
        .then(([report]) => {
          const head = Math.max(total, report?.position ?? 0);
          rebuilds.set(projection, { projection, running: false, processed: head, total: head, dispatched: report?.dispatched ?? 0, skipped: report?.skippedUnknown ?? 0 });
        })
        .catch((error: unknown) => {
          logger.error({ err: error, projection }, 'projection rebuild from the Operations screen failed');
          rebuilds.set(projection, { ...(rebuilds.get(projection) ?? idle(projection)), running: false });
        })
        .finally(() => {
          changed('rebuilds');
          changed('subscriptions');
        });
      return rebuilds.get(projection)!;
    },
    'ops.verify': () => verify(),
  };
}
