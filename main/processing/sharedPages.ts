/**
 * Pages of the store in `seq` order, read once for every subscription catching up over them: subscribers that trail
 * each other read and decode a page once instead of once each.
 */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';

export interface SharedPages {
  /** Up to `limit` events after `afterSeq`, none past `head` (the head seen before the read: all at or below it are durable). */
  read(afterSeq: number, limit: number, head: number): Promise<EventEnvelope[]>;
}

interface Page {
  readonly events: Promise<EventEnvelope[]>;
  readonly at: number;
}

/** Pages kept: subscribers more than this many pages apart read on their own, as before. */
const PAGES_KEPT = 16;
/**
 * A page is served from memory this long at most: sync may remove a provisional commit after it was read, and a
 * subscriber reading the page later should not see it much longer than one that read it from the store at the time.
 */
const PAGE_TTL_MS = 5_000;

export function createSharedPages(store: Pick<EventStore, 'readAll'>, pageSize: number, now: () => number = Date.now): SharedPages {
  // Page k holds the `pageSize` events after seq k × pageSize, kept only when full and durable.
  const pages = new Map<number, Page>();

  const load = (index: number, head: number): Promise<EventEnvelope[]> => {
    const events = store.readAll(index * pageSize, pageSize).then((read) => {
      // A page reaching past the durable head, or short of a full page, is still growing: not kept.
      if (read.length < pageSize || read.at(-1)!.seq > head) pages.delete(index);
      return read;
    });
    pages.delete(index);
    pages.set(index, { events, at: now() });
    events.catch(() => pages.delete(index));
    while (pages.size > PAGES_KEPT) pages.delete(pages.keys().next().value!);
    return events;
  };

  return {
    async read(afterSeq, limit, head) {
      const index = Math.floor(afterSeq / pageSize);
      const kept = pages.get(index);
      const page = await (kept && now() - kept.at < PAGE_TTL_MS ? kept.events : load(index, head));
      const from = page.findIndex((e) => e.seq > afterSeq);
      // Past the page's last event (seqs a sync removed): read on from where the subscriber is.
      if (from < 0) return (await store.readAll(afterSeq, limit)).filter((e) => e.seq <= head);
      const events: EventEnvelope[] = [];
      for (let i = from; i < page.length && events.length < limit && page[i]!.seq <= head; i++) events.push(page[i]!);
      return events;
    },
  };
}
