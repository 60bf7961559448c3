/**
 * The event store: commit documents in RxDB, wired from its parts: the single-writer append queue with group commit
 * (appendQueue, groupWriter), sync's remote writes (remoteWriter), reads by stream and by `seq` (storeReads), what
 * it remembers (streamHeads, commandMemory) and the `appended$` feed subscribers follow.
 */

import { Subject } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { monotonicUlid } from '../ids.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createAppendQueue } from './appendQueue.js';
import { fillChainHashes } from './chainFill.js';
import type { CommitDocument } from './commitSchema.js';
import { createCommitIndexReader } from './commitIndexReader.js';
import { createCommandMemory } from './commandMemory.js';
import { createGroupWriter } from './groupWriter.js';
import { createRemoteWriter } from './remoteWriter.js';
import { createSequence } from './sequence.js';
import { resultOf, type EventStore } from './storeContract.js';
import { createStoreReads } from './storeReads.js';
import { createStreamHeads } from './streamHeads.js';

export type {
  AppendRequest,
  AppendResult,
  ChainMismatch,
  EventStore,
  NewEvent,
  RemoteApplied,
  RemoteChange,
  RemoteCommit,
  StreamRange,
} from './storeContract.js';

/** Most appends flushed in one write: bounds the latency a large group adds to its first member. */
const MAX_GROUP = 256;
/** Stream heads kept in memory (a miss reads the stream's last commit): bounded, so memory does not grow with the ledger. */
const CACHED_HEADS = 10_000;
/** Commits this process wrote most recently, by command id, and command ids found absent: answers idempotency from memory. */
const CACHED_COMMANDS = 4_096;

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
  // Reads go below RxDB (see commitIndexReader.ts); writes go through it.
  const reader = await createCommitIndexReader(commits);
  const sequence = await createSequence(reader);
  const heads = createStreamHeads(reader, caches.heads ?? CACHED_HEADS);
  const memory = createCommandMemory(reader, sequence.last, caches.commands ?? CACHED_COMMANDS);
  const appended = new Subject<readonly EventEnvelope[]>();
  const published = (events: readonly EventEnvelope[]) => appended.next(events);
  const writing = new Subject<void>();
  const queue = createAppendQueue(
    createGroupWriter({ commits, heads, memory, sequence, newEventId: monotonicUlid(), now, published }),
    MAX_GROUP,
    () => writing.next(),
  );
  const writeRemote = createRemoteWriter({ commits, reader, heads, sequence, published });
  let historyEpoch = 0;

  return {
    ...createStoreReads(reader),
    append: queue.append,
    async findByCommand(commandId) {
      const doc = await memory.find(commandId);
      return doc && resultOf(doc, true);
    },
    streamVersion: heads.version,
    headSeq: sequence.last,
    historyEpoch: () => historyEpoch,
    appended$: appended.asObservable(),
    writing$: writing.asObservable(),
    drain: queue.drain,
    exclusive: queue.exclusive,

    applyRemote: (change) =>
      queue.exclusive(async () => {
        // Moved before and after: a fold that overlapped the removal in any way is not continued.
        const removing = change.supersede.length > 0;
        if (removing) historyEpoch++;
        try {
          return await writeRemote(change);
        } finally {
          // Commits landed (or were removed) outside the append path: what memory knew about commands no longer holds.
          memory.forget();
          if (removing) historyEpoch++;
        }
      }),

    async fillChainHashes(progress) {
      const hashed = await fillChainHashes(commits, reader, sequence.last(), progress);
      heads.forgetAll();
      return hashed;
    },
  };
}
