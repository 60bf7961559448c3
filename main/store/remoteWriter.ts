/**
 * Sync's writes (run inside the writer queue, so no append interleaves): removes superseded provisional commits, then
 * writes commits the gateway confirmed, keeping their ids, versions, times and meta, each with a fresh local `seq` and
 * chained onto the local stream. A commit whose local hash differs from the gateway's is reported, not refused.
 */

import type { RxCollection } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { chainEvents } from '../integrity/chainHash.js';
import { commitId, type CommitDocument } from './commitSchema.js';
import type { CommitIndexReader } from './commitIndexReader.js';
import type { Sequence } from './sequence.js';
import type { ChainMismatch, RemoteApplied, RemoteChange } from './storeContract.js';
import { headOf, NO_HEAD, type Head, type StreamHeads } from './streamHeads.js';

export interface RemoteWriterDeps {
  readonly commits: RxCollection<CommitDocument>;
  readonly reader: CommitIndexReader;
  readonly heads: StreamHeads;
  readonly sequence: Sequence;
  readonly published: (events: readonly EventEnvelope[]) => void;
}

export type RemoteWriter = (change: RemoteChange) => Promise<RemoteApplied>;

export function createRemoteWriter(deps: RemoteWriterDeps): RemoteWriter {
  const { commits, reader } = deps;
  return async ({ supersede, commits: incoming }) => {
    if (supersede.length > 0) {
      const found = await commits.findByIds([...supersede]).exec();
      deps.heads.forget([...found.values()].map((doc) => doc.streamId));
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
    let seq = deps.sequence.last();
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
      deps.heads.forgetAll();
      await deps.sequence.reload();
      throw new Error(`The store refused ${error.length} remote commit(s): ${error.map((e) => `${e.documentId} (${e.status})`).join(', ')}`);
    }
    deps.sequence.advance(seq);
    deps.heads.forget(docs.map((doc) => doc.streamId));
    const written = docs.flatMap((d) => d.events);
    deps.published(written);
    return { events: written, chainMismatches };
  };
}
