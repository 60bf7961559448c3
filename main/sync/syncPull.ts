/**
 * Pull: applies what the gateway holds, in gateway order. Our own commits come back confirmed; others' are imported;
 * where another device recorded a version first, our provisional commits from there on are archived for rebasing and
 * replaced by the gateway's. A pull with `repair` walks the whole history again and replaces synced commits that differ.
 */

import type { RxCollection, RxDocument } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { PulledEvent, SyncReason } from '@fidelis/shared/sync/protocol.js';
import { contentHash } from '../integrity/chainHash.js';
import type { Logger } from '../log.js';
import { commitId, type CommitDocument } from '../store/commitSchema.js';
import type { EventStore, RemoteApplied, RemoteCommit } from '../store/eventStore.js';
import type { SyncExceptionQueue } from './exceptionQueue.js';
import type { GatewayClient } from './gatewayClient.js';
import { localCommitsFrom } from './localCommits.js';
import type { SyncReport } from './syncReport.js';
import { archivedId, type SyncRecords } from './syncRecords.js';

export interface SyncPullDeps {
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly records: SyncRecords;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly pullBatch: number;
  /** Called with streams whose provisional events were replaced, so caches and read models can catch up. */
  readonly onStreamsSuperseded: (streamIds: readonly string[]) => Promise<void>;
  /** Another device's commit is applied only if its signatures, device and permissions hold (main/integrity/pulledCommitCheck.ts). */
  readonly checkPulled?: (commit: RemoteCommit) => Promise<SyncReason | undefined>;
  /** Local commits derived from overtaken ones (their fact streams): removed with them, derived again after the rebase. */
  readonly derivedFrom?: (overtaken: readonly CommitDocument[]) => Promise<string[]>;
  /** Where a refused pulled commit goes: the exception queue, with its code. */
  readonly exceptions?: Pick<SyncExceptionQueue, 'raise'>;
}

export interface SyncPull {
  /** Pulls from the cursor to the gateway's head (from the start first, comparing contents, with `repair`). */
  pullAll(client: GatewayClient, report: SyncReport, repair: boolean): Promise<void>;
}

