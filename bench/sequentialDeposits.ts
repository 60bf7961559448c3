/**
 * `npx tsx bench/sequentialDeposits.ts [on|off] [deposits=200]`: sequential host.execute deposits on a small disk store, with the
 * SQLite COMMITs they cost (counted around the statement) and the WAL syncs the engine made (relaxed groups make none).
 * Run under `strace -f -c -e trace=fsync,fdatasync` with N and with 0 deposits for every fsync per deposit (checkpoints
 * included). A diagnostic; the figures of record are bench/processing.ts's.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHost } from '../main/host.js';
import { engineFor } from '../main/store/sqliteIndexedDb/engine.js';

const facts = process.argv[2] !== 'off';
const n = Number(process.argv[3] ?? 200);
let commits = 0;
const statementProto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown; source: string };
const run = statementProto.run;
statementProto.run = function counted(this: { source: string }, ...args: unknown[]) {
  if (this.source === 'COMMIT') commits++;
  return run.apply(this, args);
};

const dataDir = mkdtempSync(join(tmpdir(), 'prof-'));
const host = await createHost({ dataDir, settings: { factEvents: facts } });
for (let i = 0; i < 10; i++) await host.execute({ type: 'OpenAccount', accountId: `a${i}`, number: `a${i}`, holder: 'P', openingDeposit: '100' });
await host.processing.settle();
commits = 0;
const engine = engineFor(dataDir);
const syncsBefore = engine.syncs;
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < n; i++) await host.execute({ type: 'MakeDeposit', accountId: `a${i % 10}`, amount: '1', sourceType: 'cash' });
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const during = commits;
const syncs = engine.syncs - syncsBefore;
await host.processing.settle();
console.log(`facts ${facts}: ${n} deposits ${(ms / n).toFixed(1)} ms/cmd (${((n * 1000) / ms).toFixed(1)} cmd/s), CPU ${((used.user + used.system) / 1000 / n).toFixed(1)} ms/cmd; COMMITs per deposit ${(during / n).toFixed(2)} (${commits - during} more while settling), WAL syncs per deposit ${(syncs / n).toFixed(2)}`);
await host.close();
for (const path of [dataDir, `${dataDir}.key`]) rmSync(path, { recursive: true, force: true });
