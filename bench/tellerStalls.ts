/**
 * `npx tsx bench/tellerStalls.ts [on|off] [seconds=10] [rate=20] [full|normal]`: where a teller command's tail latency goes.
 * Runs deposits at a fixed rate on a small disk store and records, beside each command's latency, what held the main
 * thread meanwhile: SQLite COMMITs (timed around the statement), garbage collections, and event-loop blocks over 10 ms.
 * Prints totals, then the slowest commands with what overlapped them. `normal` opens the file with synchronous=NORMAL
 * (no fsync at COMMIT: NOT durable) to bound what moving the fsync off the main thread would give. A diagnostic for
 * bench/processing.ts's teller row; not a figure of record.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createHost } from '../main/host.js';

const facts = process.argv[2] !== 'off';
const seconds = Number(process.argv[3] ?? 10);
const perSecond = Number(process.argv[4] ?? 20);
const unsyncedCommits = process.argv[5] === 'normal';

interface Span {
  readonly what: string;
  readonly start: number;
  readonly ms: number;
}
const spans: Span[] = [];

// Time every COMMIT and checkpoint the engine runs (better-sqlite3 is synchronous: this is main-thread time).
const statementProto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown; source: string };
const run = statementProto.run;
statementProto.run = function timed(this: { source: string }, ...args: unknown[]) {
  if (this.source !== 'COMMIT') return run.apply(this, args);
  const start = performance.now();
  try {
    return run.apply(this, args);
  } finally {
    spans.push({ what: 'COMMIT', start, ms: performance.now() - start });
  }
};
if (unsyncedCommits) {
  const databaseProto = Database.prototype as unknown as { pragma: (source: string, options?: unknown) => unknown };
  const pragma = databaseProto.pragma;
  databaseProto.pragma = function unsynced(this: unknown, source: string, options?: unknown) {
    return pragma.call(this, source === 'synchronous = FULL' ? 'synchronous = NORMAL' : source, options);
  };
}
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) spans.push({ what: 'GC', start: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
// Event-loop blocks: a 1 ms timer that fires late by more than 10 ms.
let tick = performance.now();
const loopTimer = setInterval(() => {
  const now = performance.now();
  if (now - tick > 11) spans.push({ what: 'block', start: tick, ms: now - tick });
  tick = now;
}, 1);

const dataDir = mkdtempSync(join(tmpdir(), 'prof-teller-'));
const host = await createHost({ dataDir, settings: { factEvents: facts } });
const ids = Array.from({ length: 20 }, (_, i) => `a${i}`);
for (const id of ids) await host.execute({ type: 'OpenAccount', accountId: id, number: id, holder: 'P', openingDeposit: '100' });
await host.processing.settle();
spans.length = 0;

const commands: { start: number; ms: number }[] = [];
const inFlight: Promise<unknown>[] = [];
const cpu = process.cpuUsage();
const began = performance.now();
for (let i = 0; i < perSecond * seconds; i++) {
  const wait = began + (i * 1000) / perSecond - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const start = performance.now();
  inFlight.push(host.execute({ type: 'MakeDeposit', accountId: ids[i % ids.length]!, amount: '1', sourceType: 'cash' }).then(() => commands.push({ start, ms: performance.now() - start })));
}
await Promise.all(inFlight);
const used = process.cpuUsage(cpu);
clearInterval(loopTimer);
await host.processing.settle();
await host.close();
for (const path of [dataDir, `${dataDir}.key`]) rmSync(path, { recursive: true, force: true });

const sorted = [...commands].sort((a, b) => a.ms - b.ms);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.ms.toFixed(0);
console.log(`facts ${facts}${unsyncedCommits ? ', synchronous=NORMAL' : ''}: ${commands.length} deposits at ${perSecond}/s: p50 ${pct(50)} ms, p95 ${pct(95)}, p99 ${pct(99)}, max ${sorted.at(-1)!.ms.toFixed(0)}; CPU ${((used.user + used.system) / 1000 / commands.length).toFixed(1)} ms/cmd`);
for (const what of ['COMMIT', 'GC', 'block']) {
  const of = spans.filter((s) => s.what === what);
  const total = of.reduce((sum, s) => sum + s.ms, 0);
  console.log(`${what}: ${of.length}, total ${total.toFixed(0)} ms, max ${Math.max(0, ...of.map((s) => s.ms)).toFixed(1)} ms, over 20 ms ${of.filter((s) => s.ms > 20).length}`);
}
console.log('slowest commands and what overlapped them:');
for (const c of sorted.slice(-5).reverse()) {
  const overlap = spans.filter((s) => s.start < c.start + c.ms && s.start + s.ms > c.start && s.ms > 2);
  console.log(`  ${c.ms.toFixed(0)} ms at +${(c.start - began).toFixed(0)}: ${overlap.map((s) => `${s.what} ${s.ms.toFixed(0)}@+${(s.start - c.start).toFixed(0)}`).join(', ')}`);
}
