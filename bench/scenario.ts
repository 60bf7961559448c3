/**
 * One benchmark scenario in its own process (indexeddbshim allows one on-disk data dir per process):
 * `node --import tsx bench/scenario.ts <host|store|raw> <sequential|concurrent|volume> <config JSON>`; prints one JSON line.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import type { AppendRequest, EventStore } from '../main/store/eventStore.js';
import { openTarget, type LedgerTarget, type TargetKind } from './ledgerTarget.js';

export interface ScenarioConfig {
  readonly commands: number;
  /** Commands through the whole host (slower: everything wired around the store runs too). */
  readonly hostCommands: number;
  readonly clients: number;
  readonly accounts: number;
  readonly events: readonly number[];
  readonly batch: number;
  readonly streams: number;
  readonly page: number;
  /** The projection the host-volume scenario rebuilds at the last size. */
  readonly rebuild: string;
  /**
   * Sizes from this one up are imported into the host's data dir through the bare store with the host closed, then the
   * host reopens and its subscribers catch up (the host's own import, subscribers running, is too slow for 1M in a
   * session); 0 = every size through the host.
   */
  readonly bareImportFrom: number;
}

/** The data dir a scenario runs in and its target, which a scenario may close and open again (hostVolume does). */
export interface Session {
  target: LedgerTarget;
  readonly dataDir: string;
}

export type ScenarioResult = Record<string, number | string>;

const progress = (text: string) => process.stderr.write(`  ${text}\n`);

