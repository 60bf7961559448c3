/** Operations in the API's shapes: subscription status, dead-letter queues and projection rebuilds from host.processing. */

import type { RebuildStatusDto, SubscriptionStatusDto } from '@fidelis/shared/api/schemas.js';
import type { Logger } from '../log.js';
import type { Processing, ReplayReport } from './processingEngine.js';
import type { SubscriptionStatus } from './subscription.js';
import type { EventStore } from '../store/eventStore.js';
import type { ProcessingFeature } from '../api/hostFeatures.js';

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

/** `changed` is told whenever what the Operations screen shows moved (queues, rebuild progress). */
export function createProcessingFeature(processing: Processing, store: EventStore, logger: Logger, changed: (name: string) => void): ProcessingFeature {
  /** Rebuilds started from the screen, by projection: progress for the bar, the counts once done. */
  const rebuilds = new Map<string, RebuildStatusDto>();
  const idle = (projection: string): RebuildStatusDto => ({ projection, running: false, processed: 0, total: 0, dispatched: 0, skipped: 0 });
  const queuesChanged = () => {
    changed('deadLetters');
    changed('subscriptions');
  };

  return {
    async subscriptions() {
      const statuses = await processing.status();
      return { items: statuses.map(toSubscriptionStatus).sort((a, b) => (a.name < b.name ? -1 : 1)) };
    },
    async deadLetters({ subscription, offset, limit }) {
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
    async replayDeadLetter(id) {
      const report = await processing.deadLetters.replay(id);
      queuesChanged();
      return replayCounts(report);
    },
    async replayAllDeadLetters(subscription) {
      const report = await processing.deadLetters.replayAll(subscription);
      queuesChanged();
      return replayCounts(report);
    },
    async purgeDeadLetters(subscription) {
      const purged = await processing.deadLetters.purge(subscription);
      queuesChanged();
      return { purged };
    },
    async rebuilds() {
      return { items: processing.projectionNames().sort().map((name) => rebuilds.get(name) ?? idle(name)) };
    },
    async startRebuild(projection) {
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
  };
}
