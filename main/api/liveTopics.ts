/**
 * Live topics: a stream's appends, the store's appends (optionally one category), and read-model changes by name.
 * Each answers synchronously with a subscription, or throws a DomainError for bad parameters.
 */

import { filter, map, type Observable, type Subscription } from 'rxjs';
import { apiTopics, type TopicName } from '@fidelis/shared/api/contract.js';
import { categoryOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { ReadModelChange } from './readModelChanges.js';

export interface LiveSources {
  /** Each durable group of appended events, after the inline read models have been handed it. */
  readonly appended$: Observable<readonly EventEnvelope[]>;
  headSeq(): number;
  readonly readModelChanged$: Observable<ReadModelChange>;
}

export type TopicListener = (event: unknown) => void;

export function openTopic(sources: LiveSources, topic: TopicName, params: unknown, listener: TopicListener): Subscription {
  switch (topic) {
    case 'stream': {
      const { streamId } = parseOrThrow(apiTopics.stream.params, params ?? {});
      return sources.appended$
        .pipe(
          map((events) => events.filter((e) => e.streamId === streamId)),
          filter((events) => events.length > 0),
        )
        .subscribe((events) => listener({ streamId, version: events.at(-1)!.version, headSeq: events.at(-1)!.seq }));
    }
    case 'store': {
      const { category } = parseOrThrow(apiTopics.store.params, params ?? {});
      return sources.appended$
        .pipe(
          map((events) => {
            const streamIds = new Set(events.map((e) => e.streamId).filter((id) => !category || categoryOf(id) === category));
            return { headSeq: events.at(-1)?.seq ?? sources.headSeq(), streamIds: [...streamIds] };
          }),
          filter((change) => change.streamIds.length > 0),
        )
        .subscribe(listener);
    }
    case 'readModel': {
      const { name } = parseOrThrow(apiTopics.readModel.params, params ?? {});
      return sources.readModelChanged$.pipe(filter((change) => change.name === name)).subscribe(listener);
    }
  }
}