export function createSyncPull(deps: SyncPullDeps): SyncPull {
  const { store, commits, records, logger } = deps;
  /** Streams with a refused pulled commit: what follows it there waits with it (for this process's life). */
  const refusedStreams = new Set<string>();

  async function pullFrom(client: GatewayClient, after: number, report: SyncReport, repair: boolean): Promise<void> {
    const fetchPage = (from: number) => {
      const page = client.pull(from, deps.pullBatch);
      // Awaited below; observed now so a failure while the page before is applied is not reported as unhandled.
      page.catch(() => undefined);
      return page;
    };
    let next = fetchPage(after);
    for (;;) {
      const page = await next;
      const more = page.events.length > 0 && page.checkpoint < page.head;
      // The next page travels while this one is applied.
      if (more) next = fetchPage(page.checkpoint);
      if (page.events.length > 0) await applyPulled(page.events, report, repair);
      report.pulled += page.events.length;
      if (page.checkpoint > (await records.cursor()).pulledGpos) await records.saveCursor({ pulledGpos: page.checkpoint });
      if (!more) return;
    }
  }

  async function applyPulled(pulled: readonly PulledEvent[], report: SyncReport, repair: boolean): Promise<void> {
    const remote = groupCommits(pulled);
    // Each stream's head before this page, read once: a commit above it cannot be one of ours, so only the rest are
    // looked up (a joining workstation looks up none).
    const streams = [...new Set(remote.map((c) => c.streamId))];
    const before = new Map(await Promise.all(streams.map(async (streamId) => [streamId, await store.streamVersion(streamId)] as const)));
    const ours = remote.filter((c) => c.version <= before.get(c.streamId)!);
    const local = ours.length > 0 ? await commits.findByIds(ours.map((c) => commitId(c.streamId, c.version))).exec() : new Map<string, RxDocument<CommitDocument>>();
    const gone = new Set<string>();
    const heads = new Map<string, number>(before);
    const confirmations: { commit: CommitDocument; gpos: number[] }[] = [];
    const superseded = new Set<string>();
    let batch: RemoteCommit[] = [];
    /** A pulled commit whose hash, chained locally, differs from the gateway's: counted with the divergences `sync verify` repairs. */
    const checkChain = ({ chainMismatches }: RemoteApplied) => {
      for (const mismatch of chainMismatches) {
        report.diverged++;
        logger.error({ ...mismatch }, 'sync: the local hash chain disagrees with the gateway for a pulled commit; run sync verify');
      }
    };
    const flush = async () => {
      if (batch.length > 0) checkChain(await store.applyRemote({ supersede: [], commits: batch }));
      batch = [];
    };

    for (const incoming of remote) {
      const key = commitId(incoming.streamId, incoming.version);
      const mine = gone.has(key) ? undefined : local.get(key)?.toMutableJSON();
      const lastVersion = incoming.version + incoming.events.length - 1;
      if (mine && sameCommit(mine, incoming, repair)) {
        if (mine.events[0]!.gpos === null) confirmations.push({ commit: mine, gpos: incoming.events.map((e) => e.gpos!) });
        heads.set(incoming.streamId, lastVersion);
        continue;
      }
      const refusal = refusedStreams.has(incoming.streamId) ? undefined : await deps.checkPulled?.(incoming);
      if (refusal || refusedStreams.has(incoming.streamId)) {
        if (refusal) await refusePulled(incoming, refusal, report);
        refusedStreams.add(incoming.streamId);
        continue;
      }
      const head = heads.get(incoming.streamId)!;
      if (!mine && head < incoming.version) {
        if (head < incoming.version - 1) throw new Error(`Stream ${incoming.streamId} would skip from version ${head} to ${incoming.version}; pulling again.`);
        batch.push(incoming);
        heads.set(incoming.streamId, lastVersion);
        continue;
      }
      // The gateway holds something else at this version: our provisional commits from here on lost the race.
      await flush();
      const overtaken = await localCommitsFrom(commits, incoming.streamId, incoming.version);
      const confirmed = await records.confirmedAmong(overtaken.map((c) => c.events[0]!.id));
      const synced = overtaken.filter((c) => c.events[0]!.gpos !== null || confirmed.has(c.events[0]!.id));
      if (synced.length > 0 && !repair) {
        report.diverged++;
        logger.error({ streamId: incoming.streamId, version: incoming.version }, 'sync: a synced local commit differs from the gateway; run sync verify');
        continue;
      }
      const reason: SyncReason = { code: 'STREAM_MOVED', message: `Another device recorded version ${incoming.version} of ${incoming.streamId} first (event ${incoming.events[0]!.id}).` };
      const at = deps.clock().toISOString();
      await records.archive([
        ...overtaken.filter((c) => !synced.includes(c)).map((commit) => ({ commit, status: 'rebasing' as const, reason, at })),
        ...synced.map((commit) => ({ commit, status: 'replaced' as const, reason: { code: 'REPAIRED', message: 'Replaced by the gateway copy during sync verify.' }, at })),
      ]);
      for (const commit of overtaken) gone.add(commit.id);
      const derived = (await deps.derivedFrom?.(overtaken)) ?? [];
      checkChain(await store.applyRemote({ supersede: [...overtaken.map((c) => c.id), ...derived], commits: [incoming] }));
      heads.set(incoming.streamId, lastVersion);
      superseded.add(incoming.streamId);
    }
    await flush();
    // Our own events come back on the next pull: those the push already confirmed need no second write.
    const known = await records.confirmedAmong(confirmations.map((c) => c.commit.events[0]!.id));
    await records.confirm(confirmations.filter((c) => !known.has(c.commit.events[0]!.id)));
    if (superseded.size > 0) await deps.onStreamsSuperseded([...superseded]);
  }

  /** A pulled commit this workstation will not apply: kept aside as an exception naming the code, never applied. */
  async function refusePulled(incoming: RemoteCommit, reason: SyncReason, report: SyncReport): Promise<void> {
    const commit: CommitDocument = { id: commitId(incoming.streamId, incoming.version), streamId: incoming.streamId, version: incoming.version, lastSeq: 0, commandId: incoming.commandId, commandHash: incoming.commandHash, events: [...incoming.events] };
    const at = deps.clock().toISOString();
    logger.error({ streamId: incoming.streamId, version: incoming.version, code: reason.code }, 'sync: a pulled commit was refused by the signature check and not applied');
    await records.archive([{ commit, status: 'exception', reason, at }]);
    await deps.exceptions?.raise(archivedId(commit.events[0]!.id), { commit, reason, archivedAt: at }, reason);
    report.exceptions++;
  }

  return {
    async pullAll(client, report, repair) {
      if (repair) await pullFrom(client, 0, report, true);
      await pullFrom(client, (await records.cursor()).pulledGpos, report, false);
    },
  };
}

function sameCommit(mine: CommitDocument, incoming: RemoteCommit, compareContent: boolean): boolean {
  if (mine.events.length !== incoming.events.length || mine.events[0]!.id !== incoming.events[0]!.id) return false;
  return !compareContent || mine.events.every((e, i) => contentHash(e) === contentHash(incoming.events[i]!));
}

/** Pulled events, in gateway order, regrouped into the commits they were pushed as. */
function groupCommits(pulled: readonly PulledEvent[]): RemoteCommit[] {
  const out: { streamId: string; version: number; commandId: string; commandHash: string; events: EventEnvelope[]; hash: string | undefined }[] = [];
  for (const { gpos, commandHash, event, hash } of pulled) {
    const last = out[out.length - 1];
    const envelope = { ...event, gpos };
    if (last && last.streamId === event.streamId && last.commandId === event.meta.commandId && last.version + last.events.length === event.version) {
      last.events.push(envelope);
      // The commit's hash is the stream's after its last event.
      last.hash = hash;
    } else {
      out.push({ streamId: event.streamId, version: event.version, commandId: event.meta.commandId, commandHash, events: [envelope], hash });
    }
  }
  return out;
}
