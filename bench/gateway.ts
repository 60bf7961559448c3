/**
 * Gateway benchmark: ingest events/s from one workstation, then from four pushing concurrently, each beside a raw
 * batched INSERT of the same number of rows into the same database in the same run; a fresh workstation's pull over
 * HTTP; with --join, a new workstation on disk pulling and projecting the whole branch, beside a raw better-sqlite3
 * scan of the same events.
 *   DATABASE_URL=postgresql://… npx tsx bench/gateway.ts [--events N] [--batch B] [--join [--join-profile FILE]] [--profile FILE]
 * --events is per ingest phase (the branch then holds twice as many). The ingest phases run on PGlite in a temporary
 * folder and, with DATABASE_URL, on PostgreSQL too (each on its own gateway); the pull and the join run on PostgreSQL
 * when given, else on PGlite. --profile writes a CPU profile of the ingest phases, --join-profile one of the join
 * (pull and catch-up; open them in Chrome DevTools).
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { PushCommit } from '@fidelis/shared/sync/protocol.js';
import { embeddedDatabase, postgresDatabase, type GatewayDatabase } from '../gateway/database.js';
import { startGateway, type Gateway } from '../gateway/server.js';
import { createGatewayClient } from '../main/sync/gatewayClient.js';
import { createHost } from '../main/host.js';
import { commitOf, deposited, opened } from '../test/support/gatewayFixtures.js';

const { values } = parseArgs({ options: { events: { type: 'string' }, batch: { type: 'string' }, join: { type: 'boolean' }, 'join-profile': { type: 'string' }, profile: { type: 'string' } } });
const perPhase = Number(values.events ?? 20_000);
const batch = Number(values.batch ?? 500);
const accountsPerWorkstation = 25;

const url = process.env.DATABASE_URL;
// PGlite in a folder, as the gateway runs it (in memory, its file system copies each growing file as it expands).
const pgliteDir = mkdtempSync(join(tmpdir(), 'fidelis-bench-pglite-'));
const schema = `bench_${randomBytes(4).toString('hex')}`;
const targets = [await embeddedDatabase(pgliteDir), ...(url ? [postgresDatabase(url, 8)] : [])];
const gateways = await Promise.all(targets.map((database) => startGateway({ database, schema, ownsDatabase: false })));
// The pull and the join run on the last: PostgreSQL when given.
const gateway = gateways.at(-1)!;
const out = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);
out(`gateway bench on ${targets.map((d) => d.description).join(' and ')}: ${perPhase} events per ingest phase, ${batch} commits per push`);

/** Each workstation's commits, built before the clock starts: one event per commit, like teller commands. */
function plan(prefix: string, workstations: number): PushCommit[][] {
  const perWorkstation = Math.floor(perPhase / workstations);
  return Array.from({ length: workstations }, (_, w) => {
    const commits: PushCommit[] = [];
    const versions = new Map<string, number>();
    for (let i = 0; i < perWorkstation; i++) {
      const account = `${prefix}${w}A${i % accountsPerWorkstation}`;
      const version = versions.get(account) ?? 0;
      versions.set(account, version + 1);
      commits.push(commitOf(`account-${account}`, version, [version === 0 ? opened(account) : deposited(account, '100')]));
    }
    return commits;
  });
}

