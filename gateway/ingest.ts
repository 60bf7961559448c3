/**
 * Push: checks and stores a batch of commits in one transaction. Positions are handed out under the row lock of the
 * positions counter, so transactions commit in position order and a puller never skips one that commits later.
 */

import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { parseWithBigints, stringifyWithBigints } from '@fidelis/shared/json/bigintJson.js';
import type { CommitResult, PushCommit } from '@fidelis/shared/sync/protocol.js';
import type { GatewayDatabase, Queryable } from './database.js';
import { checkCommit, reservationStreamOf, type CheckedState, type StreamSnapshot } from './domainCheck.js';
import { chainHash, contentHashOf } from './hashing.js';
import { loadBranchCash } from './cashCheck.js';
import { categoryOf } from '@fidelis/shared/events/envelope.js';
import { BRANCH_DAY_CATEGORY } from '@fidelis/shared/tills/ids.js';
import type { Tables } from './migrations.js';
import type { CommitChecks } from './commitChecks.js';

export interface Device {
  readonly deviceId: string;
  readonly branchId: string;
}

export interface IngestOutcome {
  readonly results: CommitResult[];
  readonly accepted: number;
  /** The branch's newest position after the push (0 if it has none). */
  readonly head: number;
}

interface EventRow {
  gpos: number;
  id: string;
  stream_id: string;
  version: number;
  branch_id: string;
  device_id: string;
  content_hash: string;
  command_hash: string;
  envelope: string;
  chain_hash: string;
}

const jsonList = (values: readonly string[]): string => JSON.stringify(values);

/**
 * Stores what it can of a push, each commit on its own: a refused commit (typed code) never holds back the others.
 * Streams and event ids are the device's branch's own, so another branch can neither squat nor block them.
 */