/** The figures so far, as a JSON line: a long scenario that dies at its largest size still hands back the smaller ones. */
const partial = (result: ScenarioResult, prefix = '') =>
  process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(result).map(([key, value]) => [`${prefix}${key}`, value])))}\n`);

/** CPU milliseconds this process used since `since`: steadier than wall time on a shared machine. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function openAccounts(target: LedgerTarget, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const accountId = `${prefix}${String(i).padStart(5, '0')}`;
    // Numbers are unique in a branch: each workload's accounts take numbers of their own.
    await target.execute({ type: 'OpenAccount', accountId, number: `${prefix.toUpperCase()}${i}`, holder: `Holder ${i}`, openingDeposit: '100.00' });
    ids.push(accountId);
  }
  return ids;
}

const deposit = (accountId: string) => ({ type: 'MakeDeposit', accountId, amount: '10.00', sourceType: 'cash' });

/** Sequential single-event commands: each one waits for the previous one to be durable. */
async function sequential(target: LedgerTarget, config: ScenarioConfig, commands = config.commands): Promise<ScenarioResult> {
  const accounts = await openAccounts(target, config.accounts, 'seq');
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < commands; i++) await target.execute(deposit(accounts[i % accounts.length]!));
  const seconds = (performance.now() - started) / 1000;
  return { sequentialCommandsPerSecond: commands / seconds, sequentialCommands: commands, 'cpu.sequential': cpuMs(cpu) / commands };
}

/** Concurrent clients, each on its own account, so the store may group their commits. */
async function concurrent(target: LedgerTarget, config: ScenarioConfig, commands = config.commands): Promise<ScenarioResult> {
  const accounts = await openAccounts(target, config.clients, 'cc');
  const perClient = Math.ceil(commands / config.clients);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    accounts.map(async (accountId) => {
      for (let i = 0; i < perClient; i++) await target.execute(deposit(accountId));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = perClient * config.clients;
  return { concurrentCommandsPerSecond: total / seconds, concurrentCommands: total, clients: config.clients, 'cpu.concurrent': cpuMs(cpu) / total };
}

/** Bulk import into a store: batches of single-event appends over `streams` accounts, timed as it goes. */
function importer(config: ScenarioConfig) {
  const registry = createLedgerEventRegistry();
  const versions = new Array<number>(config.streams).fill(-1);
  const accountId = (s: number) => `imp${String(s).padStart(6, '0')}`;
  const occurredAt = new Date().toISOString();
  let commandCounter = 0;
  const state = { written: 0, seconds: 0, cpuMs: 0 };

  function request(s: number): AppendRequest {
    const id = accountId(s);
    const event =
      versions[s] === -1
        ? registry.encode({ type: 'AccountOpened', data: { accountId: id, number: `I${s}`, holder: `Importer ${s}`, owners: [`acct-${id}`], currency: 'USD', openingDeposit: '0', openingDepositSource: 'cash', overdraftLimit: '0' } })
        : registry.encode({ type: 'DepositMade', data: { accountId: id, amount: '1000', sourceType: 'wire', channel: 'transfer', currency: 'USD', reference: `imp-${state.written}` } });
    const commandId = `import-${++commandCounter}`;
    const meta: EventMeta = { commandId, correlationId: commandId, causationId: commandId, actor: 'import', deviceId: 'bench', branchId: 'BR001' };
    const expected = versions[s]!;
    versions[s] = expected + 1;
    return { streamId: streamIdOf(ACCOUNT_CATEGORY, id), expected: expected === -1 ? 'no-stream' : expected, events: [{ ...event, occurredAt }], meta, commandHash: commandId };
  }

  async function importUpTo(store: EventStore, total: number): Promise<void> {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let stream = state.written;
    while (state.written < total) {
      const size = Math.min(config.batch, total - state.written);
      const batch: AppendRequest[] = [];
      for (let i = 0; i < size; i++) batch.push(request(stream++ % config.streams));
      await Promise.all(batch.map((r) => store.append(r)));
      state.written += size;
      if (state.written % 10_000 === 0) progress(`imported ${state.written}`);
    }
    state.seconds += (performance.now() - started) / 1000;
    state.cpuMs += cpuMs(cpu);
  }

  return { state, versions, accountId, importUpTo };
}

/** A full scan of the store by `seq` in pages; checks it has no hole and finds every event. */
async function scan(target: LedgerTarget, config: ScenarioConfig, expected: number): Promise<{ seconds: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let after = 0;
  let scanned = 0;
  for (;;) {
    const page = await target.store.readAll(after, config.page);
    if (page.length === 0) break;
    if (page[0]!.seq !== after + 1) throw new Error(`scan found a hole after seq ${after}`);
    after = page.at(-1)!.seq;
    scanned += page.length;
  }
  if (scanned < expected) throw new Error(`scanned ${scanned} of ${expected} events`);
  return { seconds: (performance.now() - started) / 1000, cpuMs: cpuMs(cpu) };
}

const mib = (bytes: number) => bytes / 2 ** 20;

/**
 * Bulk import, then at each size in `events`: a 1,000-event account load (first size only), a full scan by `seq`
 * (first and last sizes) and the RSS.
 */
async function volume(target: LedgerTarget, config: ScenarioConfig): Promise<ScenarioResult> {
  const result: ScenarioResult = {};
  const { state, versions, accountId, importUpTo } = importer(config);

  for (const [index, size] of config.events.entries()) {
    await importUpTo(target.store, size);
    result[`importEventsPerSecond@${size}`] = state.written / state.seconds;
    result[`cpu.import@${size}`] = state.cpuMs / state.written;
    if (index === 0) {
      // Reading one account's stream of size/streams events (1,000 with the defaults), a different account each time:
      // the first read is cold; the figure is the median of the next five.
      const loads: number[] = [];
      const loadCpu = process.cpuUsage();
      for (let i = 0; i < 6; i++) {
        const started = performance.now();
        const stream = await target.store.readStream(streamIdOf(ACCOUNT_CATEGORY, accountId(i % config.streams)));
        loads.push(performance.now() - started);
        if (stream.length !== versions[i % config.streams]! + 1) throw new Error(`read ${stream.length} events, expected ${versions[i % config.streams]! + 1}`);
      }
      result['cpu.load'] = cpuMs(loadCpu) / loads.length;
      result.loadAccountColdMs = loads[0]!;
      result.loadAccountMs = loads.slice(1).sort((a, b) => a - b)[2]!;
      result.loadAccountEvents = versions[0]! + 1;
      const view = await target.getAccount(accountId(0));
      if (view?.version !== versions[0]) throw new Error(`the account folded to version ${view?.version}, expected ${versions[0]}`);
    }
    if (index === 0 || index === config.events.length - 1) {
      const scanned = await scan(target, config, state.written);
      result[`scanEventsPerSecond@${size}`] = state.written / scanned.seconds;
      if (index === 0) {
        result.scanEventsPerSecond = state.written / scanned.seconds;
        result['cpu.scan'] = scanned.cpuMs / state.written;
      }
    }
    global.gc?.();
    result[`rssMiB@${size}`] = mib(process.memoryUsage().rss);
    partial(result);
  }
  return result;
}

/**
 * Where the RSS lies (Linux; empty elsewhere): mapped files (code), the C heap (glibc's main arena: SQLite's page cache
 * and the native side of better-sqlite3) and other anonymous memory (V8's heap pages, thread stacks, glibc's mmaps).
 */
function rssParts(): ScenarioResult {
  if (!existsSync('/proc/self/smaps')) return {};
  const kib = { file: 0, cHeap: 0, anonymous: 0 };
  let kind: keyof typeof kib = 'anonymous';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s+(\S*)/.exec(line);
    if (mapping) kind = mapping[1]!.startsWith('/') ? 'file' : mapping[1] === '[heap]' ? 'cHeap' : 'anonymous';
    else if (line.startsWith('Rss:')) kib[kind] += Number(line.split(/\s+/)[1]);
  }
  return { rssFileMiB: kib.file / 1024, rssCHeapMiB: kib.cHeap / 1024, rssAnonymousMiB: kib.anonymous / 1024 };
}

/** The highest heap and RSS sampled since the last read: the heap's peaks between collections set the RSS. */
function memoryPeaks() {
  let heap = 0;
  let rss = 0;
  const timer = setInterval(() => {
    const memory = process.memoryUsage();
    heap = Math.max(heap, memory.heapUsed);
    rss = Math.max(rss, memory.rss);
  }, 100);
  return {
    read() {
      const peaks = { heapMiB: mib(heap), rssMiB: mib(rss) };
      heap = 0;
      rss = 0;
      return peaks;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * The whole host growing: bulk import into its store at each size in `events` (its subscribers running meanwhile; from
 * `bareImportFrom` up through the bare store with the host closed), the time until every subscriber has caught up,
 * the host opened again (its open checks at that size), the first command on an imported account (its whole stream
 * chain-checked), then `hostCommands` sequential deposits through host.execute with the heap and RSS after them and
 * their peaks over the size's import and catch-up; at the last size, a full scan and a rebuild of `rebuild`'s
 * projection, on disk.
 */
async function hostVolume(session: Session, config: ScenarioConfig): Promise<ScenarioResult> {
  const host = () => {
    if (!session.target.host) throw new Error('hostVolume needs the host target');
    return session.target.host;
  };
  const result: ScenarioResult = {};
  const accounts = await openAccounts(session.target, config.accounts, 'vol');
  const { state, versions, accountId, importUpTo } = importer(config);
  const peaks = memoryPeaks();
  let catchUpSeconds = 0;

  // Sizes count the events in the store: with fact events on, the account-facts handler adds one per imported save.
  const perImported = host().settings.factEvents ? 2 : 1;

  const reopen = async (kind: TargetKind) => {
    await session.target.close();
    const opening = performance.now();
    session.target = await openTarget(kind, session.dataDir);
    return (performance.now() - opening) / 1000;
  };

  try {
    for (const [index, size] of config.events.entries()) {
      const bare = config.bareImportFrom > 0 && size >= config.bareImportFrom;
      if (bare) {
        // The import at the bare store's rate, the host closed; its subscribers catch up with all of it when it reopens.
        await reopen('store');
        const [written, seconds] = [state.written, state.seconds];
        await importUpTo(session.target.store, state.written + Math.ceil((size - session.target.store.headSeq()) / perImported));
        result[`bareImportEventsPerSecond@${size}`] = (state.written - written) / (state.seconds - seconds);
        progress(`${size}: opening the host over the bare import…`);
        result[`openSecondsBeforeCatchUp@${size}`] = await reopen('host');
        progress(`${size}: catching up…`);
        result[`importedThrough@${size}`] = 'the bare store, host closed';
      }
      for (let remaining = size - host().store.headSeq(); remaining > 0 || bare; remaining = size - host().store.headSeq()) {
        // After a bare import the facts still to come are the subscribers' to append: nothing more is imported.
        if (remaining > 0 && !bare) await importUpTo(host().store, state.written + Math.ceil(remaining / perImported));
        const settling = performance.now();
        await host().processing.settle();
        catchUpSeconds += (performance.now() - settling) / 1000;
        if (bare) break;
      }
      result[`importEventsPerSecond@${size}`] = state.written / state.seconds;
      result[`imported@${size}`] = state.written;
      result[`eventsInStore@${size}`] = host().store.headSeq();
      // The subscribers apply events while the import runs too: the catch-up is what is left after it.
      result[`catchUpSeconds@${size}`] = catchUpSeconds;
      // Counted in the store: the imported events and the facts the subscribers derived from them.
      result[`importAndCatchUpEventsPerSecond@${size}`] = host().store.headSeq() / (state.seconds + catchUpSeconds);
      const during = peaks.read();
      result[`peakHeapMiB.import@${size}`] = during.heapMiB;
      result[`peakRssMiB.import@${size}`] = during.rssMiB;
      progress(`${size}: imported and caught up; reopening…`);

      // What a restart costs at this size: the checks at open, RxDB, processing set-up, inline projections' repair.
      result[`openSeconds@${size}`] = await reopen('host');
      // Then the background checks a start begins (the whole hash chain on the main thread, in pages; the files whole in
      // a worker): timed, and waited for, so the commands below measure what a command costs, not the start-up beside it.
      const checking = performance.now();
      await host().safety.idle();
      result[`backgroundChecksSeconds@${size}`] = (performance.now() - checking) / 1000;
      const first = performance.now();
      const imported = index % config.streams;
      await session.target.execute(deposit(accountId(imported)));
      result[`firstCommandOnImportedMs@${size}`] = performance.now() - first;
      // The importer appends after this command's event on that stream.
      versions[imported]!++;
      progress(`${size}: commands…`);

      const started = performance.now();
      const cpu = process.cpuUsage();
      for (let i = 0; i < config.hostCommands; i++) await session.target.execute(deposit(accounts[i % accounts.length]!));
      result[`sequentialCommandsPerSecond@${size}`] = config.hostCommands / ((performance.now() - started) / 1000);
      result[`cpu.sequential@${size}`] = cpuMs(cpu) / config.hostCommands;
      global.gc?.();
      const memory = process.memoryUsage();
      result[`heapMiB@${size}`] = mib(memory.heapUsed);
      result[`heapCommittedMiB@${size}`] = mib(memory.heapTotal);
      result[`rssMiB@${size}`] = mib(memory.rss);
      for (const [part, value] of Object.entries(rssParts())) result[`${part}@${size}`] = value;
      // From the reopen on: the background checks of the start and the commands.
      const commands = peaks.read();
      result[`peakHeapMiB.commands@${size}`] = commands.heapMiB;
      result[`peakRssMiB.commands@${size}`] = commands.rssMiB;
      partial(result, 'host.');

      if (index === config.events.length - 1) {
        const head = host().store.headSeq();
        const scanned = await scan(session.target, config, head);
        result[`scanEventsPerSecond@${size}`] = head / scanned.seconds;
        progress(`${size}: rebuilding ${config.rebuild}…`);
        const rebuilding = performance.now();
        const [report] = await host().processing.rebuild(config.rebuild);
        progress(`${size}: rebuilt; closing…`);
        const seconds = (performance.now() - rebuilding) / 1000;
        result[`rebuildSeconds@${size}`] = seconds;
        result[`rebuildEventsPerSecond@${size}`] = report!.position / seconds;
        global.gc?.();
        result[`rssMiB.afterRebuild@${size}`] = mib(process.memoryUsage().rss);
        result[`peakHeapMiB.rebuild@${size}`] = peaks.read().heapMiB;
        partial(result, 'host.');
      }
    }
  } finally {
    peaks.stop();
  }
  return result;
}

/** The host's execute: the same two workloads, fewer commands. */
const hostCommands = async ({ target }: Session, config: ScenarioConfig): Promise<ScenarioResult> => {
  const result = { ...(await sequential(target, config, config.hostCommands)), ...(await concurrent(target, config, config.hostCommands)) };
  return Object.fromEntries(Object.entries(result).map(([key, value]) => [`host.${key}`, value]));
};

/** The host's execute as the ledger grows (prefixed `host.`, beside hostCommands' rows). */
const hostVolumeRows = async (session: Session, config: ScenarioConfig): Promise<ScenarioResult> =>
  Object.fromEntries(Object.entries(await hostVolume(session, config)).map(([key, value]) => [`host.${key}`, value]));

const onTarget =
  (scenario: (target: LedgerTarget, config: ScenarioConfig) => Promise<ScenarioResult>) =>
  (session: Session, config: ScenarioConfig) =>
    scenario(session.target, config);

const scenarios = {
  sequential: onTarget((target, config) => sequential(target, config)),
  concurrent: onTarget((target, config) => concurrent(target, config)),
  volume: onTarget(volume),
  hostCommands,
  hostVolume: hostVolumeRows,
} as const;

async function main(): Promise<void> {
  const [kind, name, configJson] = process.argv.slice(2) as [TargetKind, keyof typeof scenarios, string];
  const dataDir = mkdtempSync(join(tmpdir(), `fidelis-bench-${kind}-`));
  const session: Session = { target: await openTarget(kind, dataDir), dataDir };
  try {
    const result = await scenarios[name](session, JSON.parse(configJson) as ScenarioConfig);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await session.target.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
