/** Decodes one stream's events in order, carrying the facts each records so later events can be upcast with them. */

import type { DomainEvent } from '../decider.js';
import type { EventEnvelope } from './envelope.js';
import type { EventRegistry, StreamFacts } from './registry.js';

export interface StreamReader {
  /** The event upcast to today's version, or undefined for a type this build does not know. */
  decode(envelope: Pick<EventEnvelope, 'type' | 'data' | 'streamId'>): DomainEvent | undefined;
  /** What the stream has recorded so far (kept in snapshots, so a load from one can still upcast what follows). */
  facts(): StreamFacts;
}

export function createStreamReader(registry: EventRegistry, streamId: string, initialFacts: StreamFacts = {}): StreamReader {
  let facts = initialFacts;
  return {
    decode(envelope) {
      const event = registry.decode(envelope.type, envelope.data, { streamId, facts });
      const recorded = event && registry.factsOf(event);
      if (recorded) facts = { ...facts, ...recorded };
      return event;
    },
    facts: () => facts,
  };
}
