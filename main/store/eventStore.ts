/** The event store: commit documents in RxDB, a single-writer append queue with group commit, reads by stream and by `seq`. */

import { Subject, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { monotonicFactory } from 'ulid';
import type { EventEnvelope, EventMeta } from '../../shared/events/envelope.js';
import { DomainError } from '../../shared/errors.js';
import { BoundedCache } from './boundedCache.js';
import { commitId, type CommitDocument } from './commitSchema.js';
import { createCommitIndexReader, type CommitIndexReader } from './commitIndexReader.js';
import { ConcurrencyError, type ExpectedVersion } from './errors.js';

export interface NewEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  readonly events: readonly NewEvent[];
  /** Shared by every event of the append; `commandId` makes the append idempotent. */
  readonly meta: EventMeta;
  readonly commandHash: string;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  readonly events: readonly EventEnvelope[];
  /** True when this command had been appended before and its first result is returned again. */
  readonly duplicate: boolean;
  readonly commandHash: string;
}

/** A commit the gateway confirmed, as another device recorded it (sync only). */
export interface RemoteCommit {
  readonly streamId: string;
  readonly version: number;
  readonly commandId: string;
  readonly commandHash: string;
  /** Envelopes as the gateway holds them (with their gpos); each gets a fresh local seq here. */
  readonly events: readonly EventEnvelope[];
}

export interface RemoteChange {
  /** Ids of provisional local commits the gateway never accepted (their content is archived by sync first). */
  readonly supersede: readonly string[];
  readonly commits: readonly RemoteCommit[];
}

export interface StreamRange {
  readonly fromVersion?: number;
  readonly toVersion?: number;
}

export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  readStream(streamId: string, range?: StreamRange): Promise<EventEnvelope[]>;
  /** Events with `seq` greater than `afterSeq`, in `seq` order, at most `limit`. */
  readAll(afterSeq: number, limit: number): Promise<EventEnvelope[]>;
  /** The commit a command produced, if it was appended. */
  findByCommand(commandId: string): Promise<AppendResult | undefined>;
  streamVersion(streamId: string): Promise<number>;
  /** The `seq` of the last durable event (0 for an empty store). */
  headSeq(): number;
  /** Emits each group of events once it is durable, in `seq` order. */
  readonly appended$: Observable<readonly EventEnvelope[]>;
  /** Waits for queued appends to be written. */
  drain(): Promise<void>;
  /**
   * Sync only, inside the writer queue (no append interleaves): removes superseded provisional commits, then writes
   * commits the gateway confirmed, keeping their ids, versions, times and meta. Resolves with the events written.
   */
  applyRemote(change: RemoteChange): Promise<readonly EventEnvelope[]>;
}

/** Most appends flushed in one write: bounds the latency a large group adds to its first member. */
const MAX_GROUP = 256;
/** Stream heads kept in memory (a miss reads the stream's last commit): bounded, so memory does not grow with the ledger. */
const CACHED_HEADS = 10_000;
/** Commits this process wrote most recently, by command id, and command ids found absent: answers idempotency from memory. */
const CACHED_COMMANDS = 4_096;

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** How much the store remembers in memory; the defaults suit the app, tests shrink them to exercise what is forgotten. */
export interface EventStoreCaches {
  readonly heads?: number;
  readonly commands?: number;
}

