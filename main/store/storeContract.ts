/** The event store's contract: what callers append and read, what they get back, and what sync writes from the gateway. */

import type { Observable } from 'rxjs';
import type { EventEnvelope, EventMeta } from '@fidelis/shared/events/envelope.js';
import type { CommitDocument } from './commitSchema.js';
import type { ExpectedVersion } from './errors.js';

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
  /**
   * Moves whenever commits leave the store (sync superseding provisional ones), never on an append: a state folded
   * from a stream under one value may be continued with the stream's later events only while it stays the same.
   */
  historyEpoch(): number;
  /** Emits each group of events once it is durable, in `seq` order. */
  readonly appended$: Observable<readonly EventEnvelope[]>;
  /** Emits when an append opens the next group of appends: writes started in the same turn share its durable write (group commit). */
  readonly writing$?: Observable<void>;
  /** Waits for queued appends to be written. */
  drain(): Promise<void>;
  /** Runs `task` while no append is being written: every append before it is durable, none lands until it ends (a backup pins the ledger here). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
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

/** The answer to an append, from the commit document it wrote (or found written before, for a duplicate). */
export function resultOf(doc: CommitDocument, duplicate: boolean): AppendResult {
  return { streamId: doc.streamId, version: doc.version + doc.events.length - 1, events: doc.events, duplicate, commandHash: doc.commandHash };
}
