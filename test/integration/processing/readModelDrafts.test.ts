/**
 * ProjectionView.revise: a document many events of a batch fold into is the batch's own draft, copied once a batch
 * and changed in place; what an earlier batch committed (the cache, the stored version) is never changed under it.
 */

import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { createReadModelStore } from '../../../main/projections/readModelStore.js';
import { inMemoryIndexedDb } from '../../../main/store/indexedDb/inMemory.js';
import { openLedgerDatabase, type LedgerDatabase } from '../../../main/store/ledgerDatabase.js';

let database: LedgerDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

const eventAt = (seq: number): LedgerEvent => ({ id: `event-${seq}`, seq, type: 'Test.v1', streamId: 'test-1', data: {} }) as unknown as LedgerEvent;

interface Tally {
  n: number;
  seen: Record<string, number>;
}

/** Counts the event in place: the draft it is given is its own. */
const count = (event: LedgerEvent) => (draft: Tally | undefined): Tally => {
  const tally = draft ?? { n: 0, seen: {} };
  tally.n += 1;
  tally.seen[event.id] = event.seq;
  return tally;
};

describe('revising a document in place', () => {
  it('hands each event of a batch the same draft, a new copy to the next batch, and leaves what was committed as it was', async () => {
    database = await openLedgerDatabase(inMemoryIndexedDb());
    const store = createReadModelStore(database.collections.readmodels);
    const slot = 'Drafts@v1#1';
    const drafts: Tally[] = [];
    const first = store.batch(slot);
    for (let seq = 1; seq <= 3; seq++) await first.apply(eventAt(seq), false, (view) => view.revise<Tally>('tally', (draft) => (drafts.push(draft!), count(eventAt(seq))(draft))));
    await first.commit();
    // The first event made it; the next two were handed what the one before returned.
    expect(drafts[0]).toBeUndefined();
    expect(drafts[1]).toBe(drafts[2]);

    const second = store.batch(slot);
    let committed: Tally | undefined;
    let handed: Tally | undefined;
    await second.apply(eventAt(4), false, async (view) => {
      committed = await view.get<Tally>('tally');
      await view.revise<Tally>('tally', (draft) => ((handed = draft), count(eventAt(4))(draft)));
    });
    // A copy of what the first batch committed, which itself stays as it was (the cache and the stored version hold it).
    expect(handed).not.toBe(committed);
    expect(committed).toEqual({ n: 3, seen: { 'event-1': 1, 'event-2': 2, 'event-3': 3 } });
    // Redelivered: the draft already holds event 4, so it is not handed over again.
    await second.apply(eventAt(4), false, (view) => view.revise<Tally>('tally', () => expect.unreachable('event 4 folded twice')));
    await second.commit();
    expect(await store.get(slot, 'tally')).toEqual({ n: 4, seen: { 'event-1': 1, 'event-2': 2, 'event-3': 3, 'event-4': 4 } });
  });

  it('writes, to the byte, what update with a new copy per event writes', async () => {
    database ??= await openLedgerDatabase(inMemoryIndexedDb());
    const store = createReadModelStore(database.collections.readmodels);
    let seq = 100;
    for (let round = 0; round < 3; round++) {
      const [revised, updated] = [store.batch('Revised@v1#1'), store.batch('Updated@v1#1')];
      for (let i = 0; i < 20; i++) {
        const event = eventAt(++seq);
        await revised.apply(event, false, (view) => view.revise<Tally>(`tally-${i % 3}`, count(event)));
        await updated.apply(event, false, (view) => view.update<Tally>(`tally-${i % 3}`, (current) => count(event)(current && { ...current, seen: { ...current.seen } })));
      }
      await revised.commit();
      await updated.commit();
    }
    const revised = await store.find<Tally>('Revised@v1#1');
    expect(revised).toHaveLength(3);
    expect(JSON.stringify(revised)).toBe(JSON.stringify(await store.find<Tally>('Updated@v1#1')));
  });
});
