/**
 * `npx tsx bench/processing.ts [--events 100000] [--store memory|disk] [--rate 20] [--seconds 10] [--facts both|on|off]`:
 * processing figures — catch-up of all subscribers (and of each) over a pre-filled store, rebuild throughput of every
 * projection, the raw full-scan rate of the same store in the same run (the ratio's baseline), and the latency of teller
 * commands (p50, p95, p99, max over `--seconds` of them at `--rate` a second) and the lag of the background subscribers
 * under that stream. Runs with the default settings (fact events on) beside fact events off, each on a store of its own. Prints a table; timings belong here, never in tests.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHost, type Host } from '../main/host.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_EVENTS ?? '100000' },
    store: { type: 'string', default: 'memory' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    accounts: { type: 'string', default: '100' },
    facts: { type: 'string', default: 'both' },
  },
});

const events = Number(values.events);
const accounts = Number(values.accounts);
const rate = (count: number, ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en')} ev/s`;
const log = (text: string) => process.stderr.write(`${text}\n`);

/** One pass on a store of its own: [figure, what, value] rows. */
async function measure(factEvents: boolean): Promise<[string, string, string][]> {
  const rows: [string, string, string][] = [];
  const dataDir = values.store === 'disk' ? mkdtempSync(join(tmpdir(), 'fidelis-bench-processing-')) : undefined;
  const open = (): Promise<Host> => (dataDir ? createHost({ dataDir, settings: { factEvents } }) : createHost({ inMemory: true, settings: { factEvents } }));
  log(`fact events ${factEvents ? 'on (the default)' : 'off'}`);
  const host = await open();
  try {
    // Fill: accounts opened through the pipeline, deposits appended straight to the store in concurrent groups (group commit).
    log(`filling ${events} events…`);
    const ids = Array.from({ length: accounts }, (_, i) => `bench-${i}`);
    for (const id of ids) await host.execute({ type: 'OpenAccount', accountId: id, number: id, holder: 'Bench', openingDeposit: '100' });
    const versions = new Map(ids.map((id) => [id, 0]));
    const fillStart = performance.now();
    for (let written = accounts; written < events; ) {
      const group = ids.slice(0, Math.min(ids.length, events - written));
      await Promise.all(
        group.map((id) => {
          const version = versions.get(id)!;
          versions.set(id, version + 1);
          return host.store.append({
            streamId: `account-${id}`,
            expected: version,
            events: [{ type: 'Fidelis.DepositMade.v3', data: { accountId: id, amount: '100', sourceType: 'cash', currency: 'USD' }, occurredAt: new Date().toISOString() }],
            meta: { commandId: `fill-${id}-${version}`, correlationId: 'fill', causationId: 'fill', actor: 'bench', deviceId: 'bench', branchId: 'BR001' },
            commandHash: `fill-${id}-${version}`,
          });
        }),
      );
      written += group.length;
    }
    rows.push(['fill (appends, group commit)', `${events} events`, rate(events, performance.now() - fillStart)]);

    let start = performance.now();
    // Each subscriber's own catch-up: events it still had to handle when the fill ended, and when its lag reached 0.
    const behind = new Map((await host.processing.status()).map((s) => [s.name, { events: s.lag, ms: 0 }]));
    const watch = setInterval(async () => {
      for (const s of await host.processing.status()) if (s.lag === 0 && behind.get(s.name)?.ms === 0) behind.get(s.name)!.ms = performance.now() - start;
    }, 20);
    await host.processing.settle();
    clearInterval(watch);
    const settleMs = performance.now() - start;
    rows.push(['catch-up of all subscribers after the fill', `${behind.size} subscribers`, `${(settleMs / 1000).toFixed(1)} s`]);

    start = performance.now();
    let scanned = 0;
    for (let after = 0; ; ) {
      const page = await host.store.readAll(after, 1000);
      if (page.length === 0) break;
      scanned += page.length;
      after = page.at(-1)!.seq;
    }
    const scanMs = performance.now() - start;
    rows.push(['raw full scan (readAll, pages of 1000)', `${scanned} events`, rate(scanned, scanMs)]);

    const ofScan = (count: number, ms: number) => `${rate(count, ms)} (${((count / ms / (scanned / scanMs)) * 100).toFixed(0)}% of the scan rate)`;
    for (const [name, { events: count, ms }] of [...behind].sort(([a], [b]) => a.localeCompare(b))) {
      // Caught up between two looks, or never behind: the whole settle bounds it.
      rows.push([`  catch-up ${name}`, `${count} events`, count === 0 ? '-' : ofScan(count, ms || settleMs)]);
    }
    for (const projection of host.processing.projectionNames()) {
      start = performance.now();
      const [report] = await host.processing.rebuild(projection);
      const ms = performance.now() - start;
      rows.push([`rebuild ${projection}`, `${report!.dispatched} dispatched`, ofScan(report!.position, ms)]);
      // The old build is deleted in the background: not part of the rebuild, nor of the next one's figure.
      await host.processing.settle();
    }

    // Sustained teller traffic: commands at a fixed rate; sample the background subscribers' lag.
    const perSecond = Number(values.rate);
    const seconds = Number(values.seconds);
    log(`sustained ${perSecond} commands/s for ${seconds} s…`);
    const lags: number[] = [];
    const sampler = setInterval(async () => {
      const statuses = await host.processing.status();
      lags.push(Math.max(...statuses.filter((s) => s.mode === 'async').map((s) => s.lag)));
    }, 250);
    const latencies: number[] = [];
    const inFlight: Promise<unknown>[] = [];
    const trafficStart = performance.now();
    for (let i = 0; i < perSecond * seconds; i++) {
      const due = trafficStart + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      inFlight.push(host.execute({ type: 'MakeDeposit', accountId: ids[i % ids.length]!, amount: '1', sourceType: 'cash' }).then(() => latencies.push(performance.now() - sent)));
    }
    await Promise.all(inFlight);
    clearInterval(sampler);
    start = performance.now();
    await host.processing.settle();
    const drainMs = performance.now() - start;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0);
    rows.push(['teller commands under load', `${latencies.length} at ${perSecond}/s`, `p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`]);
    rows.push(['background lag under load', `${lags.length} samples`, `max ${Math.max(0, ...lags)}, mean ${(lags.reduce((a, b) => a + b, 0) / Math.max(1, lags.length)).toFixed(1)} events`]);
    rows.push(['drain after the load stops', '', `${drainMs.toFixed(0)} ms`]);
  } finally {
    await host.close();
    if (dataDir) for (const path of [dataDir, `${dataDir}.key`]) rmSync(path, { recursive: true, force: true });
  }
  return rows;
}

const passes = values.facts === 'both' ? [true, false] : [values.facts !== 'off'];
const results: [string, string, string][][] = [];
for (const factEvents of passes) results.push(await measure(factEvents));
// One line per figure, a column per pass: `what` and value side by side.
// Matched by figure: a pass may have a row the other lacks (the account-facts handler runs only with fact events on).
const figures = [...new Set(results.flatMap((r) => r.map((row) => row[0])))];
const table = figures.map((figure) => [figure, ...results.flatMap((r) => r.find((row) => row[0] === figure)?.slice(1) ?? ['', ''])]);
const header = ['figure', ...passes.flatMap((on) => [on ? 'facts on (default)' : 'facts off', ''])];
const widths = header.map((_, c) => Math.max(...[header, ...table].map((r) => r[c]!.length), 8));
process.stdout.write(`processing bench (${values.store}, ${events} events)\n`);
for (const row of [header, ...table]) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
