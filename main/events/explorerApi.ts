/** The event explorer's API handlers: streams, event types, search, one event opened, and causation traces, over the Explorer (secrets redacted). */

import type { explorerMethods } from '@fidelis/shared/operations/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';
import type { Explorer } from './explorer.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { scanEvents } from './scan.js';
import { redactSecrets } from '@fidelis/shared/staff/redaction.js';

const toDto = (e: EventEnvelope) => ({
  eventId: e.id,
  type: e.type,
  streamId: e.streamId,
  version: e.version,
  seq: e.seq,
  occurredAt: e.occurredAt,
  correlationId: e.meta.correlationId,
  causationId: e.meta.causationId,
  data: redactSecrets(e.data),
});

export function createExplorerApi(store: EventStore, explorer: Explorer): AreaHandlers<typeof explorerMethods> {
  const traceOf = async (correlationId: string) => {
    const trace = await explorer.trace(correlationId);
    return {
      correlationId,
      nodes: trace.flat.map((n) => ({ id: n.id, kind: n.kind, type: n.type, streamId: n.streamId, parentId: n.parentId, at: n.at })),
    };
  };

  return {
    'explorer.streams': ({ category, offset, limit }) => explorer.streams({ category, offset, limit }),

    'explorer.types': async () => {
      const stats = await explorer.stats();
      return { items: stats.types.map((t) => ({ type: t.type, count: t.events })) };
    },

    'explorer.search': async ({ text, streamId, offset, limit }) => {
      const needle = text.toLowerCase();
      const items: ReturnType<typeof toDto>[] = [];
      let total = 0;
      for await (const event of scanEvents(store)) {
        if (streamId !== undefined && event.streamId !== streamId) continue;
        if (needle !== '' && !event.type.toLowerCase().includes(needle) && event.streamId !== text) continue;
        if (total >= offset && items.length < limit) items.push(toDto(event));
        total++;
      }
      return { total, items };
    },

    'explorer.trace': ({ correlationId }) => traceOf(correlationId),

    'explorer.event': async ({ streamId, version }) => {
      const [event] = await store.readStream(streamId, { fromVersion: version, toVersion: version });
      if (!event) throw new DomainError('NOT_FOUND', `No event at version ${version} of ${streamId}.`, 'version');
      return { event: { ...toDto(event), recordedAt: event.recordedAt, meta: { ...event.meta } }, trace: await traceOf(event.meta.correlationId) };
    },
  };
}
