/** The explorer and tracing as the renderer's API asks for them (shared/api/schemas.ts shapes), over the Explorer. */

import type { ExplorerFeature, TracingFeature } from '../api/hostFeatures.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';
import type { Explorer } from './explorer.js';
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

export function createExplorerApi(store: EventStore, explorer: Explorer): ExplorerFeature & TracingFeature {
  return {
    streams: ({ category, offset, limit }) => explorer.streams({ category, offset, limit }),

    async types() {
      const stats = await explorer.stats();
      return { items: stats.types.map((t) => ({ type: t.type, count: t.events })) };
    },

    async search({ text, streamId, offset, limit }) {
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

    async trace(correlationId) {
      const trace = await explorer.trace(correlationId);
      return {
        correlationId,
        nodes: trace.flat.map((n) => ({ id: n.id, kind: n.kind, type: n.type, streamId: n.streamId, parentId: n.parentId, at: n.at })),
      };
    },
  };
}
