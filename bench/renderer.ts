/**
 * `npx tsx bench/renderer.ts [--events 100000] [--accounts 100000] [--runs 5]`: in headless Chromium against browser mode,
 * the time from opening an account screen to its first timeline rows (an account with --events events), and from
 * typing in the accounts search to its results (--accounts accounts). The baseline is the same API query timed in main
 * alone, so the ratio is what the WebSocket, React and the virtual list add. Prints a table; writes JSON to bench/results/.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiRouter, type ApiConnection } from '../main/api/router.js';
import { createHost, type Host } from '../main/host.js';
import { startBrowserServer } from '../main/serve/browserServer.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { launchChromium } from '../test/e2e/support/chromium.js';
import { ensureRendererBuilt, ROOT } from '../test/e2e/support/rendererBuild.js';
import { openSignedIn, TELLER } from '../test/e2e/support/staffSession.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_RENDERER_EVENTS ?? '100000' },
    accounts: { type: 'string', default: process.env.BENCH_RENDERER_ACCOUNTS ?? '100000' },
    runs: { type: 'string', default: '5' },
  },
});
const EVENTS = Number(values.events);
const ACCOUNTS = Number(values.accounts);
const RUNS = Number(values.runs);
const GROUP = 2_000;

const registry = createLedgerEventRegistry();
const meta = (commandId: string): EventMeta => ({ commandId, correlationId: commandId, causationId: commandId, actor: 'bench', deviceId: 'bench-device', branchId: 'BR001' });
const occurredAt = new Date().toISOString();

/** Appends through the store's group commit, a few thousand commands in flight at a time. */
async function seed(host: Host, total: number, makeAppend: (i: number) => { streamId: string; event: { type: string; data: unknown } }, label: string): Promise<void> {
  const started = performance.now();
  for (let from = 0; from < total; from += GROUP) {
    const appends = [];
    for (let i = from; i < Math.min(total, from + GROUP); i++) {
      const { streamId, event } = makeAppend(i);
      appends.push(
        host.store.append({
          streamId,
          expected: 'any',
          events: [{ ...registry.encode(event), occurredAt }],
          meta: meta(`${label}-${i}`),
          commandHash: `${label}-${i}`,
        }),
      );
    }
    await Promise.all(appends);
  }
  process.stderr.write(`seeded ${total} ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

async function timeApi(router: ApiConnection, method: string, input: unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await router.call(method, input);
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    times.push(performance.now() - started);
  }
  return times;
}

ensureRendererBuilt();
const host = await createHost({ inMemory: true });
const router = createApiRouter(host);
await router.ready;
// The API answers signed-in staff only: a first administrator and a teller, who signs in here and in the browser.
const admin = await host.staff.bootstrap({ username: 'bench-admin', displayName: 'Bench Admin', password: 'bench admin only' });
await host.staff.provision(admin, { username: TELLER.username, displayName: TELLER.displayName, roles: TELLER.roles, password: TELLER.password });
const connection = router.connect();
const signedIn = await connection.call('auth.signIn', { username: TELLER.username, password: TELLER.password });
if (!signedIn.ok) throw new Error(JSON.stringify(signedIn.error));

const bigId = 'BIG';
await seed(host, EVENTS, (i) => ({
  streamId: `account-${bigId}`,
  event:
    i === 0
      ? { type: 'AccountOpened', data: { accountId: bigId, number: 'BIG-0001', holder: 'Busy Trader', owners: [`acct-${bigId}`], currency: 'USD', openingDeposit: '100000', openingDepositSource: 'cash', overdraftLimit: '0' } }
      : { type: 'DepositMade', data: { accountId: bigId, amount: String(100 + (i % 997)), sourceType: 'cash', currency: 'USD' } },
}), 'events');
await seed(host, ACCOUNTS, (i) => {
  const id = `A${String(i).padStart(7, '0')}`;
  return { streamId: `account-${id}`, event: { type: 'AccountOpened', data: { accountId: id, number: `N${String(i).padStart(7, '0')}`, holder: `Holder ${i}`, owners: [`acct-${id}`], currency: 'USD', openingDeposit: '1000', openingDepositSource: 'cash', overdraftLimit: '0' } } };
}, 'accounts');
await host.processing.settle();

const server = await startBrowserServer({ router, logger: host.logger, staticDir: join(ROOT, 'out/renderer') });
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
page.setDefaultTimeout(60_000);

// Account screen: from the navigation (hash change in a loaded app) to the first timeline row on screen.
await openSignedIn(page, `${server.url}#/accounts`, TELLER);
await page.locator('#accounts-list [role="row"][aria-rowindex="2"] a').waitFor();
const openTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  await page.evaluate(() => (window.location.hash = '#/accounts'));
  await page.locator('#accounts-list').waitFor();
  const started = performance.now();
  await page.evaluate((id) => (window.location.hash = `#/accounts/${id}`), bigId);
  await page.locator(`[data-version="${EVENTS - 1}"]`).waitFor();
  openTimes.push(performance.now() - started);
}
// Scrolling deep into the timeline: the rows there are fetched on demand.
await page.locator('#timeline-title').scrollIntoViewIfNeeded();
const scroller = page.locator('.table__scroller--tall');
const deepStarted = performance.now();
await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
await page.locator(`[data-version="${Math.floor(EVENTS / 2)}"]`).waitFor();
const deepScroll = performance.now() - deepStarted;

// Accounts search: from typing the text to the result count and its first row.
await page.evaluate(() => (window.location.hash = '#/accounts'));
const search = page.getByLabel('Search by account number or holder');
await search.waitFor();
const searchTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const wanted = `N${String((i * 7919) % ACCOUNTS).padStart(7, '0')}`;
  const started = performance.now();
  await search.fill(wanted);
  await page.locator('#accounts-list [role="row"][aria-rowindex="2"] a', { hasText: wanted }).waitFor();
  searchTimes.push(performance.now() - started);
  await search.fill('');
  await page.locator('#accounts-list [role="row"][aria-rowindex="3"] a').waitFor();
}
const broadStarted = performance.now();
await search.fill('holder 9');
await page.locator('.list-count', { hasText: 'matching “holder 9”' }).waitFor();
const broadSearch = performance.now() - broadStarted;

