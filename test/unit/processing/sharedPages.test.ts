/**
 * Subscriptions catching up over the same stretch of the store read each page once between them, and each still gets
 * exactly the events after its own position, none past the durable head it saw.
 */

import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createSharedPages } from '../../../main/processing/sharedPages.js';

const envelope = (seq: number) => ({ id: `event-${seq}`, seq }) as unknown as EventEnvelope;

/** A store of `count` events whose `readAll` is counted; `missing` seqs were removed (sync superseded them). */
function storeOf(count: number, missing: readonly number[] = []) {
  const events = Array.from({ length: count }, (_, i) => envelope(i + 1)).filter((e) => !missing.includes(e.seq));
  const reads: [number, number][] = [];
  return {
    reads,
    async readAll(afterSeq: number, limit: number) {
      reads.push([afterSeq, limit]);
      return events.filter((e) => e.seq > afterSeq).slice(0, limit);
    },
  };
}

describe('shared pages', () => {
  it('reads a page once for subscriptions at different positions in it, each getting the events after its own', async () => {
    const store = storeOf(1_000);
    const pages = createSharedPages(store, 100);
    const [first, second, third] = await Promise.all([pages.read(0, 100, 1_000), pages.read(42, 100, 1_000), pages.read(99, 100, 1_000)]);
    expect(first!.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(second!.map((e) => e.seq)).toEqual(Array.from({ length: 58 }, (_, i) => i + 43));
    expect(third!.map((e) => e.seq)).toEqual([100]);
    // Later, a subscriber that trailed behind finds the page still there.
    expect((await pages.read(10, 5, 1_000)).map((e) => e.seq)).toEqual([11, 12, 13, 14, 15]);
    expect(store.reads).toEqual([[0, 100]]);
  });

  it('gives no event past the head the subscriber saw, and keeps no page that reaches past it', async () => {
    const store = storeOf(150);
    const pages = createSharedPages(store, 100);
    expect((await pages.read(90, 100, 95)).map((e) => e.seq)).toEqual([91, 92, 93, 94, 95]);
    // The page read with head 95 held seqs up to 100 that were not known durable then: it is read again.
    expect((await pages.read(95, 100, 150)).map((e) => e.seq)).toEqual([96, 97, 98, 99, 100]);
    // The first read was of the live tail (head 95 inside the page): only what follows the subscriber, nothing kept.
    expect(store.reads).toEqual([
      [90, 100],
      [0, 100],
    ]);
    // The store's last, partly filled page is still growing: each read takes only what follows the subscriber.
    expect((await pages.read(100, 100, 150)).map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 101));
    expect((await pages.read(120, 100, 150)).map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 121));
    expect(store.reads.slice(2)).toEqual([
      [100, 100],
      [120, 100],
    ]);
  });

  it('serves the events after a subscriber across a gap of seqs a sync removed', async () => {
    const store = storeOf(300, Array.from({ length: 50 }, (_, i) => 151 + i));
    const pages = createSharedPages(store, 100);
    // Page 1 (the 100 events after seq 100) holds 101…150 and 201…250; a subscriber at 175 gets what follows 175.
    expect((await pages.read(100, 100, 300)).at(-1)!.seq).toBe(250);
    expect((await pages.read(175, 10, 300)).map((e) => e.seq)).toEqual([201, 202, 203, 204, 205, 206, 207, 208, 209, 210]);
    expect(store.reads).toEqual([[100, 100]]);
  });

  it('keeps pages only up to their weight, the oldest let go first, and hands out no more than a read may weigh', async () => {
    const store = storeOf(300);
    const weight = JSON.stringify(envelope(150)).length;
    // Room for a little more than two pages of 100 events.
    const pages = createSharedPages(store, 100, Date.now, 250 * weight);
    await pages.read(0, 100, 300);
    await pages.read(100, 100, 300);
    await pages.read(200, 100, 300);
    // Pages 1 and 2 are still kept; page 0 was let go for page 2 and is read again.
    await pages.read(150, 100, 300);
    await pages.read(250, 100, 300);
    await pages.read(50, 100, 300);
    expect(store.reads).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
      [0, 100],
    ]);
    // Ten events' weight: ten events (the seqs' digits make later envelopes a little heavier, so fewer fit there).
    expect(await pages.read(0, 100, 300, 10 * JSON.stringify(envelope(10)).length)).toHaveLength(10);
    // Whatever the bound, the first event is handed out.
    expect((await pages.read(0, 100, 300, 1)).map((e) => e.seq)).toEqual([1]);
  });

  it('does not serve a page older than its time to live', async () => {
    let now = 0;
    const store = storeOf(200);
    const pages = createSharedPages(store, 100, () => now);
    await pages.read(0, 100, 200);
    now = 60_000;
    await pages.read(50, 100, 200);
    expect(store.reads).toEqual([
      [0, 100],
      [0, 100],
    ]);
  });
});
