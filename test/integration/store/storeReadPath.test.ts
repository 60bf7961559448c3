/**
 * The store reads commits below RxDB (commitIndexReader.ts). On the real on-disk store, every read it offers returns
 * exactly what the RxDB query path returns — including removed commits left out and RxDB's renamed `|` keys restored —
 * and the event store built on it reads streams and pages the same way.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RxCollection } from 'rxdb';
import type { CommitDocument } from '../../../main/store/commitSchema.js';
import { createCommitIndexReader, type CommitIndexReader } from '../../../main/store/commitIndexReader.js';
import { createEventStore, type EventStore } from '../../../main/store/eventStore.js';
import { diskIndexedDb } from '../../../main/store/indexedDb/diskProvider.js';
import { openLedgerDatabase, type LedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { appendRequest, testEvents } from '../../support/storeFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const STREAMS = ['account-a', 'account-b', 'account-c|pipe', 'transfer-a'];

/** What RxDB's own query path returns, as plain documents. */
const viaRxdb = async (query: ReturnType<RxCollection<CommitDocument>['find']>) => (await query.exec()).map((d) => d.toMutableJSON());

describe('reading commits below RxDB on the on-disk store', () => {
  let dir: TempDir;
  let database: LedgerDatabase;
  let commits: RxCollection<CommitDocument>;
  let store: EventStore;
  let reader: CommitIndexReader;
  let removedCommandId: string;

  beforeAll(async () => {
    dir = makeTempDir();
    database = await openLedgerDatabase(await diskIndexedDb(dir.path));
    commits = database.collections.commits;
    store = await createEventStore(commits);
    reader = await createCommitIndexReader(commits);
    // Commits of 1–4 events on interleaved streams, some appended concurrently (grouped into one write).
    const versions = new Map(STREAMS.map((s) => [s, -1]));
    for (let round = 0; round < 12; round++) {
      await Promise.all(
        STREAMS.map((streamId, i) => {
          const size = 1 + ((round + i) % 4);
          const expected = versions.get(streamId)!;
          versions.set(streamId, expected + size);
          return store.append(appendRequest(streamId, expected, testEvents(size, `${streamId}-${round}`)));
        }),
      );
    }
    // Field names RxDB renames on the way into IndexedDB, in data and in meta.
    const odd = await store.append({
      ...appendRequest('account-a', 'any', [{ type: 'Fidelis.TestHappened.v1', data: { '|pipe': 1, nested: { '__under': [{ '|deep': true }] }, 'a.__b': 2 }, occurredAt: '2026-01-15T09:30:00.000Z' }]),
    });
    expect(odd.events).toHaveLength(1);
    // A removed (soft-deleted) commit must be invisible to both paths.
    const victim = (await viaRxdb(commits.find({ selector: { streamId: 'transfer-a' }, sort: [{ streamId: 'asc' }, { version: 'asc' }] })))[3]!;
    removedCommandId = victim.commandId;
    await commits.findOne(victim.id).remove();
  });

  afterAll(async () => {
    await store.drain();
    await database.close();
    dir.remove();
  });

  it('returns the same commits of a stream for every version range', async () => {
    for (const streamId of [...STREAMS, 'account-none']) {
      for (const [from, to] of [[0, Number.MAX_SAFE_INTEGER], [0, 0], [3, 9], [5, 5], [7, 100], [40, 60], [1000, 2000]] as const) {
        const expected = await viaRxdb(
          commits.find({ selector: { streamId, version: { $gte: from, $lte: to } }, sort: [{ streamId: 'asc' }, { version: 'asc' }] }),
        );
        expect(await reader.streamCommits(streamId, from, to)).toEqual(expected);
      }
    }
  });

  it('finds the commit holding a version, and the head of each stream', async () => {
    for (const streamId of [...STREAMS, 'account-none']) {
      for (const version of [0, 1, 4, 13, 29, 1000]) {
        const expected = await commits
          .findOne({ selector: { streamId, version: { $lte: version } }, sort: [{ streamId: 'desc' }, { version: 'desc' }] })
          .exec();
        expect(await reader.commitAtOrBefore(streamId, version)).toEqual(expected?.toMutableJSON());
      }
    }
    const heads = await reader.streamHeads([...STREAMS, 'account-none', 'account-a']);
    for (const streamId of [...STREAMS, 'account-none']) {
      const last = await commits.findOne({ selector: { streamId }, sort: [{ streamId: 'desc' }, { version: 'desc' }] }).exec();
      expect(heads.get(streamId)).toBe(last ? last.version + last.events.length - 1 : -1);
    }
  });

  it('pages by seq exactly as the RxDB query does', async () => {
    for (const [after, limit] of [[0, 1], [0, 7], [5, 10], [17, 3], [30, 1000], [0, 1000], [10_000, 5]] as const) {
      const expected = await viaRxdb(commits.find({ selector: { lastSeq: { $gt: after } }, sort: [{ lastSeq: 'asc' }], limit }));
      expect(await reader.commitsAfter(after, limit)).toEqual(expected);
    }
    const last = await commits.findOne({ selector: { lastSeq: { $gte: 0 } }, sort: [{ lastSeq: 'desc' }] }).exec();
    expect(await reader.lastCommit()).toEqual(last?.toMutableJSON());
  });

  it('finds commits by command id, and not the removed one', async () => {
    const all = await viaRxdb(commits.find({ selector: {} }));
    const ids = [...all.map((c) => c.commandId).slice(0, 20), removedCommandId, 'never-used'];
    const expected = await viaRxdb(commits.find({ selector: { commandId: { $in: ids } } }));
    const found = await reader.commitsByCommand(ids);
    expect(new Map(expected.map((c) => [c.commandId, c]))).toEqual(found);
    expect(found.has(removedCommandId)).toBe(false);
  });

  it('restores the field names RxDB renamed on the way in', async () => {
    const [commit] = await reader.streamCommits('account-a', 0, Number.MAX_SAFE_INTEGER).then((c) => c.slice(-1));
    expect(commit!.events[0]!.data).toEqual({ '|pipe': 1, nested: { '|under': [{ '|deep': true }] }, 'a.|b': 2 });
  });

  it('reads streams and pages through the event store as the RxDB path would', async () => {
    for (const streamId of STREAMS) {
      const docs = await viaRxdb(commits.find({ selector: { streamId }, sort: [{ streamId: 'asc' }, { version: 'asc' }] }));
      const events = docs.flatMap((d) => d.events);
      expect(await store.readStream(streamId)).toEqual(events);
      // A range that starts and ends inside multi-event commits.
      expect(await store.readStream(streamId, { fromVersion: 2, toVersion: 6 })).toEqual(events.filter((e) => e.version >= 2 && e.version <= 6));
    }
    const everything = (await viaRxdb(commits.find({ selector: {}, sort: [{ lastSeq: 'asc' }] }))).flatMap((d) => d.events);
    const paged = [];
    for (let after = 0; ; ) {
      const page = await store.readAll(after, 5);
      if (page.length === 0) break;
      paged.push(...page);
      after = page.at(-1)!.seq;
    }
    expect(paged).toEqual(everything);
  });
});
