/**
 * `npm run bench [-- --events 100000,1000000 --commands 500 --clients 16 --idb shim,sqlite --at-rest plain,encrypted]`:
 * the on-disk store beside a raw better-sqlite3 baseline, each scenario in a fresh process and data dir, with each
 * IndexedDB engine named by --idb (FIDELIS_IDB; the default engine alone when not given) and the SQLite engine's file
 * plain and encrypted at rest side by side (--at-rest; the shim is always plain). Prints a table; writes JSON to
 * bench/results/.
 */

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { diskEngine, type DiskEngine } from '../main/store/indexedDb/diskProvider.js';
import type { ScenarioConfig, ScenarioResult } from './scenario.js';

const here = dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_EVENTS ?? '100000' },
    commands: { type: 'string', default: process.env.BENCH_COMMANDS ?? '1000' },
    // As many as the bare store's rows by default: the host's share of the bare store compares the same workload.
    'host-commands': { type: 'string', default: process.env.BENCH_HOST_COMMANDS ?? process.env.BENCH_COMMANDS ?? '1000' },
    'skip-host': { type: 'boolean', default: false },
    clients: { type: 'string', default: '16' },
    accounts: { type: 'string', default: '20' },
    streams: { type: 'string', default: '100' },
    batch: { type: 'string', default: '100' },
    page: { type: 'string', default: '1000' },
    rebuild: { type: 'string', default: 'Journal' },
    // The host's import with its subscribers running reaches 1M in hours: from this size up, the bare store imports
    // into the host's data dir with the host closed, and the host's subscribers catch up when it reopens (0 = never).
    'bare-import-from': { type: 'string', default: '1000000' },
    full: { type: 'boolean', default: false },
    label: { type: 'string', default: '' },
    idb: { type: 'string' },
    'at-rest': { type: 'string', default: 'plain,encrypted' },
  },
});

/** What is measured side by side: each IndexedDB engine, the SQLite engine's file plain and encrypted at rest. */
interface Variant {
  readonly name: string;
  readonly env: NodeJS.ProcessEnv;
}
const atRest = values['at-rest'].split(',');
if (atRest.some((kind) => kind !== 'plain' && kind !== 'encrypted')) throw new Error('--at-rest takes plain, encrypted or both.');
// A fixed key: the encrypted scenarios leave no key files behind (the key's source does not change the cost).
const BENCH_KEY = 'b0'.repeat(32);
const engines: Variant[] = (values.idb ? values.idb.split(',') : [diskEngine()]).flatMap((name): Variant[] => {
  const engine: DiskEngine = diskEngine({ FIDELIS_IDB: name });
  if (engine === 'shim') return [{ name: engine, env: { FIDELIS_IDB: engine, FIDELIS_PLAIN_DATA_DIR: '1' } }];
  return atRest.map((kind) => ({
    name: atRest.length > 1 ? `${engine}, ${kind}` : engine,
    env: kind === 'plain' ? { FIDELIS_IDB: engine, FIDELIS_PLAIN_DATA_DIR: '1' } : { FIDELIS_IDB: engine, FIDELIS_PLAIN_DATA_DIR: '0', FIDELIS_DATA_KEY: BENCH_KEY },
  }));
});

const events = (values.full ? '10000,100000,1000000' : values.events).split(',').map(Number).sort((a, b) => a - b);
const config: ScenarioConfig = {
  commands: Number(values.commands),
  hostCommands: Number(values['host-commands']),
  clients: Number(values.clients),
  accounts: Number(values.accounts),
  events,
  batch: Number(values.batch),
  streams: Number(values.streams),
  page: Number(values.page),
  rebuild: values.rebuild,
  bareImportFrom: Number(values['bare-import-from']),
};

