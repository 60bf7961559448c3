/**
 * Writes one group of queued appends as commit documents in one bulk insert: idempotent by command id, checked against
 * each stream's expected version, given consecutive `seq`s and each chained onto its stream's previous hash.
 */

import type { RxCollection } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { chainEvents } from '../integrity/chainHash.js';
import { commitId, type CommitDocument } from './commitSchema.js';
import type { CommandMemory } from './commandMemory.js';
import { ConcurrencyError, type ExpectedVersion } from './errors.js';
import type { Sequence } from './sequence.js';
import { resultOf, type AppendRequest, type AppendResult } from './storeContract.js';
import type { Head, StreamHeads } from './streamHeads.js';

/** An append waiting in the queue, with its caller's promise. */
export interface PendingAppend {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupWriterDeps {
  readonly commits: RxCollection<CommitDocument>;
  readonly heads: StreamHeads;
  readonly memory: CommandMemory;
  readonly sequence: Sequence;
  readonly newEventId: () => string;
  readonly now: () => Date;
  /** The group's events are durable. */
  readonly published: (events: readonly EventEnvelope[]) => void;
}

/** Settles every append of the group (resolves or rejects each); rejects only when reading the store failed. */
export type GroupWriter = (group: readonly PendingAppend[]) => Promise<void>;

/** An append of the group resolved once the group is durable: its own commit, or (a retry within the group) an earlier one. */
interface Accepted {
  readonly pending: PendingAppend;
  readonly doc: CommitDocument;
  readonly duplicate: boolean;
}

export function createGroupWriter(deps: GroupWriterDeps): GroupWriter {
  async function write(docs: CommitDocument[], batchHeads: Map<string, Head>, seq: number, accepted: readonly Accepted[]): Promise<void> {
    const { error } = await deps.commits.bulkInsert(docs);
    if (error.length > 0) {
      // Only another writer on the same files can cause this (the data-dir lock should prevent it):
      // forget what we believed about heads and positions and let every caller of this group retry.
      deps.heads.forgetAll();
      await deps.sequence.reload();
      deps.memory.forget();
      const failure = new Error(`The store refused ${error.length} commit(s): ${error.map((e) => `${e.documentId} (${e.status})`).join(', ')}`);
      for (const { pending } of accepted) pending.reject(failure);
      return;
    }
    deps.sequence.advance(seq);
    deps.heads.written(batchHeads);
    deps.memory.remember(docs);
    for (const { pending, doc, duplicate } of accepted) pending.resolve(resultOf(doc, duplicate));
    deps.published(docs.flatMap((d) => d.events));
  }

  return async (group) => {
    // One read at most for the whole group: the command ids memory cannot vouch for, and the heads it does not hold.
    const [previous, groupHeads] = await Promise.all([deps.memory.lookup(group.map((p) => p.request.meta.commandId)), deps.heads.load(group.map((p) => p.request.streamId))]);

    const docs: CommitDocument[] = [];
    // Settled once the group is durable: a caller told of a conflict or a duplicate in this group reads the stream as it says.
    const accepted: Accepted[] = [];
    const refused: { pending: PendingAppend; error: ConcurrencyError }[] = [];
    const batchHeads = new Map<string, Head>();
    const recordedAt = deps.now().toISOString();
    let seq = deps.sequence.last();

    for (const item of group) {
      const { request } = item;
      const stored = previous.get(request.meta.commandId);
      const earlier = stored ?? docs.find((d) => d.commandId === request.meta.commandId);
      if (earlier) {
        if (earlier.commandHash !== request.commandHash) item.reject(idempotencyConflict(request.meta.commandId));
        else if (stored) item.resolve(resultOf(stored, true));
        else accepted.push({ pending: item, doc: earlier, duplicate: true });
        continue;
      }
      const { version: head, hash: previousHash } = batchHeads.get(request.streamId) ?? groupHeads.get(request.streamId)!;
      if (!matches(request.expected, head)) {
        refused.push({ pending: item, error: new ConcurrencyError(request.streamId, request.expected, head) });
        continue;
      }
      if (request.events.length === 0) {
        item.resolve({ streamId: request.streamId, version: head, events: [], duplicate: false, commandHash: request.commandHash });
        continue;
      }
      const events = request.events.map((event, index): EventEnvelope => ({
        id: deps.newEventId(),
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
      accepted.push({ pending: item, doc, duplicate: false });
    }
    try {
      if (docs.length > 0) await write(docs, batchHeads, seq, accepted);
    } finally {
      for (const { pending, error } of refused) pending.reject(error);
    }
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

const idempotencyConflict = (commandId: string) =>
  new DomainError('IDEMPOTENCY_CONFLICT', `Command id ${commandId} was already used for a different command.`, 'commandId');
