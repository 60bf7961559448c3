/**
 * `npx tsx bench/snapshots.ts [--events 100000] [--per-commit 1000] [--newer 100] [--disk]`: loading one account of
 * N events by full replay versus from a snapshot (with none or a few newer events), on the in-memory store or,
 * with --disk, the on-disk one in a fresh temp dir. Prints a table of median times over a few runs.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { accountSlice } from '../main/accounts/accountSlice.js';
import { foldEvents, loadAggregate, snapshotOf } from '../main/ledger/loadAggregate.js';
import { createSnapshotStore } from '../main/ledger/snapshots.js';
import { silentLogger } from '../main/log.js';
import { createEventStore, type EventStore } from '../main/store/eventStore.js';
import { inMemoryIndexedDb } from '../main/store/indexedDb/inMemory.js';
import { onDiskIndexedDb } from '../main/store/indexedDb/onDisk.js';
import { openLedgerDatabase } from '../main/store/ledgerDatabase.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    'per-commit': { type: 'string', default: '1000' },
    newer: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    disk: { type: 'boolean', default: false },
  },
});
const total = Number(values.events);
const perCommit = Number(values['per-commit']);
const newer = Number(values.newer);
const runs = Number(values.runs);

const registry = createLedgerEventRegistry();
const meta = { commandId: 'seed', correlationId: 'seed', causationId: 'seed', actor: 'bench', deviceId: 'bench', branchId: 'BR001' };
const occurredAt = new Date().toISOString();

async function appendDeposits(store: EventStore, count: number, label: string): Promise<void> {
  for (let done = 0; done < count; ) {
    const size = Math.min(perCommit, count - done);
    const head = await store.streamVersion('account-bench');
    await store.append({
      streamId: 'account-bench',
      expected: head,
      events: Array.from({ length: size }, () => ({
        ...registry.encode({ type: 'DepositMade', data: { accountId: 'bench', amount: '100', sourceType: 'cash', currency: 'USD' } }),
        occurredAt,
      })),
      meta: { ...meta, commandId: `${label}-${done}` },
      commandHash: `${label}-${done}`,
    });
    done += size;
  }
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const dataDir = values.disk ? mkdtempSync(join(tmpdir(), 'fidelis-bench-snapshots-')) : undefined;
const database = await openLedgerDatabase(dataDir ? onDiskIndexedDb(dataDir) : inMemoryIndexedDb());
try {
  const store = await createEventStore(database.collections.commits);
  const snapshots = createSnapshotStore(database.collections.snapshots, { snapshotThreshold: Number.MAX_SAFE_INTEGER, snapshotThresholds: {} }, silentLogger());
  const seeding = performance.now();
  await store.append({
    streamId: 'account-bench',
    expected: 'no-stream',
    events: [{ ...registry.encode({ type: 'AccountOpened', data: { accountId: 'bench', number: 'B-1', holder: 'Bench', owners: ['acct-bench'], currency: 'USD', openingDeposit: '0', openingDepositSource: 'cash', overdraftLimit: '0' } }), occurredAt }],
    meta,
    commandHash: 'open',
  });
  await appendDeposits(store, total - 1, 'seed');
  const seedMs = performance.now() - seeding;

  const rows: [string, number, number][] = [];
  const measure = async (label: string, load: () => Promise<{ events: readonly unknown[] }>) => {
    let replayed = 0;
    const ms = await median(async () => {
      replayed = (await load()).events.length;
    });
    rows.push([label, ms, replayed]);
  };

  const all = await store.readStream('account-bench');
  const foldOnly = await median(async () => foldEvents(registry, accountSlice, all));
  await measure(`full replay of ${total} events`, () => loadAggregate(store, registry, accountSlice, 'bench'));
  const full = await loadAggregate(store, registry, accountSlice, 'bench');
  await snapshots.save(snapshotOf(accountSlice, 'account-bench', full, full.events.at(-1)!.recordedAt));
  await measure('from a snapshot at the head', () => loadAggregate(store, registry, accountSlice, 'bench', {}, snapshots));
  await appendDeposits(store, newer, 'newer');
  await measure(`from a snapshot + ${newer} newer events`, () => loadAggregate(store, registry, accountSlice, 'bench', {}, snapshots));
  await measure(`full replay of ${total + newer} events (for comparison)`, () => loadAggregate(store, registry, accountSlice, 'bench'));

  const baseline = rows[0]![1];
  process.stdout.write(
    [
      `store: ${dataDir ? `on disk (${dataDir})` : 'in memory (fake-indexeddb)'}; ${total} events seeded in ${(seedMs / 1000).toFixed(1)} s, ${perCommit} per commit; median of ${runs} runs`,
      '',
      '| load | ms | events replayed | speed-up vs full replay |',
      '|---|---:|---:|---:|',
      ...rows.map(([label, ms, replayed]) => `| ${label} | ${ms.toFixed(1)} | ${replayed} | ${(baseline / ms).toFixed(1)}× |`),
      `| fold only (no store read), ${total} events | ${foldOnly.toFixed(1)} | ${total} | |`,
      '',
    ].join('\n'),
  );
} finally {
  await database.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