function runScenario(kind: 'host' | 'store' | 'raw', name: string, engine?: Variant): Promise<ScenarioResult> {
  process.stderr.write(`${kind}${engine ? ` (${engine.name})` : ''} ${name}…\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'scenario.ts'), kind, name, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...(engine?.env ?? {}) },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // The last JSON line holds the figures so far: a scenario that fails at its largest size keeps the smaller ones.
      const last = out.trim().split('\n').filter((line) => line.startsWith('{')).at(-1);
      if (code === 0 && last) return resolve(JSON.parse(last) as ScenarioResult);
      process.stderr.write(`${kind} ${name} exited ${code}${last ? '; its figures so far are kept' : ''}\n`);
      if (last) resolve({ ...(JSON.parse(last) as ScenarioResult), [`failed.${name}`]: `exit ${code}` });
      else reject(new Error(`${kind} ${name} exited ${code}: ${out}`));
    });
  });
}

interface Row {
  readonly label: string;
  readonly key: string;
  readonly unit: string;
  /** Lower is better (times, memory): the ratio is then raw / store, so 1.0 still means "as good as raw". */
  readonly lowerIsBetter?: boolean;
  /** The baseline figure to compare with, when it is not under the same key. */
  readonly rawKey?: string;
  /** No raw figure to compare with (a catch-up, a rebuild, the heap). */
  readonly noBaseline?: boolean;
  /** CPU milliseconds per operation (command, event or load), measured beside the wall-clock figure. */
  readonly cpuKey?: string;
}

const rows: Row[] = [
  { label: 'sequential single-event commands', key: 'sequentialCommandsPerSecond', unit: 'cmd/s', cpuKey: 'cpu.sequential' },
  { label: `${config.clients} concurrent clients (group commit)`, key: 'concurrentCommandsPerSecond', unit: 'cmd/s', cpuKey: 'cpu.concurrent' },
  { label: '  the same through host.execute: sequential', key: 'host.sequentialCommandsPerSecond', unit: 'cmd/s', rawKey: 'sequentialCommandsPerSecond' },
  { label: `  the same through host.execute: ${config.clients} clients`, key: 'host.concurrentCommandsPerSecond', unit: 'cmd/s', rawKey: 'concurrentCommandsPerSecond' },
  { label: `batched import (${config.batch}/batch) to ${events[0]!.toLocaleString('en-US')}`, key: `importEventsPerSecond@${events[0]}`, unit: 'ev/s', cpuKey: `cpu.import@${events[0]}` },
  ...events.slice(1).map((size) => ({ label: `batched import to ${size.toLocaleString('en-US')}`, key: `importEventsPerSecond@${size}`, unit: 'ev/s' })),
  { label: `read one account's ${(events[0]! / config.streams).toLocaleString('en-US')} events`, key: 'loadAccountMs', unit: 'ms', lowerIsBetter: true, cpuKey: 'cpu.load' },
  { label: `  (cold, first load)`, key: 'loadAccountColdMs', unit: 'ms', lowerIsBetter: true },
  { label: `full scan by seq (pages of ${config.page})`, key: 'scanEventsPerSecond', unit: 'ev/s', cpuKey: 'cpu.scan' },
  ...events.slice(1).slice(-1).map((size) => ({ label: `  full scan at ${size.toLocaleString('en-US')}`, key: `scanEventsPerSecond@${size}`, unit: 'ev/s' })),
  ...events.map((size) => ({ label: `RSS after ${size.toLocaleString('en-US')} events`, key: `rssMiB@${size}`, unit: 'MiB', lowerIsBetter: true })),
  // The whole host as the ledger grows (hostVolume): rates beside the raw pipeline's, memory beside the raw baseline's.
  ...events.flatMap((size): Row[] => {
    const at = size.toLocaleString('en-US');
    return [
      { label: `host: import to ${at} in the store (imported/s, subscribers running)`, key: `host.importEventsPerSecond@${size}`, unit: 'ev/s', rawKey: `importEventsPerSecond@${size}` },
      { label: `  every subscriber caught up, after`, key: `host.catchUpSeconds@${size}`, unit: 's', lowerIsBetter: true, noBaseline: true },
      { label: `  import and catch-up together (events in the store/s)`, key: `host.importAndCatchUpEventsPerSecond@${size}`, unit: 'ev/s', rawKey: `importEventsPerSecond@${size}` },
      { label: `  (imported/s through the bare store, host closed)`, key: `host.bareImportEventsPerSecond@${size}`, unit: 'ev/s', rawKey: `importEventsPerSecond@${size}` },
      { label: `  (host opened on the bare store's import, inline projections repaired)`, key: `host.openSecondsBeforeCatchUp@${size}`, unit: 's', lowerIsBetter: true, noBaseline: true },
      { label: `  peak heap during import and catch-up`, key: `host.peakHeapMiB.import@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
      { label: `  peak RSS during import and catch-up`, key: `host.peakRssMiB.import@${size}`, unit: 'MiB', lowerIsBetter: true, rawKey: `rssMiB@${size}` },
      { label: `  host opened again at ${at} events (checks at open included)`, key: `host.openSeconds@${size}`, unit: 's', lowerIsBetter: true, noBaseline: true },
      { label: `  then its background checks after the start (hash chain, files whole)`, key: `host.backgroundChecksSeconds@${size}`, unit: 's', lowerIsBetter: true, noBaseline: true },
      { label: `  then a first command on an imported account (the start's pass judged its chain)`, key: `host.firstCommandOnImportedMs@${size}`, unit: 'ms', lowerIsBetter: true, noBaseline: true },
      { label: `  host.execute sequential at ${at} events`, key: `host.sequentialCommandsPerSecond@${size}`, unit: 'cmd/s', rawKey: 'sequentialCommandsPerSecond', cpuKey: `host.cpu.sequential@${size}` },
      { label: `  heap at ${at} events (after the commands, collected)`, key: `host.heapMiB@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
      { label: `  peak heap from the reopen through the commands (its background checks among them)`, key: `host.peakHeapMiB.commands@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
      { label: `  RSS at ${at} events`, key: `host.rssMiB@${size}`, unit: 'MiB', lowerIsBetter: true, rawKey: `rssMiB@${size}` },
      { label: `    V8's heap committed (heapTotal: its peaks set it)`, key: `host.heapCommittedMiB@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
      { label: `    RSS in anonymous maps (V8's heap among them, stacks, large mallocs)`, key: `host.rssAnonymousMiB@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
      { label: `    RSS in the C heap (SQLite's page cache, native allocations)`, key: `host.rssCHeapMiB@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
      { label: `    RSS in mapped files (code)`, key: `host.rssFileMiB@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
    ];
  }),
  ...events.slice(-1).flatMap((size): Row[] => [
    { label: `host: full scan at ${size.toLocaleString('en-US')}`, key: `host.scanEventsPerSecond@${size}`, unit: 'ev/s', rawKey: `scanEventsPerSecond@${size}` },
    { label: `host: ${config.rebuild} rebuilt over ${size.toLocaleString('en-US')}`, key: `host.rebuildSeconds@${size}`, unit: 's', lowerIsBetter: true, noBaseline: true },
    { label: `  rebuild rate`, key: `host.rebuildEventsPerSecond@${size}`, unit: 'ev/s', rawKey: `scanEventsPerSecond@${size}` },
    { label: `  RSS after the rebuild`, key: `host.rssMiB.afterRebuild@${size}`, unit: 'MiB', lowerIsBetter: true, rawKey: `rssMiB@${size}` },
    { label: `  peak heap during the scan and the rebuild`, key: `host.peakHeapMiB.rebuild@${size}`, unit: 'MiB', lowerIsBetter: true, noBaseline: true },
  ]),
];

const cpuFormat = (value: number | undefined) => (value === undefined ? '' : value >= 10 ? value.toFixed(1) : value.toPrecision(2));

const format = (value: number | undefined) =>
  value === undefined ? '—' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);

async function main(): Promise<void> {
  const started = new Date();
  const results: Record<string, ScenarioResult> = { raw: {}, ...Object.fromEntries(engines.map((engine) => [engine.name, {}])) };
  // Interleaved per scenario, so a change in the machine's load touches every column alike.
  for (const name of ['sequential', 'concurrent', 'volume']) {
    Object.assign(results.raw!, await runScenario('raw', name));
    for (const engine of engines) Object.assign(results[engine.name]!, await runScenario('store', name, engine));
  }
  if (!values['skip-host'])
    for (const name of ['hostCommands', 'hostVolume']) for (const engine of engines) Object.assign(results[engine.name]!, await runScenario('host', name, engine));

  const names = engines.map((engine) => engine.name);
  const ratioOf = (row: Row, value: number | undefined, base: number | undefined) =>
    value === undefined || base === undefined ? undefined : row.lowerIsBetter ? base / value : value / base;
  const percent = (ratio: number | undefined) => (ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);
  const table = rows.map((row) => {
    const raw = row.noBaseline ? undefined : (results.raw![row.rawKey ?? row.key] as number | undefined);
    const store = Object.fromEntries(names.map((engine) => [engine, results[engine]![row.key] as number | undefined]));
    const cpu = (kind: string) => (row.cpuKey ? (results[kind]![row.cpuKey] as number | undefined) : undefined);
    const cpuStore = Object.fromEntries(names.map((engine) => [engine, cpu(engine)]));
    return { ...row, store, raw, ratio: Object.fromEntries(names.map((engine) => [engine, ratioOf(row, store[engine], raw)])), cpuStore, cpuRaw: cpu('raw') };
  });
  const [first, second] = names;
  const named = (engine: string) => (names.length > 1 ? `store (${engine})` : 'on-disk store');
  const header = [
    '',
    ...names.map(named),
    'raw SQLite',
    ...names.map((engine) => (names.length > 1 ? `${engine}/raw` : 'store/raw')),
    ...(second ? [`${second}/${first}`] : []),
    ...names.map((engine) => (names.length > 1 ? `CPU ms/op ${engine}` : 'CPU ms/op store')),
    'raw',
    ...names.map((engine) => (names.length > 1 ? `raw/${engine}` : 'raw/store')),
    ...(second ? [`CPU ${first}/${second}`] : []),
  ];
  const shown = table.filter((r) => names.some((engine) => r.store[engine] !== undefined) || !r.key.startsWith('host.'));
  const lines = shown.map((r) => [
    r.label,
    ...names.map((engine) => `${format(r.store[engine])} ${r.unit}`),
    `${format(r.raw)} ${r.unit}`,
    ...names.map((engine) => percent(r.ratio[engine])),
    ...(second ? [percent(ratioOf(r, r.store[second], r.store[first!]))] : []),
    ...names.map((engine) => cpuFormat(r.cpuStore[engine])),
    cpuFormat(r.cpuRaw),
    ...names.map((engine) => {
      const store = r.cpuStore[engine];
      return store && r.cpuRaw ? percent(r.cpuRaw / store) : '';
    }),
    ...(second ? [r.cpuStore[first!] && r.cpuStore[second] ? percent(r.cpuStore[first!]! / r.cpuStore[second]!) : ''] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

  const out = process.stdout;
  out.write(`\nFidelis on-disk store vs raw better-sqlite3 (WAL, synchronous=FULL) — ${started.toISOString()}\n`);
  out.write(`Node ${process.version}, ${cpus().length} cores; ${config.commands} commands (${config.hostCommands} through the host) over ${config.accounts} accounts, ${config.clients} clients, `);
  out.write(`import of ${events.map((e) => e.toLocaleString('en-US')).join(' then ')} events over ${config.streams} streams.\n`);
  out.write(`Measured: ${names.map((engine) => (engine === 'shim' ? 'indexeddbshim (shim)' : `the SQLite engine (${engine})`)).join('; ')}; encrypted = AEGIS-256 at rest (SQLite3 Multiple Ciphers).\n`);
  if (!events.includes(1_000_000)) out.write('The 1M-event size was skipped (run with --full or --events 100000,1000000; it takes long).\n');
  out.write('Command rows: the command pipeline (validate, hash, idempotency, load, decide, append) over the bare store and over raw SQLite;\n');
  if (values['skip-host']) out.write('the rows through host.execute were skipped (--skip-host).\n');
  else if (config.bareImportFrom > 0 && events.some((size) => size >= config.bareImportFrom))
    out.write(
      `Host sizes from ${config.bareImportFrom.toLocaleString('en-US')} up were imported through the bare store's batched import with the host closed (not through the host with its subscribers running), then the host reopened and its subscribers caught up: the catch-up row is all of their work at that size.\n`,
    );
  else out.write('the host.execute rows add everything the host wires around it (processing, read models, logs) and are compared with the same raw pipeline.\n');
  out.write('CPU ms/op: CPU time of the process per command, per event (import, scan) or per load: steadier than wall time when the machine is shared.\n');
  out.write(`Ratios: store/raw for rates, raw/store for times and memory (100% = as good as raw)${second ? `; ${second}/${first} compares the two columns the same way, CPU ${first}/${second} their CPU per operation (100% = no cost)` : ''}.\n\n`);
  out.write(`${render(header)}\n${render(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const line of lines) out.write(`${render(line)}\n`);
  for (const [kind, result] of Object.entries(results))
    for (const [key, value] of Object.entries(result)) if (key.startsWith('failed.')) out.write(`\n${kind}: the ${key.slice('failed.'.length)} scenario did not finish (${value}); its rows stop where it did.\n`);

  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', `bench-${started.toISOString().replace(/[:.]/g, '-')}${values.label ? `-${values.label}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify({ started: started.toISOString(), node: process.version, cores: cpus().length, config, engines: names, results, table }, null, 2)}\n`);
  out.write(`\nJSON: ${file}\n`);
}

await main();
