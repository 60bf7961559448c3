/**
 * Gateway benchmark: ingest events/s from 4 simulated workstations pushing concurrently, beside a raw batched INSERT of
 * the same rows in the same database and run; then the time for a fresh workstation to pull the branch's history.
 *   DATABASE_URL=postgresql://… npx tsx bench/gateway.ts [--events N] [--batch B] [--host]
 * Without DATABASE_URL it runs on an in-memory PGlite (and says so). --host also pulls into a fresh in-memory host.
 */

import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { embeddedDatabase, postgresDatabase } from '../gateway/database.js';
import { startGateway } from '../gateway/server.js';
import { createGatewayClient } from '../main/sync/gatewayClient.js';
import { createHost } from '../main/host.js';
import { commitOf, deposited, opened } from '../test/support/gatewayFixtures.js';

const { values } = parseArgs({ options: { events: { type: 'string' }, batch: { type: 'string' }, host: { type: 'boolean' } } });
const total = Number(values.events ?? 20_000);
const batch = Number(values.batch ?? 500);
const workstations = 4;
const accountsPerWorkstation = 25;

const url = process.env.DATABASE_URL;
const database = url ? postgresDatabase(url, 8) : await embeddedDatabase();
const schema = `bench_${randomBytes(4).toString('hex')}`;
const gateway = await startGateway({ database, schema, ownsDatabase: false });
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`gateway bench on ${database.description}: ${total} events, ${workstations} workstations, ${batch} commits per push`);

// Each workstation's commits, built before the clock starts: one event per commit, like teller commands.
const perWorkstation = Math.floor(total / workstations);
const plans = Array.from({ length: workstations }, (_, w) => {
  const commits = [];
  const versions = new Map<string, number>();
  for (let i = 0; i < perWorkstation; i++) {
    const account = `W${w}A${i % accountsPerWorkstation}`;
    const version = versions.get(account) ?? 0;
    versions.set(account, version + 1);
    commits.push(commitOf(`account-${account}`, version, [version === 0 ? opened(account) : deposited(account, '100')]));
  }
  return commits;
});

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
const ingestSeconds = (performance.now() - started) / 1000;
const ingested = perWorkstation * workstations;

// The floor: the same rows, batched INSERTs into a bare table with the same unique keys, no checks, no HTTP.
await database.query(`CREATE TABLE ${schema}.raw_events (gpos bigint PRIMARY KEY, id text UNIQUE, stream_id text, version int, envelope text, UNIQUE (stream_id, version))`);
const rows = plans.flat().map((c, i) => ({ gpos: i + 1, id: `${c.events[0]!.id}-raw`, stream_id: c.streamId, version: c.version, envelope: JSON.stringify(c.events[0]) }));
const rawStarted = performance.now();
for (let i = 0; i < rows.length; i += batch) {
  await database.query(
    `INSERT INTO ${schema}.raw_events SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(gpos bigint, id text, stream_id text, version int, envelope text)`,
    [JSON.stringify(rows.slice(i, i + batch).map((r) => ({ ...r, stream_id: `${r.stream_id}-raw` })))],
  );
}
const rawSeconds = (performance.now() - rawStarted) / 1000;

const reader = await gateway.addDevice('BR001');
const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: reader.deviceId, secret: reader.secret });
const pullStarted = performance.now();
let pulled = 0;
for (let after = 0; ; ) {
  const page = await client.pull(after, 5000);
  pulled += page.events.length;
  if (page.checkpoint >= page.head) break;
  after = page.checkpoint;
}
const pullSeconds = (performance.now() - pullStarted) / 1000;

out('');
out('| what | events | seconds | events/s | vs raw INSERT |');
out('|---|---|---|---|---|');
out(`| gateway push, ${workstations} workstations concurrently | ${ingested} | ${ingestSeconds.toFixed(2)} | ${Math.round(ingested / ingestSeconds)} | ${(rawSeconds / ingestSeconds).toFixed(2)}× |`);
out(`| raw batched INSERT (same rows, ${batch} per statement) | ${rows.length} | ${rawSeconds.toFixed(2)} | ${Math.round(rows.length / rawSeconds)} | 1.00× |`);
out(`| fresh workstation pull over HTTP (pages of 5000) | ${pulled} | ${pullSeconds.toFixed(2)} | ${Math.round(pulled / pullSeconds)} | |`);

if (values.host) {
  const host = await createHost({ inMemory: true, settings: { branchId: 'BR001', deviceId: 'bench-fresh' } });
  const device = await gateway.addDevice('BR001');
  await host.sync.configure({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
  const hostStarted = performance.now();
  const report = await host.sync.syncNow();
  const hostSeconds = (performance.now() - hostStarted) / 1000;
  out(`| fresh workstation pull into an in-memory host (store + read models) | ${report.pulled} | ${hostSeconds.toFixed(2)} | ${Math.round(report.pulled / hostSeconds)} | |`);
  await host.close();
}

await gateway.close();
await database.query(`DROP SCHEMA ${schema} CASCADE`);
await database.close();
