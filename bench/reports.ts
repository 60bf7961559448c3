/**
 * `npx tsx bench/reports.ts [--events 100000] [--accounts 500] [--store memory|disk]`: a year of branch activity
 * (deposits cash/wire, withdrawals cash/transfer) spread evenly over 2025, then in the same run: the store's raw full
 * scan rate, the CTR over the year and over its last day (CSV), and the trial balance over the year (CSV), with the
 * heap after each. Every report scans from the first event (as-of cut-off), so the raw scan is the ceiling.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scanEvents } from '../main/events/scan.js';
import { createHost, type Host } from '../main/host.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_EVENTS ?? '100000' },
    accounts: { type: 'string', default: '500' },
    store: { type: 'string', default: 'memory' },
  },
});

const events = Number(values.events);
const accounts = Number(values.accounts);
const YEAR_START = Date.parse('2025-01-01T00:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;
const dataDir = values.store === 'disk' ? mkdtempSync(join(tmpdir(), 'fidelis-bench-reports-')) : undefined;
const outDir = mkdtempSync(join(tmpdir(), 'fidelis-bench-reports-out-'));
let now = new Date(YEAR_START);
const clock = () => now;
const settings = { factEvents: false };
const open = (): Promise<Host> => (dataDir ? createHost({ dataDir, settings, clock }) : createHost({ inMemory: true, settings, clock }));
const log = (text: string) => process.stderr.write(`${text}\n`);
const rows: [string, string, string][] = [];
const rate = (count: number, ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en')} ev/s`;
const heap = () => `${Math.round(process.memoryUsage().heapUsed / 1_048_576)} MiB heap`;

const host = await open();
try {
  log(`filling ${events} events over 2025 for ${accounts} accounts…`);
  const ids = Array.from({ length: accounts }, (_, i) => `acct-${i}`);
  for (const [i, id] of ids.entries()) await host.execute({ type: 'OpenAccount', accountId: id, number: String(100000 + i), holder: `Customer ${i % Math.ceil(accounts * 0.8)}`, openingDeposit: '1000.00' });
  const versions = new Map(ids.map((id) => [id, 0]));
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const fillStart = performance.now();
  for (let written = accounts; written < events; ) {
    const group = ids.slice(0, Math.min(ids.length, events - written));
    now = new Date(YEAR_START + Math.floor((written / events) * YEAR_MS));
    const occurredAt = now.toISOString();
    await Promise.all(
      group.map((id) => {
        const version = versions.get(id)!;
        versions.set(id, version + 1);
        const roll = random();
        const amount = String(Math.floor(random() * 1_200_000) + 100);
        const event =
          roll < 0.5
            ? { type: 'Fidelis.DepositMade.v3', data: { accountId: id, amount, sourceType: 'cash', currency: 'USD' } }
            : roll < 0.7
              ? { type: 'Fidelis.DepositMade.v3', data: { accountId: id, amount, sourceType: 'wire', currency: 'USD' } }
              : roll < 0.9
                ? { type: 'Fidelis.WithdrawalMade.v1', data: { accountId: id, amount: String(Math.floor(Number(amount) / 4)) } }
                : { type: 'Fidelis.WithdrawalMade.v1', data: { accountId: id, amount: String(Math.floor(Number(amount) / 4)), reference: `transfer:${id}-${version}` } };
        return host.store.append({
          streamId: `account-${id}`,
          expected: version,
          events: [{ ...event, occurredAt }],
          meta: { commandId: `fill-${id}-${version}`, correlationId: 'fill', causationId: 'fill', actor: 'bench', deviceId: 'bench', branchId: 'BR001' },
          commandHash: `fill-${id}-${version}`,
        });
      }),
    );
    written += group.length;
    if (written % 100_000 < group.length) log(`  ${written} events`);
  }
  rows.push(['fill', `${events} events`, rate(events - accounts, performance.now() - fillStart)]);
  // The background subscribers (journal, alerts…) catch up first, so they do not compete with the measured scans.
  await host.processing.settle();
  now = new Date(YEAR_START + YEAR_MS + 86_400_000);

  let scanned = 0;
  const scanStart = performance.now();
  for await (const _ of scanEvents(host.store)) scanned += 1;
  rows.push(['raw store scan (readAll pages of 1000)', `${scanned} events`, rate(scanned, performance.now() - scanStart)]);

  const timed = async (label: string, request: Record<string, unknown>) => {
    const started = performance.now();
    const manifest = await host.reports.export({ format: 'csv', ...request, out: join(outDir, `${label.replace(/\W+/g, '-')}.csv`) });
    const ms = performance.now() - started;
    rows.push([label, `${manifest.eventsRead} events read, ${Object.entries(manifest.rowCounts).map(([s, n]) => `${n} ${s}`).join(', ')}; ${heap()}`, `${rate(manifest.eventsRead, ms)} (${Math.round(ms)} ms)`]);
  };
  await timed('CTR, year 2025', { kind: 'ctr', from: '2025-01-01', to: '2025-12-31' });
  await timed('CTR, 2025-12-31', { kind: 'ctr', date: '2025-12-31' });
  await timed('trial balance + journal, year 2025', { kind: 'trial-balance', from: '2025-01-01', to: '2025-12-31' });
} finally {
  await host.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`reports bench (${values.store} store, ${events} events, ${accounts} accounts)\n`);
for (const [name, detail, figure] of rows) process.stdout.write(`${name.padEnd(width)}  ${figure.padStart(26)}  ${detail}\n`);
