/**
 * One sync pass: pull what the gateway has (rebasing provisional local commits it overtook), decide the overtaken
 * commands again, push what is still local. Stored events are never edited: a provisional commit the gateway did not
 * accept is archived whole in `syncstate`, removed from the commit log, and its command re-appended after the remote one.
 */

import type { RxCollection } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { PulledEvent, SyncReason } from '@fidelis/shared/sync/protocol.js';
import { SYNC_EXCEPTION_CATEGORY } from '@fidelis/shared/sync/syncEvents.js';
import { contentHash, sha256Hex } from '../integrity/chainHash.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import { commitId, type CommitDocument } from '../store/commitSchema.js';
import type { EventStore, RemoteApplied, RemoteCommit } from '../store/eventStore.js';
import type { GatewayClient } from './gatewayClient.js';
import type { ArchivedCommit, SyncRecords } from './syncRecords.js';

export interface SyncEngineDeps {
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly records: SyncRecords;
  readonly registry: EventRegistry;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly identity: { readonly deviceId: string; readonly branchId: string };
  /** Runs a command through the host, as a teller's would (validation, decide, append). */
  readonly execute: (command: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>;
  /** Called with streams whose provisional events were replaced, so caches and read models can catch up. */
  readonly onStreamsSuperseded: (streamIds: readonly string[]) => Promise<void>;
  readonly pushBatch: number;
  readonly pullBatch: number;
  /** True for streams derived on each workstation (facts): never pushed, so two workstations never race on them. */
  readonly isLocalOnly: (streamId: string) => boolean;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  rebased: number;
  exceptions: number;
  /** Local synced commits that disagree with the gateway (repaired by `sync verify`). */
  diverged: number;
}

export const emptyReport = (): SyncReport => ({ pushed: 0, pulled: 0, rebased: 0, exceptions: 0, diverged: 0 });


/** Most passes one sync makes when pushes keep meeting streams that moved. */
const MAX_ROUNDS = 6;

export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, commits, records, logger } = deps;
  /** Commands being decided again: the stand-in limit does not apply to what was already paid out. */
  const rebasing = new Set<string>();
  const now = () => deps.clock().toISOString();

  async function run(client: GatewayClient, options: { repair?: boolean } = {}): Promise<SyncReport> {
    const report = emptyReport();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await pullAll(client, report, options.repair ?? false);
      await rebasePending(report);
      if (!(await pushAll(client, report))) return report;
    }
    logger.warn({ report }, 'sync: streams kept moving during this pass; the next pass continues');
    return report;
  }

  /** A repair first walks the whole history again, comparing contents; then pulls resume from the cursor. */
  async function pullAll(client: GatewayClient, report: SyncReport, repair: boolean): Promise<void> {
    if (repair) await pullFrom(client, 0, report, true);
    await pullFrom(client, (await records.cursor()).pulledGpos, report, false);
  }

  async function pullFrom(client: GatewayClient, after: number, report: SyncReport, repair: boolean): Promise<void> {
    let position = after;
    for (;;) {
      const page = await client.pull(position, deps.pullBatch);
      if (page.events.length > 0) await applyPulled(page.events, report, repair);
      report.pulled += page.events.length;
      position = page.checkpoint;
      if (position > (await records.cursor()).pulledGpos) await records.saveCursor({ pulledGpos: position });
      if (page.events.length === 0 || position >= page.head) return;
    }
  }

  /** Applies pulled events in gateway order: confirm our own, import others', rebase where another device got there first. */
  async function applyPulled(pulled: readonly PulledEvent[], report: SyncReport, repair: boolean): Promise<void> {
    const remote = groupCommits(pulled);
    const local = await commits.findByIds(remote.map((c) => commitId(c.streamId, c.version))).exec();
    const gone = new Set<string>();
    const heads = new Map<string, number>();
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
      const head = heads.get(incoming.streamId) ?? (await store.streamVersion(incoming.streamId));
      if (!mine && head < incoming.version) {
        if (head < incoming.version - 1) throw new Error(`Stream ${incoming.streamId} would skip from version ${head} to ${incoming.version}; pulling again.`);
        batch.push(incoming);
        heads.set(incoming.streamId, lastVersion);
        continue;
      }
      // The gateway holds something else at this version: our provisional commits from here on lost the race.
      await flush();
      const overtaken = await localCommitsFrom(incoming.streamId, incoming.version);
      const confirmed = await records.confirmedAmong(overtaken.map((c) => c.events[0]!.id));
      const synced = overtaken.filter((c) => c.events[0]!.gpos !== null || confirmed.has(c.events[0]!.id));
      if (synced.length > 0 && !repair) {
        report.diverged++;
        logger.error({ streamId: incoming.streamId, version: incoming.version }, 'sync: a synced local commit differs from the gateway; run sync verify');
        continue;
      }
      const reason: SyncReason = { code: 'STREAM_MOVED', message: `Another device recorded version ${incoming.version} of ${incoming.streamId} first (event ${incoming.events[0]!.id}).` };
      const at = now();
      await records.archive([
        ...overtaken.filter((c) => !synced.includes(c)).map((commit) => ({ commit, status: 'rebasing' as const, reason, at })),
        ...synced.map((commit) => ({ commit, status: 'replaced' as const, reason: { code: 'REPAIRED', message: 'Replaced by the gateway copy during sync verify.' }, at })),
      ]);
      for (const commit of overtaken) gone.add(commit.id);
      checkChain(await store.applyRemote({ supersede: overtaken.map((c) => c.id), commits: [incoming] }));
      heads.set(incoming.streamId, lastVersion);
      superseded.add(incoming.streamId);
    }
    await flush();
    // Our own events come back on the next pull: those the push already confirmed need no second write.
    const known = await records.confirmedAmong(confirmations.map((c) => c.commit.events[0]!.id));
    await records.confirm(confirmations.filter((c) => !known.has(c.commit.events[0]!.id)));
    if (superseded.size > 0) await deps.onStreamsSuperseded([...superseded]);
  }

  function sameCommit(mine: CommitDocument, incoming: RemoteCommit, compareContent: boolean): boolean {
    if (mine.events.length !== incoming.events.length || mine.events[0]!.id !== incoming.events[0]!.id) return false;
    return !compareContent || mine.events.every((e, i) => contentHash(e) === contentHash(incoming.events[i]!));
  }

  async function localCommitsFrom(streamId: string, version: number): Promise<CommitDocument[]> {
    // The commit holding `version` may start before it (a multi-event commit).
    const containing = await commits.findOne({ selector: { streamId, version: { $lte: version } }, sort: [{ streamId: 'desc' }, { version: 'desc' }] }).exec();
    const from = containing && containing.version + containing.events.length - 1 >= version ? containing.version : version;
    const docs = await commits.find({ selector: { streamId, version: { $gte: from } }, sort: [{ streamId: 'asc' }, { version: 'asc' }] }).exec();
    return docs.map((d) => d.toMutableJSON());
  }

  /** Pushes local commits in seq order; true when some met a stream that moved (pull, rebase and push again). */
  async function pushAll(client: GatewayClient, report: SyncReport): Promise<boolean> {
    for (;;) {
      const { pushedSeq } = await records.cursor();
      const docs = (await commits.find({ selector: { lastSeq: { $gt: pushedSeq } }, sort: [{ lastSeq: 'asc' }], limit: deps.pushBatch }).exec()).map((d) => d.toMutableJSON());
      if (docs.length === 0) return false;
      const local = docs.filter((d) => d.events[0]!.gpos === null && !deps.isLocalOnly(d.streamId));
      if (local.length === 0) {
        await records.saveCursor({ pushedSeq: docs[docs.length - 1]!.lastSeq });
        continue;
      }
      // With its chain hash, the gateway checks that this device's history of the stream is the one it holds.
      const { results } = await client.push(
        local.map((c) => ({ streamId: c.streamId, version: c.version, commandId: c.commandId, commandHash: c.commandHash, events: c.events, ...(c.hash ? { hash: c.hash } : {}) })),
      );
      const confirmations: { commit: CommitDocument; gpos: number[] }[] = [];
      const rejected: { commit: CommitDocument; reason: SyncReason }[] = [];
      let blockedAt = Number.POSITIVE_INFINITY;
      results.forEach((result, i) => {
        const commit = local[i]!;
        if (result.status === 'accepted' || result.status === 'duplicate') confirmations.push({ commit, gpos: result.gpos });
        else if (result.status === 'rejected') rejected.push({ commit, reason: result.reason });
        else blockedAt = Math.min(blockedAt, commit.lastSeq);
      });
      await records.confirm(confirmations);
      report.pushed += results.reduce((n, r, i) => n + (r.status === 'accepted' ? local[i]!.events.length : 0), 0);
      for (const { commit, reason } of rejected) await refuse(commit, reason, report);
      const passed = docs.filter((d) => d.lastSeq < blockedAt);
      if (passed.length > 0) await records.saveCursor({ pushedSeq: passed[passed.length - 1]!.lastSeq, lastSyncedAt: now() });
      if (blockedAt !== Number.POSITIVE_INFINITY) return true;
    }
  }

  /** The gateway refused a commit on the rules: it becomes an exception, and later local commits of its stream are decided again without it. */
  async function refuse(commit: CommitDocument, reason: SyncReason, report: SyncReport): Promise<void> {
    const overtaken = await localCommitsFrom(commit.streamId, commit.version);
    const later = overtaken.filter((c) => c.id !== commit.id && c.events[0]!.gpos === null);
    const at = now();
    await records.archive([
      { commit, status: 'rebasing', reason, at },
      ...later.map((c) => ({ commit: c, status: 'rebasing' as const, reason: { code: 'REBASED', message: `Decided again after ${commit.commandId} was refused by the gateway.` }, at })),
    ]);
    await store.applyRemote({ supersede: [commit, ...later].map((c) => c.id), commits: [] });
    await raiseException(archivedRecordId(commit), { commit, reason, archivedAt: at }, reason);
    report.exceptions++;
    await deps.onStreamsSuperseded([commit.streamId]);
  }

  /** Decides again, in their original order, the commands whose provisional commits were overtaken. */
  async function rebasePending(report: SyncReport): Promise<void> {
    for (const { id, record } of await records.archived('rebasing')) {
      const { commit } = record;
      const still = await commits.findOne(commit.id).exec();
      // A crash between archiving and removing: the next pull removes it first.
      if (still && still.events[0]!.id === commit.events[0]!.id) continue;
      const meta = commit.events[0]!.meta;
      const command = meta.command;
      if (!command || typeof command !== 'object') {
        await raiseException(id, record, { code: 'COMMAND_NOT_RECORDED', message: `The command behind ${commit.commandId} was not recorded, so it cannot be decided again.` });
        report.exceptions++;
        continue;
      }
      rebasing.add(commit.commandId);
      try {
        const outcome = await deps.execute(command, metaOf(commit));
        await records.updateArchive(id, 'rebased', { rebasedTo: { streamId: outcome.streamId, version: outcome.version } });
        report.rebased++;
        logger.info({ commandId: commit.commandId, streamId: outcome.streamId, version: outcome.version }, 'sync: command rebased');
      } catch (error) {
        if (!isDomainError(error)) throw error;
        await raiseException(id, record, error.toJSON());
        report.exceptions++;
      } finally {
        rebasing.delete(commit.commandId);
      }
    }
  }

  /** Records a sync exception as an event (it syncs like any other), and marks the archive for a supervisor. */
  async function raiseException(archiveId: string, record: ArchivedCommit, reason: SyncReason): Promise<void> {
    const { commit } = record;
    const meta = commit.events[0]!.meta;
    const command = meta.command && typeof meta.command === 'object' ? (meta.command as Record<string, unknown>) : undefined;
    const event = deps.registry.encode({
      type: 'SyncExceptionRaised',
      data: {
        commandId: commit.commandId,
        streamId: commit.streamId,
        commandType: typeof command?.type === 'string' ? command.type : commit.events[0]!.type,
        ...(command ? { command } : {}),
        code: reason.code,
        message: reason.message,
        supersededEventIds: commit.events.map((e) => e.id),
      },
    });
    const raisedBy = `sync-exception:${commit.commandId}`;
    await store.append({
      streamId: streamIdOf(SYNC_EXCEPTION_CATEGORY, commit.commandId),
      expected: 'any',
      events: [{ ...event, occurredAt: now() }],
      meta: { commandId: raisedBy, correlationId: meta.correlationId, causationId: commit.commandId, actor: 'sync', deviceId: deps.identity.deviceId, branchId: deps.identity.branchId },
      commandHash: sha256Hex(raisedBy),
    });
    await records.updateArchive(archiveId, 'exception', { exception: reason });
    logger.warn({ commandId: commit.commandId, reason }, 'sync: command became an exception');
  }

  return { run, rebasing, raiseException, metaOf };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

const archivedRecordId = (commit: CommitDocument) => `archived:${commit.events[0]!.id}`;

/** The original command's identity: a rebased command keeps its id (a teller's retry still finds it) and its actor. */
export function metaOf(commit: CommitDocument): CommandMetaInput {
  const meta = commit.events[0]!.meta;
  return { commandId: commit.commandId, correlationId: meta.correlationId, causationId: meta.causationId, actor: meta.actor };
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

export const notConfigured = () => new DomainError('SYNC_NOT_CONFIGURED', 'Sync is not configured: run fidelis sync configure --gateway URL --device-id ID --secret S.');
