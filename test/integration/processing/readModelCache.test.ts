/**
 * The read-model documents kept in memory between batches stay under one weight across every slot, however many
 * documents the projections touch, and what was let go is read back from the store unchanged.
 */

import { afterAll, describe, expect, it } from 'vitest';
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
});
