/**
 * Decodes stored envelopes for subscribers: upcasts through the registry and, for old events whose upcasters need
 * facts their stream recorded earlier (a v1 deposit's currency), reads those facts from the stream once and caches them.
 */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry, StreamFacts } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { EventStore } from '../store/eventStore.js';

export interface EventDecoder {
  /** The event at today's version, or undefined for a type this build does not know. */
  decode(envelope: EventEnvelope): Promise<LedgerEvent | undefined>;
}

/** Streams whose facts are remembered; facts are written once at a stream's start, so a miss only costs one read. */
const FACT_CACHE_SIZE = 20_000;

export function createEventDecoder(store: EventStore, registry: EventRegistry): EventDecoder {
  const factsByStream = new Map<string, StreamFacts>();

  const remember = (streamId: string, facts: StreamFacts) => {
    if (factsByStream.size >= FACT_CACHE_SIZE) factsByStream.delete(factsByStream.keys().next().value as string);
    factsByStream.set(streamId, facts);
  };

  async function factsBefore(envelope: EventEnvelope): Promise<StreamFacts> {
    const cached = factsByStream.get(envelope.streamId);
    if (cached) return cached;
    const reader = createStreamReader(registry, envelope.streamId);
    if (envelope.version > 0) {
      for (const earlier of await store.readStream(envelope.streamId, { fromVersion: 0, toVersion: envelope.version - 1 })) reader.decode(earlier);
    }
    remember(envelope.streamId, reader.facts());
    return reader.facts();
  }

  // Subscriptions reading the same page (or the same live tail) hold the same envelope objects: each is decoded once.
  const decoded = new WeakMap<EventEnvelope, LedgerEvent | undefined>();

  async function decodeOnce(envelope: EventEnvelope): Promise<LedgerEvent | undefined> {
    const context = registry.needsFacts(envelope.type) ? { streamId: envelope.streamId, facts: await factsBefore(envelope) } : undefined;
    const event = registry.decode(envelope.type, envelope.data, context);
    if (!event) return undefined;
    const recorded = registry.factsOf(event);
    if (recorded) remember(envelope.streamId, { ...(factsByStream.get(envelope.streamId) ?? {}), ...recorded });
    return {
      id: envelope.id,
      type: event.type,
      storedType: envelope.type,
      streamId: envelope.streamId,
      version: envelope.version,
      seq: envelope.seq,
      occurredAt: envelope.occurredAt,
      recordedAt: envelope.recordedAt,
      meta: envelope.meta,
      data: event.data as Record<string, unknown>,
    };
  }

  return {
    async decode(envelope) {
      if (decoded.has(envelope)) return decoded.get(envelope);
      const event = await decodeOnce(envelope);
      decoded.set(envelope, event);
      return event;
    },
  };
}