/** Pushes every workstation's commits concurrently, `batch` per request; seconds taken. */
async function ingest(gateway: Gateway, plans: PushCommit[][]): Promise<number> {
  const devices = await Promise.all(plans.map(() => gateway.addDevice('BR001')));
  const started = performance.now();
  await Promise.all(
    plans.map(async (commits, w) => {
      const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: devices[w]!.deviceId, secret: devices[w]!.secret });
      for (let i = 0; i < commits.length; i += batch) {
        const { results } = await client.push(commits.slice(i, i + batch));
        if (results.some((r) => r.status !== 'accepted')) throw new Error(`workstation ${w}: ${JSON.stringify(results.find((r) => r.status !== 'accepted'))}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

// The floor: the same rows, batched INSERTs into a bare table with the same unique keys, no checks, no HTTP.
for (const target of targets) await target.query(`CREATE TABLE ${schema}.raw_events (gpos bigint PRIMARY KEY, id text UNIQUE, stream_id text, version int, envelope text, UNIQUE (stream_id, version))`);
async function rawInsert(database: GatewayDatabase, plans: PushCommit[][], tag: string): Promise<number> {
  const first = Number((await database.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${schema}.raw_events`))[0]!.n);
  const rows = plans.flat().map((c, i) => ({ gpos: first + i + 1, id: `${c.events[0]!.id}-${tag}`, stream_id: `${c.streamId}-${tag}`, version: c.version, envelope: JSON.stringify(c.events[0]) }));
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    await database.query(
      `INSERT INTO ${schema}.raw_events SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(gpos bigint, id text, stream_id text, version int, envelope text)`,
      [JSON.stringify(rows.slice(i, i + batch))],
    );
  }
  return (performance.now() - started) / 1000;
}

const rows: string[] = [];
/** Each row as soon as it is measured too (stderr), so a run that fails later keeps what it measured. */
const record = (...lines: string[]) => {
  rows.push(...lines);
  for (const line of lines) log(line);
};
const rate = (count: number, seconds: number) => Math.round(count / seconds);
const phases = [
  { workstations: 1, plans: plan('S', 1) },
  { workstations: 4, plans: plan('W', 4) },
];
const profiler = values.profile ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

for (const [t, target] of targets.entries()) {
  const kind = target === targets[0] ? 'PGlite' : 'PostgreSQL';
  for (const { workstations, plans } of phases) {
    const prefix = workstations === 1 ? 'S' : 'W';
    const count = plans.flat().length;
    log(`${kind}: ingest from ${workstations} workstation(s)…`);
    // The bench process's CPU per event beside the wall clock (the machine is shared); PostgreSQL's own is not in it.
    const cpuStarted = process.cpuUsage();
    const seconds = await ingest(gateways[t]!, plans);
    const cpu = process.cpuUsage(cpuStarted);
    const rawCpuStarted = process.cpuUsage();
    const rawSeconds = await rawInsert(target, plans, prefix);
    const rawCpu = process.cpuUsage(rawCpuStarted);
    const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000 / count;
    // On PGlite the database runs in this process too, so the CPU ratio is the whole cost's, whatever the load.
    log(`${kind}, ${workstations} workstation(s): ${ms(cpu).toFixed(3)} CPU ms/event in the bench process (gateway and clients), raw INSERT ${ms(rawCpu).toFixed(3)} (${(ms(rawCpu) / ms(cpu)).toFixed(2)}×)`);
    record(`| ${kind}: gateway push, ${workstations === 1 ? 'one workstation' : `${workstations} workstations concurrently`} | ${count} | ${seconds.toFixed(2)} | ${rate(count, seconds)} | ${(rawSeconds / seconds).toFixed(2)}× |`);
    record(`| ${kind}: raw batched INSERT (same rows, ${batch} per statement) | ${count} | ${rawSeconds.toFixed(2)} | ${rate(count, rawSeconds)} | 1.00× |`);
  }
}

if (profiler && values.profile) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(values.profile, JSON.stringify(profile));
  profiler.disconnect();
}

const reader = await gateway.addDevice('BR001');
const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: reader.deviceId, secret: reader.secret });
// A pooled connection the server closed while idle (the raw INSERTs ran meanwhile) fails once: ask again.
const pullPage = (after: number) => client.pull(after, 1000).catch(() => client.pull(after, 1000));
try {
  const pullStarted = performance.now();
  let pulled = 0;
  for (let after = 0; ; ) {
    const page = await pullPage(after);
    pulled += page.events.length;
    if (page.checkpoint >= page.head) break;
    after = page.checkpoint;
  }
  const pullSeconds = (performance.now() - pullStarted) / 1000;
  record(`| fresh workstation pull over HTTP (pages of 1000) | ${pulled} | ${pullSeconds.toFixed(2)} | ${rate(pulled, pullSeconds)} | |`);
} catch (error) {
  // Said in the table, and the join still runs: it pulls through the workstation's own sync client.
  record(`| fresh workstation pull over HTTP: failed (${(error as Error).message}: ${String((error as Error).cause)}) | | | | |`);
}

