/** Pages through the whole store in `seq` order: exploration never holds more than one page of a large store. */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';

export const SCAN_PAGE = 1000;

/** Every event after `afterSeq`, one page at a time; stop early by breaking out of the loop. */
export async function* scanEvents(store: EventStore, afterSeq = 0, pageSize = SCAN_PAGE): AsyncGenerator<EventEnvelope> {
  let cursor = afterSeq;
  for (;;) {
    const page = await store.readAll(cursor, pageSize);
    if (page.length === 0) return;
    for (const event of page) yield event;
    cursor = page[page.length - 1]!.seq;
  }
}
