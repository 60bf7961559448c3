/** The event store under the pipeline: expected versions, stream ranges, paging by seq, the live tail, idempotent appends. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { ConcurrencyError } from '../../../main/store/errors.js';
import type { EventStore } from '../../../main/store/eventStore.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { appendRequest, refusalOf, testEvents } from '../../support/storeFixtures.js';

let host: Host;
let store: EventStore;

beforeEach(async () => {
  host = await createHost({ inMemory: true });
  store = host.store;
});

afterEach(async () => {
  await host.close();
});

async function conflictOf(promise: Promise<unknown>): Promise<ConcurrencyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ConcurrencyError) return error;
  throw new Error(`Expected a ConcurrencyError, got ${String(error)}`);
}

describe('expected versions', () => {
  it('no-stream: appends to a new stream only', async () => {
    expect((await store.append(appendRequest('s-a', 'no-stream', 2))).version).toBe(1);
    const conflict = await conflictOf(store.append(appendRequest('s-a', 'no-stream')));
    expect(conflict).toMatchObject({ streamId: 's-a', expected: 'no-stream', actual: 1 });
  });

  it('exists: appends to a stream that has events only', async () => {
    expect(await conflictOf(store.append(appendRequest('s-b', 'exists')))).toMatchObject({ actual: -1 });
    await store.append(appendRequest('s-b', 'no-stream'));
    expect((await store.append(appendRequest('s-b', 'exists'))).version).toBe(1);
  });

  it('an exact version: appends only after exactly that version', async () => {
    await store.append(appendRequest('s-c', -1, 3));
    expect((await store.append(appendRequest('s-c', 2))).version).toBe(3);
    expect(await conflictOf(store.append(appendRequest('s-c', 2)))).toMatchObject({ expected: 2, actual: 3 });
    expect(await conflictOf(store.append(appendRequest('s-c', 7)))).toMatchObject({ expected: 7, actual: 3 });
    expect(await store.streamVersion('s-c')).toBe(3);
  });

  it('any: always appends after the head', async () => {
    expect((await store.append(appendRequest('s-d', 'any'))).version).toBe(0);
    expect((await store.append(appendRequest('s-d', 'any', 2))).version).toBe(2);
  });

  it('a refused append stores nothing and leaves seq where it was', async () => {
    await store.append(appendRequest('s-e', 'no-stream'));
    const head = store.headSeq();
    await conflictOf(store.append(appendRequest('s-e', 'no-stream', 5)));
    expect(store.headSeq()).toBe(head);
    expect(await store.readAll(0, 100)).toHaveLength(1);
  });

  it('never strands an append made the moment a group commit finishes', async () => {
    // Regression: an append queued between the flush loop's last check and its cleanup waited forever.
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(appendRequest(`g-${i}`, 'no-stream'))));
    await store.append(appendRequest('g-next', 'no-stream'));
    await store.append(appendRequest('g-next', 0)).then(() => store.append(appendRequest('g-next', 1)));
    expect(store.headSeq()).toBe(13);
  });

  it('among concurrent appends with the same expected version, exactly one wins', async () => {
    await store.append(appendRequest('s-f', 'no-stream'));
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => store.append(appendRequest('s-f', 0))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('s-f')).map((e) => e.version)).toEqual([0, 1]);
  });

  it('tells the losers of a race only once the winner is durable, so their next read sees it', async () => {
    await store.append(appendRequest('s-g', 'no-stream'));
    const seen = await Promise.all(
      [1, 2, 3].map((n) => store.append(appendRequest('s-g', 0)).then(
        () => 'won',
        async () => `lost, then read version ${await store.streamVersion('s-g')} and ${(await store.readStream('s-g')).length} events (${n})`,
      )),
    );
    expect(seen.filter((s) => s === 'won')).toHaveLength(1);
    for (const s of seen.filter((s) => s !== 'won')) expect(s).toMatch(/^lost, then read version 1 and 2 events/);
  });
});

describe('reading a stream', () => {
  beforeEach(async () => {
    // Versions 0-2 in one commit, 3-4 in the next, 5 alone, and another stream between them.
    await store.append(appendRequest('s-r', 'no-stream', 3));
    await store.append(appendRequest('other', 'no-stream', 2));
    await store.append(appendRequest('s-r', 2, 2));
    await store.append(appendRequest('s-r', 4, 1));
  });

  it('returns the whole stream in version order', async () => {
    const events = await store.readStream('s-r');
    expect(events.map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.every((e) => e.streamId === 's-r')).toBe(true);
  });

  it.each([
    [{ fromVersion: 1, toVersion: 4 }, [1, 2, 3, 4]],
    [{ fromVersion: 4 }, [4, 5]],
    [{ toVersion: 0 }, [0]],
    [{ fromVersion: 2, toVersion: 2 }, [2]],
    [{ fromVersion: 5, toVersion: 99 }, [5]],
    [{ fromVersion: 6 }, []],
    [{ fromVersion: 3, toVersion: 1 }, []],
  ])('reads the range %j across commit boundaries', async (range, versions) => {
    expect((await store.readStream('s-r', range)).map((e) => e.version)).toEqual(versions);
  });

  it('returns nothing for a stream that does not exist', async () => {
    expect(await store.readStream('nobody')).toEqual([]);
    expect(await store.streamVersion('nobody')).toBe(-1);
  });
});

describe('reading everything by seq', () => {
  it('pages through many commits of different sizes, in seq order, without gaps or repeats', async () => {
    let expected = 0;
    for (let i = 0; i < 60; i++) {
      const size = (i % 4) + 1;
      await store.append(appendRequest(`p-${i % 7}`, 'any', size));
      expected += size;
    }
    expect(store.headSeq()).toBe(expected);
    for (const limit of [1, 3, 10, 1000]) {
      const seen: EventEnvelope[] = [];
      for (let after = 0; ; ) {
        const page = await store.readAll(after, limit);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(limit);
        seen.push(...page);
        after = page.at(-1)!.seq;
      }
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    }
    // A page may start in the middle of a commit.
    expect((await store.readAll(2, 2)).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('lands 200 concurrent appends on different streams at seq 1..200, grouped into fewer writes', async () => {
    let groups = 0;
    const subscription = store.appended$.subscribe(() => groups++);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(appendRequest(`gc-${i}`, 'no-stream'))));
    subscription.unsubscribe();
    expect(results.map((r) => r.events[0]!.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(store.headSeq()).toBe(200);
    expect(groups).toBeLessThan(200);
  });

  it('gives every event of a stream strictly increasing seq in version order', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(appendRequest(`q-${i % 3}`, 'any', 2))));
    const all = await store.readAll(0, 1000);
    for (const streamId of ['q-0', 'q-1', 'q-2']) {
      const mine = all.filter((e) => e.streamId === streamId);
      expect(mine.map((e) => e.version)).toEqual(mine.map((_, i) => i));
    }
  });
});

describe('the live tail', () => {
  it('emits each durable group in seq order, once', async () => {
    const emitted: EventEnvelope[][] = [];
    const subscription = store.appended$.subscribe((group) => emitted.push([...group]));
    try {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(appendRequest(`t-${i % 5}`, 'any', (i % 2) + 1))));
      await store.append(appendRequest('t-last', 'no-stream'));
    } finally {
      subscription.unsubscribe();
    }
    const seqs = emitted.flat().map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: store.headSeq() }, (_, i) => i + 1));
    // Concurrent appends were grouped: fewer emissions than commits.
    expect(emitted.length).toBeLessThan(51);
  });

  it('emits only what is already readable', async () => {
    const checks: Promise<boolean>[] = [];
    const subscription = store.appended$.subscribe((group) => {
      checks.push(store.readAll(group[0]!.seq - 1, group.length).then((read) => read.length === group.length));
    });
    await Promise.all([1, 2, 3].map((i) => store.append(appendRequest(`v-${i}`, 'no-stream'))));
    subscription.unsubscribe();
    expect(await Promise.all(checks)).not.toContain(false);
  });
});

describe('idempotent appends', () => {
  it('returns the first commit again for the same command id and hash', async () => {
    const first = await store.append(appendRequest('i-1', 'no-stream', 2, 'cmd-1', 'h1'));
    const again = await store.append(appendRequest('i-1', 'no-stream', 2, 'cmd-1', 'h1'));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.findByCommand('cmd-1')).toEqual({ ...first, duplicate: true });
    expect(await store.findByCommand('cmd-unknown')).toBeUndefined();
    expect(store.headSeq()).toBe(2);
  });

  it('refuses the same command id with another hash', async () => {
    await store.append(appendRequest('i-2', 'no-stream', 1, 'cmd-2', 'h1'));
    expect(await refusalOf(store.append(appendRequest('i-2', 'any', 1, 'cmd-2', 'h2')))).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(store.headSeq()).toBe(1);
  });

  it('settles duplicates inside one group commit', async () => {
    const results = await Promise.all([1, 2, 3].map(() => store.append(appendRequest('i-3', 'any', testEvents(1), 'cmd-3', 'h3'))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]!.id)).size).toBe(1);
    expect(store.headSeq()).toBe(1);
    // Every one of them, the duplicates too, was answered with a commit that is durable.
    const readable = await Promise.all([1, 2].map(() => store.append(appendRequest('i-4', 'any', testEvents(1), 'cmd-4', 'h4')).then(async () => store.findByCommand('cmd-4'))));
    for (const found of readable) expect(found?.version).toBe(0);
  });
});
