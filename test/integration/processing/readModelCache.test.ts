/**
 * The read-model documents kept in memory between batches stay under one weight across every slot, however many
 * documents the projections touch, and what was let go is read back from the store unchanged; a batch writes what it
 * changed in one go, over whatever another writer put there meanwhile.
 */

import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { createReadModelStore } from '../../../main/projections/readModelStore.js';
import { inMemoryIndexedDb } from '../../../main/store/indexedDb/inMemory.js';
import { openLedgerDatabase, type LedgerDatabase } from '../../../main/store/ledgerDatabase.js';

const BOUND = 64 * 1024;
let database: LedgerDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

const eventAt = (seq: number): LedgerEvent => ({ id: `event-${seq}`, seq, type: 'Test.v1', streamId: 'test-1', data: {} }) as unknown as LedgerEvent;

describe('the read-model cache', () => {
  it('holds at most its weight in documents across all slots, and evicted documents read back as written', async () => {
    database = await openLedgerDatabase(inMemoryIndexedDb());
    const store = createReadModelStore(database.collections.readmodels, { cacheBytes: BOUND });
    const note = 'x'.repeat(500);
    let seq = 0;
    for (const slot of ['Balances@1', 'Journal@1', 'Activity@1']) {
      for (let round = 0; round < 4; round++) {
        const batch = store.batch(slot);
        for (let i = 0; i < 100; i++) {
          const key = `doc-${round}-${i}`;
          await batch.apply(eventAt(++seq), false, (view) => view.update(key, () => ({ n: i, round, note })));
        }
        await batch.commit();
        // 1,200 documents of about 1 KB each were written so far, far beyond the bound.
        expect(store.cachedBytes()).toBeLessThanOrEqual(BOUND);
      }
    }
    expect(store.cachedBytes()).toBeGreaterThan(BOUND / 2);
    // The first documents left memory long ago: a fold reads them from the store.
    const batch = store.batch('Balances@1');
    let seen: unknown;
    await batch.apply(eventAt(++seq), false, async (view) => {
      seen = await view.get('doc-0-7');
      await view.update<{ n: number }>('doc-0-7', (current) => current && { ...current, n: current.n + 1 });
    });
    await batch.commit();
    expect(seen).toEqual({ n: 7, round: 0, note });
    expect(await store.get('Balances@1', 'doc-0-7')).toEqual({ n: 8, round: 0, note });
    expect(store.cachedBytes()).toBeLessThanOrEqual(BOUND);
  });

  it('writes a batch of new, changed and removed documents at once, and writes over a document created behind its back', async () => {
    database ??= await openLedgerDatabase(inMemoryIndexedDb());
    const store = createReadModelStore(database.collections.readmodels);
    const slot = 'Writes@1';
    let seq = 1_000;
    const first = store.batch(slot);
    await first.apply(eventAt(++seq), false, async (view) => {
      await view.update('kept', () => ({ n: 1 }));
      await view.update('dropped', () => ({ n: 1 }));
    });
    await first.commit();

    const second = store.batch(slot);
    await second.apply(eventAt(++seq), false, async (view) => {
      await view.update<{ n: number }>('kept', (current) => ({ n: current!.n + 1 }));
      await view.update('dropped', () => undefined);
      // Read as absent here, then created by another writer before this batch is written.
      expect(await view.get('late')).toBeUndefined();
      await view.update('late', () => ({ n: 7 }));
      await view.update('new', () => ({ n: 3 }));
    });
    expect(await store.insertOnce(slot, 'late', { n: -1 }, 1)).toBe(true);
    await second.commit();

    expect(await store.find(slot)).toEqual([{ n: 2 }, { n: 7 }, { n: 3 }]);
    expect(await store.get(slot, 'dropped')).toBeUndefined();
    // The written versions are what the next batch starts from: it changes them again without a conflict.
    const third = store.batch(slot);
    await third.apply(eventAt(++seq), false, (view) => view.update<{ n: number }>('late', (current) => ({ n: current!.n * 2 })));
    await third.commit();
    expect(await store.get(slot, 'late')).toEqual({ n: 14 });
  });

  it('builds into an emptied slot without reading documents it has not written, and reads back those it wrote once they left memory', async () => {
    database ??= await openLedgerDatabase(inMemoryIndexedDb());
    const collection = database.collections.readmodels;
    const reads = vi.spyOn(collection.storageInstance, 'findDocumentsById');
    const asked = () => reads.mock.calls.flatMap(([ids]) => ids);
    try {
      const store = createReadModelStore(collection, { cacheBytes: BOUND });
      const slot = 'Built@v1#2';
      // Left by a build a crash interrupted: emptying the slot removes it, and the new build starts from nothing.
      await store.put(slot, 'entry-0', { n: 100 });
      await store.clearForBuild(slot);
      const note = 'x'.repeat(500);
      let seq = 5_000;
      for (let round = 0; round < 2; round++) {
        const batch = store.batch(slot);
        const keys = Array.from({ length: 150 }, (_, i) => `entry-${i}`);
        await batch.prefetch(keys);
        for (const key of keys) await batch.apply(eventAt(++seq), false, (view) => view.update<{ n: number }>(key, (current) => ({ n: (current?.n ?? 0) + 1, note })));
        await batch.commit();
        // The first round's documents did not exist: none was read. The second round's were written by the first, and
        // most have left the 64 KB of memory since: those are read back.
        if (round === 0) expect(asked()).toEqual([]);
      }
      expect(asked().length).toBeGreaterThan(0);
      expect(asked().every((id) => id.startsWith(`${slot}|entry-`))).toBe(true);
      const built = await store.find<{ n: number }>(slot);
      expect(built).toHaveLength(150);
      expect(built.every((doc) => doc.n === 2)).toBe(true);
    } finally {
      reads.mockRestore();
    }
  });

  it("reads an event's own keys only when the slot already holds that event or a later one (delivered again after a crash)", async () => {
    database ??= await openLedgerDatabase(inMemoryIndexedDb());
    const collection = database.collections.readmodels;
    const slot = 'Entries@v1#1';
    // Written before this process: entries of events up to seq 20.
    const before = createReadModelStore(collection);
    const seed = before.batch(slot);
    for (let seq = 1; seq <= 20; seq++) await seed.apply(eventAt(seq), false, (view) => view.update(`entry:event-${seq}`, () => ({ seq })));
    await seed.commit();

    const reads = vi.spyOn(collection.storageInstance, 'findDocumentsById');
    const asked = () => reads.mock.calls.flatMap(([ids]) => ids);
    try {
      const store = createReadModelStore(collection);
      const batch = store.batch(slot);
      // Events 18 to 25 delivered again from a checkpoint at 17: 18 to 20 are in the slot, 21 to 25 are not.
      const events = Array.from({ length: 8 }, (_, i) => eventAt(18 + i));
      await batch.prefetch([], events.map((e) => ({ key: `entry:${e.id}`, seq: e.seq })));
      expect(asked()).toEqual([18, 19, 20].map((seq) => `${slot}|entry:event-${seq}`));
      for (const event of events) await batch.apply(event, false, (view) => view.update<{ seq: number; again?: boolean }>(`entry:${event.id}`, (current) => ({ seq: event.seq, again: current !== undefined })));
      await batch.commit();
      expect(asked()).toHaveLength(3);
      // Those already folded were left as they were; the others were written once.
      const entries = await store.find<{ seq: number; again?: boolean }>(slot);
      expect(entries).toHaveLength(25);
      expect(entries.filter((e) => e.seq >= 18).every((e) => e.again === undefined || e.again === false)).toBe(true);
      expect(entries.find((e) => e.seq === 19)).toEqual({ seq: 19 });
      expect(entries.find((e) => e.seq === 23)).toEqual({ seq: 23, again: false });
    } finally {
      reads.mockRestore();
    }
  });

  it("keeps a shared document in memory after a batch, but not an event's own new entry (it is written once, not read again)", async () => {
    database ??= await openLedgerDatabase(inMemoryIndexedDb());
    const collection = database.collections.readmodels;
    const slot = 'OwnEntries@v1#1';
    const store = createReadModelStore(collection);
    const batch = store.batch(slot);
    const events = Array.from({ length: 50 }, (_, i) => eventAt(i + 1));
    await batch.prefetch(['total'], events.map((e) => ({ key: `entry:${e.id}`, seq: e.seq })));
    for (const event of events) {
      await batch.apply(event, false, async (view) => {
        await view.update(`entry:${event.id}`, () => ({ seq: event.seq, note: 'x'.repeat(200) }));
        await view.update<{ n: number }>('total', (current) => ({ n: (current?.n ?? 0) + 1 }));
      });
    }
    await batch.commit();
    // Only `total` stayed: 50 entries of ~200 bytes would weigh far more.
    expect(store.cachedBytes()).toBeGreaterThan(0);
    expect(store.cachedBytes()).toBeLessThan(1_000);

    const reads = vi.spyOn(collection.storageInstance, 'findDocumentsById');
    try {
      const next = store.batch(slot);
      let entry: unknown;
      await next.apply(eventAt(51), false, async (view) => {
        entry = await view.get('entry:event-7');
        await view.update<{ n: number }>('total', (current) => ({ n: (current?.n ?? 0) + 1 }));
      });
      await next.commit();
      // The entry is read back from the store as written; `total` came from memory.
      expect(entry).toEqual({ seq: 7, note: 'x'.repeat(200) });
      expect(reads.mock.calls.flatMap(([ids]) => ids)).toEqual([`${slot}|entry:event-7`]);
      expect(await store.get(slot, 'total')).toEqual({ n: 51 });
    } finally {
      reads.mockRestore();
    }
  });

  it("finds the highest seq a slot holds wherever its documents lie, and not another slot's", async () => {
    database ??= await openLedgerDatabase(inMemoryIndexedDb());
    const collection = database.collections.readmodels;
    const spread = Array.from({ length: 40 }, (_, i) => 1 + ((i * 7_919 + i * i * 104_729) % 1_000_000));
    const cases = [[1], [6], [3, 17, 1_000, 4_097], Array.from({ length: 300 }, (_, i) => i + 1), spread];
    const seeding = createReadModelStore(collection);
    for (const [index, seqs] of cases.entries()) {
      const seed = seeding.batch(`Highest@v1#${index}`);
      for (const seq of [...seqs].sort((a, b) => a - b)) await seed.apply(eventAt(seq), false, (view) => view.update(`entry:event-${seq}`, () => ({ seq })));
      await seed.commit();
    }
    // A later slot holding a higher seq, which no search of the slots above may see.
    const other = seeding.batch('Highest@v1#9');
    await other.apply(eventAt(2_000_000), false, (view) => view.update('entry:event-2000000', () => ({ seq: 2_000_000 })));
    await other.commit();

    const reads = vi.spyOn(collection.storageInstance, 'findDocumentsById');
    const asked = () => reads.mock.calls.flatMap(([ids]) => ids);
    try {
      const store = createReadModelStore(collection);
      for (const [index, seqs] of cases.entries()) {
        const slot = `Highest@v1#${index}`;
        const top = Math.max(...seqs);
        reads.mockClear();
        // An own key at the slot's highest seq may exist and is read; one past it cannot and is not.
        await store.batch(slot).prefetch([], [top, top + 1].map((seq) => ({ key: `entry:event-${seq}`, seq })));
        expect(asked()).toEqual([`${slot}|entry:event-${top}`]);
      }
    } finally {
      reads.mockRestore();
    }
  });
});
