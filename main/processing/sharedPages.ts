/**
 * Pages of the store in `seq` order, read once for every subscription catching up over them: subscribers that trail
 * each other read and decode a page once instead of once each. What the pages kept weigh is bounded, and so is what one
 * read hands out: a ledger of large events holds fewer of them, not more memory.
 */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';

export interface SharedPages {
  /**
   * Up to `limit` events after `afterSeq`, none past `head` (the head seen before the read: all at or below it are
   * durable), and no more than `maxBytes` of them by `envelopeBytes` (the first event always, whatever it weighs).
   */
  read(afterSeq: number, limit: number, head: number, maxBytes?: number): Promise<EventEnvelope[]>;
}

/** An envelope's weight: the length of its JSON (what the store holds), a character counted as a byte. */
export const envelopeBytes = (envelope: EventEnvelope): number => JSON.stringify(envelope).length;

/** The events from `from` on, up to `limit` of them, none past `head`, and within `maxBytes` (at least one). */
export function takeWithin(events: readonly EventEnvelope[], weights: readonly number[] | undefined, from: number, limit: number, head: number, maxBytes: number): EventEnvelope[] {
  const taken: EventEnvelope[] = [];
  let bytes = 0;
  for (let i = from; i < events.length && taken.length < limit && events[i]!.seq <= head; i++) {
    if (maxBytes !== Infinity) {
      bytes += weights?.[i] ?? envelopeBytes(events[i]!);
      if (taken.length > 0 && bytes > maxBytes) break;
    }
    taken.push(events[i]!);
  }
  return taken;
}

interface Loaded {
  readonly events: EventEnvelope[];
  readonly weights: number[];
}

interface Page {
  readonly loaded: Promise<Loaded>;
  readonly at: number;
  /** Its weight once read (0 until then). */
  bytes: number;
}

/** Pages kept: subscribers more than this many pages apart read on their own, as before. */
const PAGES_KEPT = 16;
/**
 * What the pages kept may weigh together, by `envelopeBytes`: 16 pages of 500 typical events (~600 bytes each) weigh
 * about 5 MB; larger batch sizes or events keep fewer pages. A page heavier than this alone is not kept.
 */
const PAGES_BYTES = 8 * 1024 * 1024;
/**
 * A page is served from memory this long at most: sync may remove a provisional commit after it was read, and a
 * subscriber reading the page later should not see it much longer than one that read it from the store at the time.
 */
const PAGE_TTL_MS = 5_000;

export function createSharedPages(store: Pick<EventStore, 'readAll'>, pageSize: number, now: () => number = Date.now, keptBytes = PAGES_BYTES): SharedPages {
  // Page k holds the `pageSize` events after seq k × pageSize, kept only when full and durable.
  const pages = new Map<number, Page>();
  let bytesKept = 0;

  const drop = (index: number, page?: Page) => {
    const kept = pages.get(index);
    if (!kept || (page && kept !== page)) return;
    pages.delete(index);
    bytesKept -= kept.bytes;
  };

  const load = (index: number, head: number): Promise<Loaded> => {
    drop(index);
    const page: Page = {
      at: now(),
      bytes: 0,
      loaded: store.readAll(index * pageSize, pageSize).then((events) => {
        const weights = events.map(envelopeBytes);
        // A page reaching past the durable head, or short of a full page, is still growing: not kept.
        if (events.length < pageSize || events.at(-1)!.seq > head) drop(index, page);
        else if (pages.get(index) === page) {
          page.bytes = weights.reduce((sum, w) => sum + w, 0);
          bytesKept += page.bytes;
          // The oldest go first, down to the weight (this page too, when it alone weighs more).
          for (const [oldest, kept] of pages) {
            if (bytesKept <= keptBytes) break;
            drop(oldest, kept);
          }
        }
        return { events, weights };
      }),
    };
    pages.set(index, page);
    page.loaded.catch(() => drop(index, page));
    while (pages.size > PAGES_KEPT) drop(pages.keys().next().value!);
    return page.loaded;
  };

  return {
    async read(afterSeq, limit, head, maxBytes = Infinity) {
      const index = Math.floor(afterSeq / pageSize);
      const kept = pages.get(index);
      const fresh = kept && now() - kept.at < PAGE_TTL_MS;
      // The live tail: a page the head has not passed yet is still growing and would not be kept, so only what
      // follows `afterSeq` is read (reading the page from its start cost every live batch up to a page of events).
      if (!fresh && head < (index + 1) * pageSize) return takeWithin(await store.readAll(afterSeq, limit), undefined, 0, limit, head, maxBytes);
      const { events, weights } = await (fresh ? kept.loaded : load(index, head));
      const from = events.findIndex((e) => e.seq > afterSeq);
      // Past the page's last event (seqs a sync removed): read on from where the subscriber is.
      if (from < 0) return takeWithin(await store.readAll(afterSeq, limit), undefined, 0, limit, head, maxBytes);
      return takeWithin(events, weights, from, limit, head, maxBytes);
    },
  };
}