export async function ingestPush(db: GatewayDatabase, t: Tables, registry: EventRegistry, device: Device, commits: readonly PushCommit[], checks: CommitChecks): Promise<IngestOutcome> {
  return db.transaction(async (tx) => {
    const counter = await tx.query<{ last: string | number }>(`SELECT last FROM ${t.positions} WHERE id = 1 FOR UPDATE`);
    let last = Number(counter[0]!.last);
    // Openings are checked against their number's reservation: those streams are loaded with the pushed ones.
    const reservations = commits.flatMap((c) => c.events.map(reservationStreamOf)).filter((id): id is string => id !== undefined);
    const streams = await loadStreams(tx, t, device.branchId, [...new Set([...commits.map((c) => c.streamId), ...reservations])]);
    const existing = await loadExistingEvents(tx, t, device.branchId, commits.flatMap((c) => c.events.map((e) => e.id)));
    // Device, signature, permission and approval of each commit, against the branch's staff history (commitChecks.ts).
    const signing = await checks.begin(tx, device, commits);

    // A day's close is checked against every till and vault the branch has pushed (gateway/cashCheck.ts).
    if (commits.some((c) => categoryOf(c.streamId) === BRANCH_DAY_CATEGORY)) {
      for (const cash of await loadBranchCash(tx, t, device.branchId)) if (!streams.has(cash.streamId)) streams.set(cash.streamId, cash);
    }
    const rows: EventRow[] = [];
    const changed = new Set<string>();
    const results: CommitResult[] = [];
    for (const commit of commits) {
      const firstEventId = commit.events[0]!.id;
      const foreign = commit.events.find((e) => e.meta.branchId !== device.branchId);
      if (foreign) {
        results.push({
          status: 'rejected',
          firstEventId,
          reason: { code: 'FORGED_BRANCH', message: `Device ${device.deviceId} belongs to branch ${device.branchId} and cannot write events of branch ${foreign.meta.branchId}.` },
        });
        continue;
      }
      const hashes = commit.events.map(contentHashOf);
      const seen = commit.events.map((e) => existing.get(e.id));
      if (seen.some((s) => s !== undefined)) {
        const same = seen.every((s, i) => s !== undefined && s.contentHash === hashes[i]);
        results.push(
          same
            ? { status: 'duplicate', firstEventId, gpos: seen.map((s) => s!.gpos) }
            : { status: 'conflict', firstEventId, head: streams.get(commit.streamId)?.version ?? -1, reason: { code: 'EVENT_ID_REUSED', message: `Event ${firstEventId} was stored before with different content.` } },
        );
        continue;
      }
      const stream = streams.get(commit.streamId);
      const head = stream?.version ?? -1;
      if (commit.version !== head + 1) {
        results.push({ status: 'conflict', firstEventId, head, reason: { code: 'STREAM_MOVED', message: `Stream ${commit.streamId} is at version ${head}; the commit starts at ${commit.version}.` } });
        continue;
      }
      const checked = checkCommit(registry, stream, commit, (streamId) => streams.get(streamId), () => [...streams.values()]);
      if (!checked.ok) {
        results.push({ status: 'rejected', firstEventId, reason: checked.reason });
        continue;
      }
      // The device's chain must arrive where ours does: else its history of the stream is not the one stored here.
      const chained: string[] = [];
      commit.events.reduce((h, _event, i) => (chained[i] = chainHash(h, hashes[i]!)), stream?.hash ?? '');
      const hash = chained[chained.length - 1]!;
      if (commit.hash !== undefined && commit.hash !== hash) {
        results.push({
          status: 'rejected',
          firstEventId,
          reason: {
            code: 'CHAIN_BROKEN',
            message: `Stream ${commit.streamId} version ${commit.version}: the commit's chain hash ${commit.hash} is not the gateway's ${hash}; this device's history of the stream differs from the gateway's.`,
          },
        });
        continue;
      }
      const refusal = signing.check(commit);
      if (refusal) {
        results.push({ status: 'rejected', firstEventId, reason: refusal });
        continue;
      }
      signing.stored(commit);
      const gpos: number[] = [];
      commit.events.forEach((event, i) => {
        gpos.push(++last);
        existing.set(event.id, { gpos: last, contentHash: hashes[i]! });
        rows.push({
          gpos: last,
          id: event.id,
          stream_id: commit.streamId,
          version: event.version,
          branch_id: device.branchId,
          device_id: device.deviceId,
          content_hash: hashes[i]!,
          command_hash: commit.commandHash,
          envelope: JSON.stringify(event),
          chain_hash: chained[i]!,
        });
      });
      streams.set(commit.streamId, {
        streamId: commit.streamId,
        branchId: device.branchId,
        version: commit.version + commit.events.length - 1,
        hash,
        state: checked.state,
        facts: checked.facts,
      });
      changed.add(commit.streamId);
      results.push({ status: 'accepted', firstEventId, gpos });
    }

    await signing.finish(tx);
    if (rows.length > 0) {
      await tx.query(
        `INSERT INTO ${t.events} (gpos, id, stream_id, version, branch_id, device_id, content_hash, command_hash, envelope, chain_hash)
         SELECT gpos, id, stream_id, version, branch_id, device_id, content_hash, command_hash, envelope, chain_hash
         FROM jsonb_to_recordset($1::jsonb) AS x(gpos bigint, id text, stream_id text, version int, branch_id text, device_id text, content_hash text, command_hash text, envelope text, chain_hash text)`,
        [JSON.stringify(rows)],
      );
      const streamRows = [...changed].map((id) => {
        const s = streams.get(id)!;
        return { stream_id: s.streamId, branch_id: s.branchId, version: s.version, hash: s.hash, state: s.state === undefined ? null : stringifyWithBigints(s.state), facts: JSON.stringify(s.facts) };
      });
      await tx.query(
        `INSERT INTO ${t.streams} (stream_id, branch_id, version, hash, state, facts)
         SELECT stream_id, branch_id, version, hash, state, facts
         FROM jsonb_to_recordset($1::jsonb) AS x(stream_id text, branch_id text, version int, hash text, state text, facts text)
         ON CONFLICT (branch_id, stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash, state = excluded.state, facts = excluded.facts`,
        [JSON.stringify(streamRows)],
      );
      await tx.query(`UPDATE ${t.positions} SET last = $1 WHERE id = 1`, [last]);
    }
    // Under the positions lock the last position handed out is this push's, so the branch's head is known without a query.
    if (rows.length > 0) return { results, accepted: rows.length, head: last };
    const headRows = await tx.query<{ head: string | number | null }>(`SELECT max(gpos) AS head FROM ${t.events} WHERE branch_id = $1`, [device.branchId]);
    return { results, accepted: 0, head: Number(headRows[0]?.head ?? 0) };
  });
}

async function loadStreams(tx: Queryable, t: Tables, branchId: string, streamIds: readonly string[]): Promise<Map<string, StreamSnapshot>> {
  const rows = await tx.query<{ stream_id: string; branch_id: string; version: number; hash: string; state: string | null; facts: string }>(
    `SELECT stream_id, branch_id, version, hash, state, facts FROM ${t.streams} WHERE branch_id = $1 AND stream_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [branchId, jsonList(streamIds)],
  );
  return new Map(
    rows.map((r) => [
      r.stream_id,
      {
        streamId: r.stream_id,
        branchId: r.branch_id,
        version: Number(r.version),
        hash: r.hash,
        state: r.state === null ? undefined : parseWithBigints<CheckedState>(r.state),
        facts: JSON.parse(r.facts) as Record<string, string>,
      },
    ]),
  );
}

async function loadExistingEvents(tx: Queryable, t: Tables, branchId: string, ids: readonly string[]): Promise<Map<string, { gpos: number; contentHash: string }>> {
  const rows = await tx.query<{ id: string; gpos: string | number; content_hash: string }>(
    `SELECT id, gpos, content_hash FROM ${t.events} WHERE branch_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [branchId, jsonList(ids)],
  );
  return new Map(rows.map((r) => [r.id, { gpos: Number(r.gpos), contentHash: r.content_hash }]));
}