if (values.join) record(...(await joinBranch()));

out('');
out('| what | events | seconds | events/s | vs raw INSERT |');
out('|---|---|---|---|---|');
for (const row of rows) out(row);

for (const [t, target] of targets.entries()) {
  await gateways[t]!.close();
  await target.query(`DROP SCHEMA ${schema} CASCADE`);
  await target.close();
}
rmSync(pgliteDir, { recursive: true, force: true });

/**
 * A new workstation joining the branch: a host on a fresh data dir pulls everything (store and inline read models),
 * then its background subscribers catch up; beside it, the same events scanned from a raw better-sqlite3 table.
 */
async function joinBranch(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-bench-join-'));
  try {
    const host = await createHost({ dataDir, settings: { branchId: 'BR001', deviceId: 'bench-fresh' } });
    const device = await gateway.addDevice('BR001');
    await host.sync.configure({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
    log('a new workstation joins the branch…');
    const joinProfile = values['join-profile'];
    const profiling = joinProfile ? new Session() : undefined;
    if (profiling) {
      profiling.connect();
      await profiling.post('Profiler.enable');
      await profiling.post('Profiler.start');
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const report = await host.sync.syncNow();
    const pullSeconds = (performance.now() - started) / 1000;
    const pullCpu = process.cpuUsage(cpuStarted);
    await host.processing.settle();
    const joinSeconds = (performance.now() - started) / 1000;
    const joinCpu = process.cpuUsage(cpuStarted);
    if (profiling && joinProfile) {
      const { profile } = await profiling.post('Profiler.stop');
      writeFileSync(joinProfile, JSON.stringify(profile));
      profiling.disconnect();
    }
    // CPU per event beside the wall clock: the machine is shared, so wall time alone says little.
    const cpuMs = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1000 / Math.max(report.pulled, 1)).toFixed(2);
    log(`join: pull ${cpuMs(pullCpu)} CPU ms/event, pull and catch-up ${cpuMs(joinCpu)} CPU ms/event`);
    const head = host.store.headSeq();
    const envelopes: string[] = [];
    for (let after = 0; ; ) {
      const page = await host.store.readAll(after, 1000);
      if (page.length === 0) break;
      for (const event of page) envelopes.push(JSON.stringify(event));
      after = page.at(-1)!.seq;
    }
    await host.close();

    const raw = new Database(join(dataDir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, envelope TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO events (seq, envelope) VALUES (?, ?)');
    raw.transaction(() => envelopes.forEach((envelope, i) => insert.run(i + 1, envelope)))();
    const page = raw.prepare<[number], { seq: number; envelope: string }>('SELECT seq, envelope FROM events WHERE seq > ? ORDER BY seq LIMIT 1000');
    const scanStarted = performance.now();
    let scanned = 0;
    for (let after = 0; ; ) {
      const found = page.all(after);
      if (found.length === 0) break;
      for (const row of found) JSON.parse(row.envelope);
      scanned += found.length;
      after = found.at(-1)!.seq;
    }
    const scanSeconds = (performance.now() - scanStarted) / 1000;
    raw.close();
    return [
      `| new workstation on disk: pull into its store and inline read models | ${report.pulled} | ${pullSeconds.toFixed(2)} | ${rate(report.pulled, pullSeconds)} | |`,
      `| … and every subscriber caught up (joined: ${head} events in its store) | ${report.pulled} | ${joinSeconds.toFixed(2)} | ${rate(report.pulled, joinSeconds)} | |`,
      `| raw better-sqlite3 scan of the same events (pages of 1000, parsed) | ${scanned} | ${scanSeconds.toFixed(3)} | ${rate(scanned, scanSeconds)} | |`,
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
