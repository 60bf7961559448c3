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

/**
 * One event as sent to the write statement, under short keys (jsonb_to_recordset's column names): its position is
 * its index in the push (after the lock's), its branch and device are the push's. The envelopes go beside the rows,
 * as one JSON array whose elements' text the database stores verbatim (no escaped strings, fewer bytes to send).
 */
interface EventRow {
  /** Event id, stream id, version. */
  i: string;
  s: string;
  v: number;
  /** Content hash, command hash, chain hash. */
  c: string;
  m: string;
  h: string;
}

/**
 * Stores what it can of a push, each commit on its own: a refused commit (typed code) never holds back the others.
 * Streams and event ids are the device's branch's own, so another branch can neither squat nor block them.
 *
 * The checks run before the positions lock, against what was committed up to the position the plan read; under the
 * lock, if a push committed since then touched anything they read (a stream, an event id, the branch's staff, or —
 * for a day's close — any of the branch's events), or this push binds its device, they run again. Otherwise the lock
 * is held only for the write statement, which makes that check itself (storePlan).
 */
export async function ingestPush(db: GatewayDatabase, t: Tables, registry: EventRegistry, device: Device, commits: readonly PushCommit[], checks: CommitChecks): Promise<IngestOutcome> {
  return db.transaction(async (tx) => {
    let plan = await planPush(tx, t, registry, device, commits, checks);
    if (plan.rows.length === 0) {
      // Nothing to write: the answers stand on what was committed, and no position is taken.
      const headRows = await tx.query<{ head: string | number | null }>(`SELECT max(gpos) AS head FROM ${t.events} WHERE branch_id = $1`, [device.branchId]);
      return { results: plan.results, accepted: 0, head: Number(headRows[0]?.head ?? 0) };
    }
    const last = Number((await tx.query<{ last: string | number }>(`SELECT last FROM ${t.positions} WHERE id = 1 FOR UPDATE`))[0]!.last);
    // A device's first binding was checked against the devices as they were: under the lock it is checked again.
    if (last !== plan.base && plan.signing.binds()) plan = await planPush(tx, t, registry, device, commits, checks);
    // The write statement first asks whether a push committed since the plan's position touched what it read: if so it
    // writes nothing, and the plan is made again against the state under the lock (which nothing can change now).
    const stored = await storePlan(tx, t, device, plan, last);
    if (stored) return stored;
    return (await storePlan(tx, t, device, await planPush(tx, t, registry, device, commits, checks), last))!;
  });
}

/** A push's outcome computed against the state up to position `base`: positions are base+1… until shifted. */
interface PushPlan {
  readonly base: number;
  readonly results: CommitResult[];
  readonly rows: EventRow[];
  readonly envelopes: PushCommit['events'][number][];
  readonly streamRows: object[];
  /** What the checks read, to tell whether a later commit changed it. */
  readonly streamIds: readonly string[];
  readonly eventIds: readonly string[];
  readonly closesDay: boolean;
  readonly signing: PushChecks;
}

/** Plans against the state committed up to the positions counter as the plan's first statement reads it. */
async function planPush(tx: Queryable, t: Tables, registry: EventRegistry, device: Device, commits: readonly PushCommit[], checks: CommitChecks): Promise<PushPlan> {
  // Openings are checked against their number's reservation: those streams are loaded with the pushed ones.
  const reservations = commits.flatMap((c) => c.events.map(reservationStreamOf)).filter((id): id is string => id !== undefined);
  const streamIds = [...new Set([...commits.map((c) => c.streamId), ...reservations])];
  const eventIds = commits.flatMap((c) => c.events.map((e) => e.id));
  // With them, what the signing checks read: device, signature, permission and approval of each commit, against the
  // branch's staff history (commitChecks.ts).
  const { base, streams, existing, signing } = await loadPlanState(tx, t, device, commits, checks, streamIds, eventIds);
  let last = base;

  // A day's close is checked against every till and vault the branch has pushed (gateway/cashCheck.ts).
  const closesDay = commits.some((c) => categoryOf(c.streamId) === BRANCH_DAY_CATEGORY);
  if (closesDay) {
    for (const cash of await loadBranchCash(tx, t, device.branchId)) if (!streams.has(cash.streamId)) streams.set(cash.streamId, cash);
  }
  const rows: EventRow[] = [];
  const envelopes: PushCommit['events'][number][] = [];
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
      rows.push({ i: event.id, s: commit.streamId, v: event.version, c: hashes[i]!, m: commit.commandHash, h: chained[i]! });
      envelopes.push(event);
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
    return { stream_id: s.streamId, version: s.version, hash: s.hash, state: s.state === undefined ? null : stringifyWithBigints(s.state), facts: JSON.stringify(s.facts) };
  });
  return { base, results, rows, envelopes, streamRows, streamIds, eventIds, closesDay, signing };
}

/**
 * Writes the plan under the positions lock, its positions moved from plan.base to `last`: one statement for the
 * events, the streams and the counter, unless a push committed after plan.base wrote anything the plan's checks read
 * (a stream, an event id, the branch's staff, or — for a day's close — any of the branch's events): then it writes
 * nothing and answers undefined. The statement runs after the lock was taken, so it sees every such push. A
 * duplicate answered from the push itself moves with it; one answered from an earlier push is at or below plan.base.
 */
