/** The event store: commit documents in RxDB, a single-writer append queue with group commit, reads by stream and by `seq`. */

import { Subject, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { monotonicFactory } from 'ulid';
import type { EventEnvelope, EventMeta } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { CHAIN_START } from '@fidelis/shared/integrity/ledgerChain.js';
import { chainEvents } from '../integrity/chainHash.js';
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
  /** The gateway's rolling stream hash after the commit's last event, when it sent one: compared with the local chain. */
  readonly hash?: string | undefined;
}

/** A pulled commit whose hash, chained from the local stream, is not the one the gateway computed. */
export interface ChainMismatch {
  readonly streamId: string;
  readonly version: number;
  readonly local: string;
  readonly gateway: string;
}

export interface RemoteApplied {
  readonly events: readonly EventEnvelope[];
  /** Commits written with the locally chained hash although the gateway's differs: the local history diverged. */
  readonly chainMismatches: readonly ChainMismatch[];
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
  /** Whole commit documents whose last `seq` is greater than `afterSeq`, in `seq` order, at most `limit` (verify, head hash). */
  readCommits(afterSeq: number, limit: number): Promise<CommitDocument[]>;
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
   * commits the gateway confirmed, keeping their ids, versions, times and meta. Each is chained onto the local stream;
   * resolves with the events written and the commits whose hash differs from the one the gateway sent.
   */
  applyRemote(change: RemoteChange): Promise<RemoteApplied>;
  /**
   * Data-dir migration to format 3 only, before any append: gives every commit without a hash its chain hash, stream
   * by stream in version order. Resolves with the number of commits it hashed.
   */
  fillChainHashes(progress?: (done: number, total: number) => void): Promise<number>;
}

/** A stream's head as the writer needs it: the last version, and the hash the next commit chains from. */
interface Head {
  readonly version: number;
  readonly hash: string;
}

const NO_HEAD: Head = { version: -1, hash: CHAIN_START };
const headOf = (doc: CommitDocument | undefined): Head => (doc ? { version: doc.version + doc.events.length - 1, hash: doc.hash ?? CHAIN_START } : NO_HEAD);

