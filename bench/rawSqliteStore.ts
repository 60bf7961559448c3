/**
 * The benchmark's baseline: the EventStore contract over raw better-sqlite3 (WAL, synchronous=FULL), one row per event,
 * one transaction per flushed group of appends — the same durability and grouping as the real store, none of its layers.
 */

import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import { monotonicFactory } from 'ulid';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { ConcurrencyError, type ExpectedVersion } from '../main/store/errors.js';
import type { AppendRequest, AppendResult, EventStore } from '../main/store/eventStore.js';

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface EventRow {
  envelope: string;
  command_hash: string;
}

export interface RawSqliteStore extends EventStore {
  close(): void;
}

export function openRawSqliteStore(file: string): RawSqliteStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
    command_id TEXT NOT NULL, command_hash TEXT NOT NULL, envelope TEXT NOT NULL,
    UNIQUE (stream_id, version));
    CREATE INDEX IF NOT EXISTS events_command ON events (command_id);`);
  const byCommand = db.prepare<[string], EventRow>('SELECT envelope, command_hash FROM events WHERE command_id = ? ORDER BY seq');
  const head = db.prepare<[string], { v: number | null }>('SELECT MAX(version) AS v FROM events WHERE stream_id = ?');
  const range = db.prepare<[string, number, number], EventRow>(
    'SELECT envelope, command_hash FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version',
  );
  const after = db.prepare<[number, number], EventRow>('SELECT envelope, command_hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const insert = db.prepare('INSERT INTO events (seq, stream_id, version, command_id, command_hash, envelope) VALUES (?, ?, ?, ?, ?, ?)');
  const newEventId = monotonicFactory();
  const appended = new Subject<readonly EventEnvelope[]>();
  let lastSeq = (db.prepare('SELECT MAX(seq) AS s FROM events').get() as { s: number | null }).s ?? 0;
  const pending: Pending[] = [];
  let flushing: Promise<void> | undefined;

  const parse = (rows: EventRow[]) => rows.map((r) => JSON.parse(r.envelope) as EventEnvelope);
  const streamVersion = (streamId: string) => head.get(streamId)?.v ?? -1;

  function findByCommand(commandId: string): AppendResult | undefined {
    const rows = byCommand.all(commandId);
    if (rows.length === 0) return undefined;
    const events = parse(rows);
    return { streamId: events[0]!.streamId, version: events.at(-1)!.version, events, duplicate: true, commandHash: rows[0]!.command_hash };
  }

  // One transaction per group, exactly as the real store flushes a group in one bulk write.
  const writeGroup = db.transaction((group: Pending[]) => {
    const settled: (() => void)[] = [];
    const written: EventEnvelope[] = [];
    const recordedAt = new Date().toISOString();
    for (const item of group) {
      const { request } = item;
      const earlier = findByCommand(request.meta.commandId);
      if (earlier) {
        settled.push(() =>
          earlier.commandHash === request.commandHash
            ? item.resolve(earlier)
            : item.reject(new DomainError('IDEMPOTENCY_CONFLICT', 'Command id reused.', 'commandId')),
        );
        continue;
      }
      const version = streamVersion(request.streamId);
      if (!matches(request.expected, version)) {
        settled.push(() => item.reject(new ConcurrencyError(request.streamId, request.expected, version)));
        continue;
      }
      const events = request.events.map((event, index): EventEnvelope => ({
        id: newEventId(),
        type: event.type,
        streamId: request.streamId,
        version: version + 1 + index,
        seq: ++lastSeq,
        gpos: null,
        occurredAt: event.occurredAt,
        recordedAt,
        data: event.data,
        meta: request.meta,
      }));
      for (const e of events) insert.run(e.seq, e.streamId, e.version, request.meta.commandId, request.commandHash, JSON.stringify(e));
      written.push(...events);
      const result: AppendResult = { streamId: request.streamId, version: version + events.length, events, duplicate: false, commandHash: request.commandHash };
      settled.push(() => item.resolve(result));
    }
    return { settled, written };
  });

  async function flush(): Promise<void> {
    // Let every client that is ready join this group, as the real store's queue does.
    await new Promise((resolve) => setImmediate(resolve));
    while (pending.length > 0) {
      const group = pending.splice(0, 256);
      const before = lastSeq;
      try {
        const { settled, written } = writeGroup(group);
        for (const settle of settled) settle();
        if (written.length > 0) appended.next(written);
      } catch (error) {
        lastSeq = before;
        for (const item of group) item.reject(error);
      }
    }
  }

  return {
    append(request) {
      const result = new Promise<AppendResult>((resolve, reject) => pending.push({ request, resolve, reject }));
      flushing ??= flush().finally(() => {
        flushing = undefined;
      });
      return result;
    },
    readStream: async (streamId, { fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) => parse(range.all(streamId, fromVersion, toVersion)),
    readAll: async (afterSeq, limit) => parse(after.all(afterSeq, limit)),
    findByCommand: async (commandId) => findByCommand(commandId),
    streamVersion: async (streamId) => streamVersion(streamId),
    headSeq: () => lastSeq,
    historyEpoch: () => 0,
    appended$: appended.asObservable(),
    async drain() {
      while (flushing) await flushing;
    },
    async exclusive(task) {
      while (flushing) await flushing;
      return task();
    },
    applyRemote: () => Promise.reject(new Error('The baseline does not sync.')),
    readCommits: () => Promise.reject(new Error('The baseline keeps no commit documents.')),
    fillChainHashes: () => Promise.reject(new Error('The baseline keeps no chain.')),
    close: () => db.close(),
  };
}

function matches(expected: ExpectedVersion, head: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return head === -1;
  if (expected === 'exists') return head >= 0;
  return head === expected;
}
