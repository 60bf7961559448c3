/**
 * The event store answers idempotency and expected versions from bounded memory. Whatever it has forgotten (evicted,
 * or lost to a restart), a retried command still gets its first result, a reused id is still refused, and expected
 * versions are still checked against the stream's real head.
 */

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../../main/store/errors.js';
import { createEventStore, type EventStore, type EventStoreCaches } from '../../../main/store/eventStore.js';
import { openLedgerDatabase, type LedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { appendRequest, refusalOf } from '../../support/storeFixtures.js';

const opened: LedgerDatabase[] = [];

/** A store over an IndexedDB that outlives it: opening another store on the same factory is a restart. */
async function openStore(indexedDB: IDBFactory, caches: EventStoreCaches = {}): Promise<{ store: EventStore; close(): Promise<void> }> {
  // Not 'memory': in-memory databases get a fresh name per open, and a restart must find the same one.
  const database = await openLedgerDatabase({ indexedDB, IDBKeyRange, location: 'memory (restartable)' });
  opened.push(database);
  const store = await createEventStore(database.collections.commits, undefined, caches);
  return {
    store,
    async close() {
      await store.drain();
      await database.close();
    },
  };
}

afterEach(async () => {
  for (const database of opened.splice(0)) if (!database.closed) await database.close();
});

describe('what the event store remembers in memory', () => {
  it('returns the first result to a retry that memory has forgotten, and refuses the id for another command', async () => {
    const { store } = await openStore(new IDBFactory(), { commands: 3, heads: 2 });
    const first = await store.append(appendRequest('account-a', 'no-stream', 2, 'cmd-first', 'hash-1'));
    // Enough other commands to push the first one out of memory.
    for (let i = 0; i < 8; i++) await store.append(appendRequest(`account-${i % 3}`, 'any', 1));

    expect(await store.findByCommand('cmd-first')).toMatchObject({ duplicate: true, events: first.events, version: 1 });
    const retry = await store.append(appendRequest('account-a', 'any', 2, 'cmd-first', 'hash-1'));
    expect(retry).toMatchObject({ duplicate: true, events: first.events, version: 1 });
    expect((await refusalOf(store.append(appendRequest('account-a', 'any', 1, 'cmd-first', 'hash-2')))).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(store.headSeq()).toBe(10);
  });

  it('appends a command once when it was found missing and then sent twice', async () => {
    const { store } = await openStore(new IDBFactory(), { commands: 2 });
    expect(await store.findByCommand('cmd-twice')).toBeUndefined();
    const [a, b] = await Promise.all([
      store.append(appendRequest('account-a', 'any', 1, 'cmd-twice')),
      store.append(appendRequest('account-a', 'any', 1, 'cmd-twice')),
    ]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    // Sent again after its commit was written, from a caller that had also found it missing.
    expect(await store.append(appendRequest('account-a', 'any', 1, 'cmd-twice'))).toMatchObject({ duplicate: true, events: a.events });
    expect(await store.readStream('account-a')).toHaveLength(1);
  });

  it('checks expected versions against the real head of streams it no longer holds in memory', async () => {
    const { store } = await openStore(new IDBFactory(), { heads: 2 });
    const streams = ['account-a', 'account-b', 'account-c', 'account-d'];
    for (let round = 0; round < 3; round++) {
      for (const streamId of streams) await store.append(appendRequest(streamId, round === 0 ? 'no-stream' : round - 1, 1));
    }
    const stale = await store.append(appendRequest('account-a', 1, 1)).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(stale).toMatchObject({ actual: 2 });
    expect(await store.streamVersion('account-b')).toBe(2);
    expect((await store.append(appendRequest('account-c', 2, 1))).version).toBe(3);
  });

  it('after a restart, answers retries, heads and the next seq from what was stored', async () => {
    const indexedDB = new IDBFactory();
    const before = await openStore(indexedDB);
    const first = await before.store.append(appendRequest('account-a', 'no-stream', 3, 'cmd-restart', 'hash-r'));
    await before.store.append(appendRequest('account-b', 'no-stream', 1));
    await before.close();

    const { store } = await openStore(indexedDB);
    expect(store.headSeq()).toBe(4);
    expect(await store.append(appendRequest('account-a', 'no-stream', 3, 'cmd-restart', 'hash-r'))).toMatchObject({ duplicate: true, events: first.events });
    expect((await refusalOf(store.append(appendRequest('account-a', 'any', 1, 'cmd-restart', 'other')))).code).toBe('IDEMPOTENCY_CONFLICT');
    await expect(store.append(appendRequest('account-a', 'no-stream', 1))).rejects.toBeInstanceOf(ConcurrencyError);
    const next = await store.append(appendRequest('account-a', 2, 1));
    expect(next.events[0]).toMatchObject({ version: 3, seq: 5 });
  });
});