/** Commits read and re-written per step while the data-dir migration fills in chain hashes. */
const FILL_PAGE = 1000;
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
  const heads = new BoundedCache<string, Head>(caches.heads ?? CACHED_HEADS);
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
    if (cached !== undefined) return cached.version;
    const generation = headsGeneration;
    const head = headOf((await reader.streamTails([streamId])).get(streamId));
    if (generation === headsGeneration) heads.set(streamId, head);
    return head.version;
  }

  async function writeGroup(group: Pending[]): Promise<void> {
    // One read at most for the whole group: the command ids memory cannot vouch for, and the heads it does not hold.
    const unknownCommands = group.map((p) => p.request.meta.commandId).filter((id) => !knownAbsent(id) && !recent.has(id));
    const groupHeads = new Map<string, Head>();
    for (const { request } of group) {
      const head = heads.get(request.streamId);
      if (head !== undefined) groupHeads.set(request.streamId, head);
    }
    const unknownHeads = group.map((p) => p.request.streamId).filter((id) => !groupHeads.has(id));
    const [previous, loadedHeads] = await Promise.all([
      unknownCommands.length > 0 ? reader.commitsByCommand(unknownCommands) : new Map<string, CommitDocument>(),
      unknownHeads.length > 0 ? reader.streamTails(unknownHeads) : new Map<string, CommitDocument | undefined>(),
    ]);
    for (const [streamId, tail] of loadedHeads) {
      const head = headOf(tail);
      groupHeads.set(streamId, head);
      heads.set(streamId, head);
    }

    const docs: CommitDocument[] = [];
    const accepted: { pending: Pending; doc: CommitDocument }[] = [];
    const batchHeads = new Map<string, Head>();
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
      const { version: head, hash: previousHash } = batchHeads.get(request.streamId) ?? groupHeads.get(request.streamId)!;
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
        // Chained from the stream's previous commit, inside the single writer: no other commit can come between.
        hash: chainEvents(previousHash, events),
      };
      batchHeads.set(request.streamId, { version: head + events.length, hash: doc.hash! });
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
    for (const [streamId, head] of batchHeads) heads.set(streamId, head);
    for (const doc of docs) {
      recent.set(doc.commandId, doc);
      absent.delete(doc.commandId);
    }
    for (const { pending: p, doc } of accepted) p.resolve(toResult(doc, false));
    appended.next(docs.flatMap((d) => d.events));
  }

  async function writeRemote({ supersede, commits: incoming }: RemoteChange): Promise<RemoteApplied> {
    if (supersede.length > 0) {
      const found = await commits.findByIds([...supersede]).exec();
      headsGeneration++;
      for (const doc of found.values()) heads.delete(doc.streamId);
      await commits.bulkRemove([...found.keys()]);
    }
    // Each remote commit chains from the local commit before it (read once per stream, after the removals above).
    const tails = incoming.length > 0 ? await reader.streamTails(incoming.map((c) => c.streamId)) : new Map<string, CommitDocument | undefined>();
    const chained = new Map<string, Head>();
    const chainMismatches: ChainMismatch[] = [];
    async function previousHead(streamId: string, version: number): Promise<Head> {
      const known = chained.get(streamId) ?? headOf(tails.get(streamId));
      if (known.version === version - 1) return known;
      // Not the stream's end (a caller's gap): chain from whatever commit holds version - 1.
      return version === 0 ? NO_HEAD : headOf(await reader.commitAtOrBefore(streamId, version - 1));
    }
    let seq = lastSeq;
    const docs: CommitDocument[] = [];
    for (const commit of incoming) {
      const events = commit.events.map((event) => ({ ...event, seq: ++seq }));
      const hash = chainEvents((await previousHead(commit.streamId, commit.version)).hash, events);
      chained.set(commit.streamId, { version: commit.version + events.length - 1, hash });
      // The local hash is stored either way (verify recomputes local content); a difference is sync's to report.
      if (commit.hash !== undefined && commit.hash !== hash) chainMismatches.push({ streamId: commit.streamId, version: commit.version, local: hash, gateway: commit.hash });
      docs.push({ id: commitId(commit.streamId, commit.version), streamId: commit.streamId, version: commit.version, lastSeq: seq, commandId: commit.commandId, commandHash: commit.commandHash, events, hash });
    }
    if (docs.length === 0) return { events: [], chainMismatches };
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
    return { events: written, chainMismatches };
  }

  async function fillChainHashes(progress?: (done: number, total: number) => void): Promise<number> {
    const total = lastSeq;
    const streams = new Map<string, Head>();
    /** Streams whose commits did not come in version order by `seq`: hashed again from their own index at the end. */
    const outOfOrder = new Set<string>();
    let hashed = 0;
    const save = async (docs: CommitDocument[]) => {
      if (docs.length === 0) return;
      const { error } = await commits.bulkUpsert(docs);
      if (error.length > 0) throw new Error(`Could not store the chain hash of ${error.length} commit(s): ${error.map((e) => e.documentId).join(', ')}`);
      hashed += docs.length;
    };
    for (let after = 0; ; ) {
      const page = await reader.commitsAfter(after, FILL_PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.lastSeq;
      const changed: CommitDocument[] = [];
      for (const doc of page) {
        if (outOfOrder.has(doc.streamId)) continue;
        const head = streams.get(doc.streamId) ?? NO_HEAD;
        if (doc.version !== head.version + 1) {
          outOfOrder.add(doc.streamId);
          continue;
        }
        // A commit already hashed (an interrupted migration running again) keeps its hash: the chain goes on from it.
        const hash = doc.hash ?? chainEvents(head.hash, doc.events);
        if (doc.hash === undefined) changed.push({ ...doc, hash });
        streams.set(doc.streamId, { version: doc.version + doc.events.length - 1, hash });
      }
      await save(changed);
      progress?.(after, total);
    }
    for (const streamId of outOfOrder) {
      let head = NO_HEAD;
      const changed: CommitDocument[] = [];
      for (const doc of await reader.streamCommits(streamId, 0, Number.MAX_SAFE_INTEGER)) {
        const hash = doc.hash ?? chainEvents(head.hash, doc.events);
        if (doc.hash === undefined) changed.push({ ...doc, hash });
        head = { version: doc.version + doc.events.length - 1, hash };
      }
      await save(changed);
    }
    headsGeneration++;
    heads.clear();
    return hashed;
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

    readCommits: (afterSeq, limit) => reader.commitsAfter(afterSeq, limit),

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
    fillChainHashes,
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