const timelineApi = await timeApi(connection, 'account.timeline', { accountId: bigId, offset: 0, limit: 100 });
const accountApi = await timeApi(connection, 'account.get', { accountId: bigId });
const searchApi = await timeApi(connection, 'accounts.list', { search: 'N0000042', offset: 0, limit: 100 });
const broadApi = await timeApi(connection, 'accounts.list', { search: 'holder 9', offset: 0, limit: 100 });

await browser.close();
await server.close();
router.close();
await host.close();

const rows = [
  { measure: `open account → first timeline rows (${EVENTS.toLocaleString('en-US')} events)`, median: median(openTimes), max: max(openTimes), baseline: median(timelineApi) + median(accountApi) },
  { measure: 'scroll to the middle of the timeline → rows there', median: deepScroll, max: deepScroll, baseline: median(timelineApi) },
  { measure: `type an account number → its row (${ACCOUNTS.toLocaleString('en-US')} accounts)`, median: median(searchTimes), max: max(searchTimes), baseline: median(searchApi) },
  { measure: 'type "holder 9" → count of ~11% matches', median: broadSearch, max: broadSearch, baseline: median(broadApi) },
];
const table = [
  '| measure | median ms | max ms | API alone in main, ms | ratio |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.measure} | ${r.median.toFixed(0)} | ${r.max.toFixed(0)} | ${r.baseline.toFixed(1)} | ${(r.median / Math.max(0.1, r.baseline)).toFixed(1)}× |`),
].join('\n');
process.stdout.write(`${table}\n`);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, `bench/results/renderer-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ events: EVENTS, accounts: ACCOUNTS, runs: RUNS, rows }, null, 2));
