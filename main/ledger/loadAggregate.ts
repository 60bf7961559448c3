/** Rebuilds an aggregate's state by folding its stream's events, upcast to today's versions. */

import type { DomainEvent } from '../../shared/decider.js';
import type { EventEnvelope } from '../../shared/events/envelope.js';
import { streamIdOf } from '../../shared/events/envelope.js';
import type { EventRegistry } from '../../shared/events/registry.js';
import type { EventStore, StreamRange } from '../store/eventStore.js';
import type { AggregateSlice } from './aggregateSlice.js';

export interface LoadedAggregate<State> {
  readonly state: State;
  readonly events: readonly EventEnvelope[];
}

export async function loadAggregate<C extends { type: string }, E extends DomainEvent, S>(
  store: EventStore,
  registry: EventRegistry,
  slice: AggregateSlice<C, E, S>,
  aggregateId: string,
  range: StreamRange = {},
): Promise<LoadedAggregate<S>> {
  const events = await store.readStream(streamIdOf(slice.category, aggregateId), range);
  return { state: foldEvents(registry, slice, events), events };
}

export function foldEvents<C extends { type: string }, E extends DomainEvent, S>(
  registry: EventRegistry,
  slice: AggregateSlice<C, E, S>,
  events: readonly EventEnvelope[],
  from: S = slice.decider.initialState,
): S {
  return events.reduce((state, envelope) => {
    const event = registry.decode(envelope.type, envelope.data);
    // A type this build does not know (written by a newer app) cannot change rules it does not know either.
    return event ? slice.decider.evolve(state, event as E) : state;
  }, from);
}
