/**
 * Push: checks and stores a batch of commits in one transaction. Positions are handed out under the row lock of the
 * positions counter, taken only for the writes, so transactions commit in position order and a puller never skips
 * one that commits later.
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
import type { CommitChecks, PushChecks } from './commitChecks.js';
import { STAFF_CATEGORY } from '@fidelis/shared/staff/events.js';

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

/**
 * Stores what it can of a push, each commit on its own: a refused commit (typed code) never holds back the others.
 * Streams and event ids are the device's branch's own, so another branch can neither squat nor block them.
 *
 * The checks run before the positions lock, against what was committed up to position `seen`; under the lock, if a
 * push committed since then touched anything they read (a stream, an event id, the branch's staff, or — for a day's
 * close — any of the branch's events), or this push binds its device, they run again. Otherwise the lock is held
 * only for the writes.
 */
export async function ingestPush(db: GatewayDatabase, t: Tables, registry: EventRegistry, device: Device, commits: readonly PushCommit[], checks: CommitChecks): Promise<IngestOutcome> {
  return db.transaction(async (tx) => {
    const seen = Number((await tx.query<{ last: string | number }>(`SELECT last FROM ${t.positions} WHERE id = 1`))[0]!.last);
    let plan = await planPush(tx, t, registry, device, commits, checks, seen);
    if (plan.rows.length === 0) {
      // Nothing to write: the answers stand on what was committed, and no position is taken.
      const headRows = await tx.query<{ head: string | number | null }>(`SELECT max(gpos) AS head FROM ${t.events} WHERE branch_id = $1`, [device.branchId]);
      return { results: plan.results, accepted: 0, head: Number(headRows[0]?.head ?? 0) };
    }
    const last = Number((await tx.query<{ last: string | number }>(`SELECT last FROM ${t.positions} WHERE id = 1 FOR UPDATE`))[0]!.last);
    // A device's first binding was checked against the devices as they were: under the lock it is checked again.
    if (last !== seen && (plan.signing.binds() || (await touchedSince(tx, t, device.branchId, seen, plan)))) plan = await planPush(tx, t, registry, device, commits, checks, last);
    return storePlan(tx, t, plan, last);
  });
}

/** A push's outcome computed against the state up to position `base`: positions are base+1… until shifted. */
interface PushPlan {
  readonly base: number;
  readonly results: CommitResult[];
  readonly rows: EventRow[];
  readonly streamRows: object[];
  /** What the checks read, to tell whether a later commit changed it. */
  readonly streamIds: readonly string[];
  readonly eventIds: readonly string[];
  readonly closesDay: boolean;
  readonly signing: PushChecks;
}

