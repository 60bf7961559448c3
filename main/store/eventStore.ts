/** The event store: commit documents in RxDB, a single-writer append queue with group commit, reads by stream and by `seq`. */

import { Subject, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { monotonicFactory } from 'ulid';
import type { EventEnvelope, EventMeta } from '../../shared/events/envelope.js';
import { DomainError } from '../../shared/errors.js';
import { commitId, type CommitDocument } from './commitSchema.js';
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
}

/** Most appends flushed in one write: bounds the latency a large group adds to its first member. */
const MAX_GROUP = 256;

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export async function createEventStore(commits: RxCollection<CommitDocument>, now: () => Date = () => new Date()): Promise<EventStore> {
  const newEventId = monotonicFactory();
  const heads = new Map<string, number>();
  const appended = new Subject<readonly EventEnvelope[]>();
  let lastSeq = await loadLastSeq(commits);
  let pending: Pending[] = [];
  let flushing: Promise<void> | undefined;

  async function streamVersion(streamId: string): Promise<number> {
    const cached = heads.get(streamId);
    if (cached !== undefined) return cached;
    const last = await commits
      .findOne({ selector: { streamId }, sort: [{ streamId: 'desc' }, { version: 'desc' }] })
      .exec();
    const version = last ? last.version + last.events.length - 1 : -1;
    heads.set(streamId, version);
    return version;
  }

  async function writeGroup(group: Pending[]): Promise<void> {
    const previous = await findCommits(commits, group.map((p) => p.request.meta.commandId));
    await Promise.all(group.map((p) => streamVersion(p.request.streamId)));

    const docs: CommitDocument[] = [];
    const accepted: { pending: Pending; doc: CommitDocument }[] = [];
    const batchHeads = new Map<string, number>();
    const recordedAt = now().toISOString();
    let seq = lastSeq;

    for (const item of group) {
      const { request } = item;
      const earlier = previous.get(request.meta.commandId) ?? docs.find((d) => d.commandId === request.meta.commandId);
      if (earlier) {
        if (earlier.commandHash === request.commandHash) item.resolve(toResult(earlier, true));
        else item.reject(idempotencyConflict(request.meta.commandId));
        continue;
      }
      const head = batchHeads.get(request.streamId) ?? heads.get(request.streamId)!;
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
      heads.clear();
      lastSeq = await loadLastSeq(commits);
      const failure = new Error(`The store refused ${error.length} commit(s): ${error.map((e) => `${e.documentId} (${e.status})`).join(', ')}`);
      for (const { pending: p } of accepted) p.reject(failure);
      return;
    }
    lastSeq = seq;
    for (const [streamId, version] of batchHeads) heads.set(streamId, version);
    for (const { pending: p, doc } of accepted) p.resolve(toResult(doc, false));
    appended.next(docs.flatMap((d) => d.events));
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

  function schedule(): Promise<void> {
    flushing ??= flush().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  return {
    append(request) {
      const result = new Promise<AppendResult>((resolve, reject) => pending.push({ request, resolve, reject }));
      void schedule();
      return result;
    },

    async readStream(streamId, { fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) {
      // A commit starting before fromVersion may still hold it, so start from the commit that contains it.
      const first = await commits
        .findOne({ selector: { streamId, version: { $lte: fromVersion } }, sort: [{ streamId: 'desc' }, { version: 'desc' }] })
        .exec();
      const docs = await commits
        .find({
          selector: { streamId, version: { $gte: first?.version ?? fromVersion, $lte: toVersion } },
          sort: [{ streamId: 'asc' }, { version: 'asc' }],
        })
        .exec();
      return docs
        .flatMap((d) => d.toMutableJSON().events)
        .filter((e) => e.version >= fromVersion && e.version <= toVersion);
    },

    async readAll(afterSeq, limit) {
      const docs = await commits
        .find({ selector: { lastSeq: { $gt: afterSeq } }, sort: [{ lastSeq: 'asc' }], limit })
        .exec();
      return docs
        .flatMap((d) => d.toMutableJSON().events)
        .filter((e) => e.seq > afterSeq)
        .slice(0, limit);
    },

    async findByCommand(commandId) {
      const doc = (await findCommits(commits, [commandId])).get(commandId);
      return doc && toResult(doc, true);
    },

    streamVersion,
    headSeq: () => lastSeq,
    appended$: appended.asObservable(),
    async drain() {
      while (flushing) await flushing;
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

async function loadLastSeq(commits: RxCollection<CommitDocument>): Promise<number> {
  const last = await commits.findOne({ selector: { lastSeq: { $gte: 0 } }, sort: [{ lastSeq: 'desc' }] }).exec();
  return last?.lastSeq ?? 0;
}

async function findCommits(commits: RxCollection<CommitDocument>, commandIds: readonly string[]): Promise<Map<string, CommitDocument>> {
  const docs = await commits.find({ selector: { commandId: { $in: [...new Set(commandIds)] } } }).exec();
  return new Map(docs.map((d) => [d.commandId, d.toMutableJSON()]));
}

function toResult(doc: CommitDocument, duplicate: boolean): AppendResult {
  return { streamId: doc.streamId, version: doc.version + doc.events.length - 1, events: doc.events, duplicate, commandHash: doc.commandHash };
}

const idempotencyConflict = (commandId: string) =>
  new DomainError('IDEMPOTENCY_CONFLICT', `Command id ${commandId} was already used for a different command.`, 'commandId');