async function storePlan(tx: Queryable, t: Tables, device: Device, plan: PushPlan, last: number): Promise<IngestOutcome | undefined> {
  const shift = last - plan.base;
  const moved = (gpos: number) => (gpos > plan.base ? gpos + shift : gpos);
  const head = last + plan.rows.length;
  // With nothing committed since the plan's position there is nothing to look for: the lists are not sent.
  const recheck = shift !== 0;
  const written = await tx.query<{ touched: boolean }>(
    `WITH touched AS (
       SELECT $5::boolean AND EXISTS (
         SELECT 1 FROM ${t.events} WHERE branch_id = $2 AND gpos > $6
           AND ($7 OR stream_id LIKE $8 OR stream_id = ANY($9::text[]) OR id = ANY($10::text[]))
       ) AS yes
     ), stored AS (
       INSERT INTO ${t.events} (gpos, id, stream_id, version, branch_id, device_id, content_hash, command_hash, envelope, chain_hash)
       SELECT $11::bigint + x.n, x.i, x.s, x.v, $2, $3, x.c, x.m, x.e::text, x.h
       FROM ROWS FROM (jsonb_to_recordset($1::json::jsonb) AS (i text, s text, v int, c text, m text, h text), json_array_elements($13::json))
         WITH ORDINALITY AS x(i, s, v, c, m, h, e, n)
       WHERE NOT (SELECT yes FROM touched)
     ), heads AS (
       INSERT INTO ${t.streams} (stream_id, branch_id, version, hash, state, facts)
       SELECT stream_id, $2, version, hash, state, facts
       FROM jsonb_to_recordset($4::json::jsonb) AS x(stream_id text, version int, hash text, state text, facts text)
       WHERE NOT (SELECT yes FROM touched)
       ON CONFLICT (branch_id, stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash, state = excluded.state, facts = excluded.facts
     ), counter AS (
       UPDATE ${t.positions} SET last = $12 WHERE id = 1 AND NOT (SELECT yes FROM touched)
     )
     SELECT yes AS touched FROM touched`,
    [
      // The rows and the envelopes as bytes, json parameters: no JavaScript pass over their text to measure it before it
      // is sent (database.ts).
      Buffer.from(JSON.stringify(plan.rows)),
      device.branchId,
      device.deviceId,
      Buffer.from(JSON.stringify(plan.streamRows)),
      recheck,
      plan.base,
      plan.closesDay,
      `${STAFF_CATEGORY}-%`,
      recheck ? plan.streamIds : [],
      recheck ? plan.eventIds : [],
      last,
      head,
      Buffer.from(JSON.stringify(plan.envelopes)),
    ],
  );
  if (written[0]!.touched) return undefined;
  // The device's binding is written once the push is (a re-planned push's own binding, after the lock).
  await plan.signing.finish(tx);
  const results = plan.results.map((r): CommitResult => (r.status === 'accepted' || r.status === 'duplicate' ? { ...r, gpos: r.gpos.map(moved) } : r));
  return { results, accepted: plan.rows.length, head };
}

/**
 * The positions counter, the pushed streams and the pushed event ids already stored, in one statement (one snapshot,
 * one round trip): each list comes back as one JSON array. The lookups probe the primary or unique key once per id
 * (OFFSET 0 keeps the planner from turning them into a scan of the whole branch, which it picks on stale statistics
 * and which grows with the ledger).
 */
async function loadPlanState(
  tx: Queryable,
  t: Tables,
  device: Device,
  commits: readonly PushCommit[],
  checks: CommitChecks,
  streamIds: readonly string[],
  eventIds: readonly string[],
): Promise<{ base: number; streams: Map<string, StreamSnapshot>; existing: Map<string, { gpos: number; contentHash: string }>; signing: PushChecks }> {
  const branchId = device.branchId;
  const reads = checks.reads(device, commits, 4);
  const row = (
    await tx.query<{ last: string | number; streams: string; existing: string; staff: string; devices: string }>(
      `SELECT (SELECT last FROM ${t.positions} WHERE id = 1) AS last,
         (SELECT coalesce(json_agg(json_build_array(s.stream_id, s.version, s.hash, s.state, s.facts)), '[]')::text
          FROM unnest($2::text[]) AS wanted(stream_id)
          CROSS JOIN LATERAL (SELECT * FROM ${t.streams} WHERE branch_id = $1 AND stream_id = wanted.stream_id OFFSET 0) AS s) AS streams,
         (SELECT coalesce(json_agg(json_build_array(e.id, e.gpos, e.content_hash)), '[]')::text
          FROM unnest($3::text[]) AS wanted(id)
          CROSS JOIN LATERAL (SELECT id, gpos, content_hash FROM ${t.events} WHERE branch_id = $1 AND id = wanted.id OFFSET 0) AS e) AS existing,
         ${reads.columns}`,
      [branchId, streamIds, eventIds, ...reads.params],
    )
  )[0]!;
  const streams = JSON.parse(row.streams) as [string, number, string, string | null, string][];
  const existing = JSON.parse(row.existing) as [string, number, string][];
  const base = Number(row.last);
  return {
    base,
    signing: checks.begin(device, commits, base, row),
    streams: new Map(
      streams.map(([streamId, version, hash, state, facts]) => [
        streamId,
        { streamId, branchId, version, hash, state: state === null ? undefined : parseWithBigints<CheckedState>(state), facts: JSON.parse(facts) as Record<string, string> },
      ]),
    ),
    existing: new Map(existing.map(([id, gpos, contentHash]) => [id, { gpos, contentHash }])),
  };
}