async function planPush(tx: Queryable, t: Tables, registry: EventRegistry, device: Device, commits: readonly PushCommit[], checks: CommitChecks, base: number): Promise<PushPlan> {
  let last = base;
  // Openings are checked against their number's reservation: those streams are loaded with the pushed ones.
  const reservations = commits.flatMap((c) => c.events.map(reservationStreamOf)).filter((id): id is string => id !== undefined);
  const streamIds = [...new Set([...commits.map((c) => c.streamId), ...reservations])];
  const eventIds = commits.flatMap((c) => c.events.map((e) => e.id));
  const streams = await loadStreams(tx, t, device.branchId, streamIds);
  const existing = await loadExistingEvents(tx, t, device.branchId, eventIds);
  // Device, signature, permission and approval of each commit, against the branch's staff history (commitChecks.ts).
  const signing = await checks.begin(tx, device, commits, base);

  // A day's close is checked against every till and vault the branch has pushed (gateway/cashCheck.ts).
  const closesDay = commits.some((c) => categoryOf(c.streamId) === BRANCH_DAY_CATEGORY);
  if (closesDay) {
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

  const streamRows = [...changed].map((id) => {
    const s = streams.get(id)!;
    return { stream_id: s.streamId, branch_id: s.branchId, version: s.version, hash: s.hash, state: s.state === undefined ? null : stringifyWithBigints(s.state), facts: JSON.stringify(s.facts) };
  });
  return { base, results, rows, streamRows, streamIds, eventIds, closesDay, signing };
}

/** Whether a push committed after position `seen` wrote anything the plan's checks read. */
async function touchedSince(tx: Queryable, t: Tables, branchId: string, seen: number, plan: PushPlan): Promise<boolean> {
  const rows = await tx.query<{ touched: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM ${t.events} WHERE branch_id = $1 AND gpos > $2
         AND ($3 OR stream_id LIKE $4 OR stream_id = ANY($5::text[]) OR id = ANY($6::text[]))
     ) AS touched`,
    [branchId, seen, plan.closesDay, `${STAFF_CATEGORY}-%`, plan.streamIds, plan.eventIds],
  );
  return rows[0]!.touched;
}

/**
 * Writes the plan under the positions lock, its positions moved from plan.base to `last`: one statement for the
 * events, the streams and the counter. A duplicate answered from the push itself moves with it; one answered from
 * an earlier push is at or below plan.base (else touchedSince would have re-planned).
 */
async function storePlan(tx: Queryable, t: Tables, plan: PushPlan, last: number): Promise<IngestOutcome> {
  const shift = last - plan.base;
  const moved = (gpos: number) => (gpos > plan.base ? gpos + shift : gpos);
  await plan.signing.finish(tx);
  const head = plan.base + plan.rows.length + shift;
  await tx.query(
    `WITH stored AS (
       INSERT INTO ${t.events} (gpos, id, stream_id, version, branch_id, device_id, content_hash, command_hash, envelope, chain_hash)
       SELECT gpos + $2, id, stream_id, version, branch_id, device_id, content_hash, command_hash, envelope, chain_hash
       FROM jsonb_to_recordset($1::jsonb) AS x(gpos bigint, id text, stream_id text, version int, branch_id text, device_id text, content_hash text, command_hash text, envelope text, chain_hash text)
     ), heads AS (
       INSERT INTO ${t.streams} (stream_id, branch_id, version, hash, state, facts)
       SELECT stream_id, branch_id, version, hash, state, facts
       FROM jsonb_to_recordset($3::jsonb) AS x(stream_id text, branch_id text, version int, hash text, state text, facts text)
       ON CONFLICT (branch_id, stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash, state = excluded.state, facts = excluded.facts
     )
     UPDATE ${t.positions} SET last = $4 WHERE id = 1`,
    [JSON.stringify(plan.rows), shift, JSON.stringify(plan.streamRows), head],
  );
  const results = plan.results.map((r): CommitResult => (r.status === 'accepted' || r.status === 'duplicate' ? { ...r, gpos: r.gpos.map(moved) } : r));
  return { results, accepted: plan.rows.length, head };
}

/**
 * The lookups below probe the primary or unique key once per id (OFFSET 0 keeps the planner from turning them into a
 * scan of the whole branch, which it picks on stale statistics and which grows with the ledger).
 */
async function loadStreams(tx: Queryable, t: Tables, branchId: string, streamIds: readonly string[]): Promise<Map<string, StreamSnapshot>> {
  const rows = await tx.query<{ stream_id: string; branch_id: string; version: number; hash: string; state: string | null; facts: string }>(
    `SELECT s.stream_id, s.branch_id, s.version, s.hash, s.state, s.facts FROM unnest($2::text[]) AS wanted(stream_id)
     CROSS JOIN LATERAL (SELECT * FROM ${t.streams} WHERE branch_id = $1 AND stream_id = wanted.stream_id OFFSET 0) AS s`,
    [branchId, streamIds],
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
    `SELECT e.id, e.gpos, e.content_hash FROM unnest($2::text[]) AS wanted(id)
     CROSS JOIN LATERAL (SELECT id, gpos, content_hash FROM ${t.events} WHERE branch_id = $1 AND id = wanted.id OFFSET 0) AS e`,
    [branchId, ids],
  );
  return new Map(rows.map((r) => [r.id, { gpos: Number(r.gpos), contentHash: r.content_hash }]));
}