export async function createEventStore(
  commits: RxCollection<CommitDocument>,
  now: () => Date = () => new Date(),
  caches: EventStoreCaches = {},
): Promise<EventStore> {
  const newEventId = monotonicFactory();
  // Reads go below RxDB (see commitIndexReader.ts); writes go through it.
  const reader = await createCommitIndexReader(commits);
  const heads = new BoundedCache<string, number>(caches.heads ?? CACHED_HEADS);
  const appended = new Subject<readonly EventEnvelope[]>();
  let lastSeq = await loadLastSeq(reader);

  // Idempotency without a read per append. `recent` holds every commit this process wrote with a `seq` above
  // `knownAfter` (evicting one raises it); `absent` holds command ids a look-up did not find, with the `seq` the store
  // was at when it looked. A command found absent at or after `knownAfter` and not in `recent` was never committed.
  let knownAfter = lastSeq;
  const recent = new BoundedCache<string, CommitDocument>(caches.commands ?? CACHED_COMMANDS, (_, doc) => (knownAfter = Math.max(knownAfter, doc.lastSeq)));
  const absent = new BoundedCache<string, number>(caches.commands ?? CACHED_COMMANDS);
  const knownAbsent = (commandId: string) => !recent.has(commandId) && (absent.get(commandId) ?? -1) >= knownAfter;
  /** After writes this process did not make through the append queue (sync), nothing remembered about commands holds. */
  function forgetCommands(): void {
    recent.clear();
    absent.clear();
    knownAfter = lastSeq;
  }
  let pending: Pending[] = [];
  let flushing: Promise<void> | undefined;
  // A remote change in progress (sync): flushes wait for it, and it waits for the flush it found running.
  let importing: Promise<unknown> | undefined;

  // Bumped whenever a write changes what heads should hold: a read that started before it must not cache its stale answer.
  let headsGeneration = 0;

  async function streamVersion(streamId: string): Promise<number> {
    const cached = heads.get(streamId);
    if (cached !== undefined) return cached;
    const generation = headsGeneration;
    const version = (await reader.streamHeads([streamId])).get(streamId)!;
    if (generation === headsGeneration) heads.set(streamId, version);
    return version;
  }

  async function writeGroup(group: Pending[]): Promise<void> {
    // One read at most for the whole group: the command ids memory cannot vouch for, and the heads it does not hold.
    const unknownCommands = group.map((p) => p.request.meta.commandId).filter((id) => !knownAbsent(id) && !recent.has(id));
    const groupHeads = new Map<string, number>();
    for (const { request } of group) {
      const head = heads.get(request.streamId);
      if (head !== undefined) groupHeads.set(request.streamId, head);
    }
    const unknownHeads = group.map((p) => p.request.streamId).filter((id) => !groupHeads.has(id));
    const [previous, loadedHeads] = await Promise.all([
      unknownCommands.length > 0 ? reader.commitsByCommand(unknownCommands) : new Map<string, CommitDocument>(),
      unknownHeads.length > 0 ? reader.streamHeads(unknownHeads) : new Map<string, number>(),
    ]);
    for (const [streamId, head] of loadedHeads) {
      groupHeads.set(streamId, head);
      heads.set(streamId, head);
    }

    const docs: CommitDocument[] = [];
    const accepted: { pending: Pending; doc: CommitDocument }[] = [];
    const batchHeads = new Map<string, number>();
    const recordedAt = now().toISOString();
    let seq = lastSeq;

    for (const item of group) {
      const { request } = item;
      const earlier = recent.get(request.meta.commandId) ?? previous.get(request.meta.commandId) ?? docs.find((d) => d.commandId === request.meta.commandId);
      if (earlier) {
        if (earlier.commandHash === request.commandHash) item.resolve(toResult(earlier, true));
        else item.reject(idempotencyConflict(request.meta.commandId));
        continue;
      }
      const head = batchHeads.get(request.streamId) ?? groupHeads.get(request.streamId)!;
      if (!matches(request.expected, head)) {
        item.reject(new ConcurrencyError(request.streamId, request.expected, head));
        continue;
      }
      if (request.events.length === 0) {
        item.resolve({ streamId: request.streamId, version: head, events: [], duplicate: false, commandHash: request.commandHash });
        continue;
      }
      const events = request.events.map((event, index): EventEnvelope => ({
        id: newEventId(),
        type: event.type,
        streamId: request.streamId,
        version: head + 1 + index,
        seq: ++seq,
        gpos: null,
        occurredAt: event.occurredAt,
        recordedAt,
        data: event.data,
        meta: request.meta,
      }));
      const doc: CommitDocument = {
        id: commitId(request.streamId, head + 1),
        streamId: request.streamId,
        version: head + 1,
        lastSeq: seq,
        commandId: request.meta.commandId,
        commandHash: request.commandHash,
        events,
      };
      batchHeads.set(request.streamId, head + events.length);
      docs.push(doc);
      accepted.push({ pending: item, doc });
    }
    if (docs.length === 0) return;

    const { error } = await commits.bulkInsert(docs);
    if (error.length > 0) {
      // Only another writer on the same files can cause this (the data-dir lock should prevent it):
      // forget what we believed about heads and positions and let every caller of this group retry.
      headsGeneration++;
      heads.clear();
      lastSeq = await loadLastSeq(reader);
      forgetCommands();
      const failure = new Error(`The store refused ${error.length} commit(s): ${error.map((e) => `${e.documentId} (${e.status})`).join(', ')}`);
      for (const { pending: p } of accepted) p.reject(failure);
      return;
    }
    lastSeq = seq;
    headsGeneration++;
    for (const [streamId, version] of batchHeads) heads.set(streamId, version);
    for (const doc of docs) {
      recent.set(doc.commandId, doc);
      absent.delete(doc.commandId);
    }
    for (const { pending: p, doc } of accepted) p.resolve(toResult(doc, false));
    appended.next(docs.flatMap((d) => d.events));
  }

  async function writeRemote({ supersede, commits: incoming }: RemoteChange): Promise<EventEnvelope[]> {
    if (supersede.length > 0) {
      const found = await commits.findByIds([...supersede]).exec();
      headsGeneration++;
      for (const doc of found.values()) heads.delete(doc.streamId);
      await commits.bulkRemove([...found.keys()]);
    }
    let seq = lastSeq;
    const docs = incoming.map((commit): CommitDocument => {
      const events = commit.events.map((event) => ({ ...event, seq: ++seq }));
      return { id: commitId(commit.streamId, commit.version), streamId: commit.streamId, version: commit.version, lastSeq: seq, commandId: commit.commandId, commandHash: commit.commandHash, events };
    });
    if (docs.length === 0) return [];
    const { error } = await commits.bulkInsert(docs);
    if (error.length > 0) {
      headsGeneration++;
      heads.clear();
      lastSeq = await loadLastSeq(reader);
      throw new Error(`The store refused ${error.length} remote commit(s): ${error.map((e) => `${e.documentId} (${e.status})`).join(', ')}`);
    }
    lastSeq = seq;
    headsGeneration++;
    for (const doc of docs) heads.delete(doc.streamId);
    const written = docs.flatMap((d) => d.events);
    appended.next(written);
    return written;
  }

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const group = pending.slice(0, MAX_GROUP);
      pending = pending.slice(MAX_GROUP);
      try {
        await writeGroup(group);
      } catch (error) {
        for (const item of group) item.reject(error);
      }
    }
  }

  function schedule(): void {
    if (flushing) return;
    flushing = (importing ? importing.then(flush, flush) : flush()).finally(() => {
      flushing = undefined;
      // An append can arrive after the loop saw an empty queue but before this ran: it must not be stranded.
      if (pending.length > 0) schedule();
    });
  }

  return {
    append(request) {
      const result = new Promise<AppendResult>((resolve, reject) => pending.push({ request, resolve, reject }));
      schedule();
      return result;
    },

    async readStream(streamId, { fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) {
      // An empty range (`events read --limit 0`) reads nothing; IndexedDB would throw on an inverted key range.
      if (toVersion < fromVersion) return [];
      const docs = await reader.streamCommits(streamId, fromVersion, toVersion);
      // A commit starting before fromVersion may still hold it.
      if (fromVersion > 0 && docs[0]?.version !== fromVersion) {
        const first = await reader.commitAtOrBefore(streamId, fromVersion - 1);
        if (first) docs.unshift(first);
      }
      const events = docs.flatMap((d) => d.events);
      const whole = events.length === 0 || (events[0]!.version >= fromVersion && events.at(-1)!.version <= toVersion);
      return whole ? events : events.filter((e) => e.version >= fromVersion && e.version <= toVersion);
    },

    async readAll(afterSeq, limit) {
      const docs = await reader.commitsAfter(afterSeq, limit);
      return docs
        .flatMap((d) => d.events)
        .filter((e) => e.seq > afterSeq)
        .slice(0, limit);
    },

    async findByCommand(commandId) {
      const cached = recent.get(commandId);
      if (cached) return toResult(cached, true);
      // Taken before the read: anything committed later went through this process's queue and is in `recent`.
      const lookedAt = lastSeq;
      const doc = (await reader.commitsByCommand([commandId])).get(commandId);
      if (!doc) absent.set(commandId, lookedAt);
      return doc && toResult(doc, true);
    },

    streamVersion,
    headSeq: () => lastSeq,
    appended$: appended.asObservable(),
    applyRemote(change) {
      const runningFlush = flushing;
      const previousImport = importing;
      const task = (async () => {
        await previousImport?.catch(() => undefined);
        await runningFlush?.catch(() => undefined);
        try {
          return await writeRemote(change);
        } finally {
          forgetCommands();
        }
      })();
      importing = task;
      void task
        .finally(() => {
          if (importing === task) importing = undefined;
        })
        .catch(() => undefined);
      return task;
    },

    async drain() {
      while (flushing || importing) await (flushing ?? importing)!.catch(() => undefined);
    },
  };
}

function matches(expected: ExpectedVersion, head: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return head === -1;
    case 'exists':
      return head >= 0;
    default:
      return head === expected;
  }
}

async function loadLastSeq(reader: CommitIndexReader): Promise<number> {
  return (await reader.lastCommit())?.lastSeq ?? 0;
}

function toResult(doc: CommitDocument, duplicate: boolean): AppendResult {
  return { streamId: doc.streamId, version: doc.version + doc.events.length - 1, events: doc.events, duplicate, commandHash: doc.commandHash };
}

const idempotencyConflict = (commandId: string) =>
  new DomainError('IDEMPOTENCY_CONFLICT', `Command id ${commandId} was already used for a different command.`, 'commandId');
