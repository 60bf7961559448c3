/**
 * The hash chain through the real components: commits written by the host carry the chain the gateway computes,
 * `host.verify()` finds them intact and names a changed, unhashed or removed commit; report manifests pin the ledger
 * head; the gateway refuses a pushed commit whose chain is not its own (CHAIN_BROKEN) and hands its hashes to pulls;
 * two synced workstations keep intact chains through a rebase.
 */

import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import { chainHash as gatewayChainHash, contentHashOf as gatewayContentHash } from '../../../gateway/hashing.js';
import { createApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { chainEvents } from '../../../main/integrity/chainHash.js';
import { ledgerHeadAt, verifyLedger } from '../../../main/integrity/ledgerVerify.js';
import type { ReportManifest } from '../../../main/reports/reports.js';
import { commitId, type CommitDocument } from '../../../main/store/commitSchema.js';
import { createEventStore, type EventStore } from '../../../main/store/eventStore.js';
import { inMemoryIndexedDb } from '../../../main/store/indexedDb/inMemory.js';
import { openLedgerDatabase, type LedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { createGatewayClient } from '../../../main/sync/gatewayClient.js';
import { commitOf, deposited, opened } from '../../support/gatewayFixtures.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { appendRequest } from '../../support/storeFixtures.js';
import { workstation, type Workstation } from '../../support/syncWorkstations.js';
import { makeTempDir } from '../../support/tempDir.js';
import { resultOf, staffConnections, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import type { LedgerVerificationResult } from '@fidelis/shared/operations/api.js';

const hosts: Host[] = [];
const databases: LedgerDatabase[] = [];
const dir = makeTempDir('fidelis-chain-reports-');
// About 14 RxDB collections may be open per process: each test closes what it opened.
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  for (const database of databases.splice(0)) await database.close();
});
afterAll(() => dir.remove());

async function memoryHost(): Promise<Host> {
  const host = await createHost({ inMemory: true, clock: () => new Date('2026-03-02T10:00:00.000Z'), settings: TEST_STAFF_SETTINGS });
  hosts.push(host);
  return host;
}

async function memoryStore(): Promise<{ store: EventStore; commits: LedgerDatabase['collections']['commits'] }> {
  const database = await openLedgerDatabase(inMemoryIndexedDb());
  databases.push(database);
  return { store: await createEventStore(database.collections.commits), commits: database.collections.commits };
}

async function allCommits(store: EventStore): Promise<CommitDocument[]> {
  return store.readCommits(0, 100_000);
}

describe('commits written through the host', () => {
  it('carry the stream’s rolling hash as the gateway computes it, and verify clean', async () => {
    const host = await memoryHost();
    await host.execute({ type: 'OpenAccount', accountId: 'c1', number: 'C-1', holder: 'Ada', openingDeposit: '100.00' });
    await host.execute({ type: 'MakeDeposit', accountId: 'c1', amount: '50.00', sourceType: 'cash' });
    await host.execute({ type: 'MakeWithdrawal', accountId: 'c1', amount: '30.00' });
    await host.execute({ type: 'OpenAccount', accountId: 'c2', number: 'C-2', holder: 'Bob', openingDeposit: '10.00' });

    const commits = (await allCommits(host.store)).filter((c) => c.streamId === 'account-c1');
    expect(commits).toHaveLength(3);
    // The gateway's own definition, event by event from '' before version 0.
    const events = await host.readStream('account-c1');
    let rolling = '';
    const perEvent = events.map((e) => (rolling = gatewayChainHash(rolling, gatewayContentHash(e))));
    expect(commits.map((c) => c.hash)).toEqual(perEvent);

    const report = await host.verify();
    expect(report).toMatchObject({ ok: true, breaks: 0, firstBreak: null, headSeq: host.store.headSeq() });
    expect(report.commits).toBeGreaterThanOrEqual(4);
    expect(report.ledgerHeadHash).toBe((await ledgerHeadAt(host.store, host.store.headSeq())).hash);
  });

  it('name the first broken link: content changed, hash missing, commit removed', async () => {
    const { store, commits } = await memoryStore();
    for (let i = 0; i < 4; i++) await store.append(appendRequest('test-a', i === 0 ? 'no-stream' : i - 1));
    await store.append(appendRequest('test-b', 'no-stream', 2));
    expect(await verifyLedger(store)).toMatchObject({ ok: true, commits: 5, events: 6, streams: 2 });

    // An edited payload: the stored hash no longer matches the content.
    const second = await commits.findOne(commitId('test-a', 1)).exec();
    const original = second!.toMutableJSON();
    await second!.incrementalPatch({ events: [{ ...original.events[0]!, data: { label: 'forged', index: 0 } }] });
    const changed = await verifyLedger(store);
    expect(changed.firstBreak).toMatchObject({ kind: 'content-changed', streamId: 'test-a', version: 1, commitId: commitId('test-a', 1), seq: original.lastSeq, found: original.hash });
    expect(changed.breaks).toBe(1);

    // A commit without its hash.
    const b = await commits.findOne(commitId('test-b', 0)).exec();
    await b!.incrementalModify((doc) => {
      delete doc.hash;
      return doc;
    });
    const unhashed = await verifyLedger(store);
    expect(unhashed.firstBreak).toMatchObject({ kind: 'content-changed', streamId: 'test-a' });
    expect(unhashed.breaks).toBe(2);

    // A removed commit in the middle of a stream: named even once the edit above is undone.
    await (await commits.findOne(commitId('test-a', 1)).exec())!.incrementalPatch({ events: original.events });
    await (await commits.findOne(commitId('test-a', 2)).exec())!.remove();
    const removed = await verifyLedger(store);
    expect(removed.firstBreak).toMatchObject({ kind: 'commit-removed', streamId: 'test-a', version: 2, commitId: commitId('test-a', 2), expected: 'version 2' });
    expect(removed.breaks).toBe(2);
    expect((await verifyLedger(store, undefined, 1)).firstBreak).toEqual(removed.firstBreak);
  });
});

describe('commits pulled by sync', () => {
  it('are chained onto the local stream, and a gateway hash that differs is reported, not stored', async () => {
    const { store } = await memoryStore();
    await store.append(appendRequest('test-s', 'no-stream'));
    const [local] = await allCommits(store);
    const remoteEvent = { ...local!.events[0]!, id: '01REMOTE', version: 1, seq: 0, gpos: 2 };
    const expected = chainEvents(local!.hash!, [remoteEvent]);
    const agreed = await store.applyRemote({ supersede: [], commits: [{ streamId: 'test-s', version: 1, commandId: 'r1', commandHash: 'h', events: [remoteEvent], hash: expected }] });
    expect(agreed.chainMismatches).toEqual([]);

    const next = { ...remoteEvent, id: '01REMOTE2', version: 2, gpos: 3 };
    const differing = await store.applyRemote({ supersede: [], commits: [{ streamId: 'test-s', version: 2, commandId: 'r2', commandHash: 'h', events: [next], hash: 'f'.repeat(64) }] });
    const chained = chainEvents(expected, [next]);
    expect(differing.chainMismatches).toEqual([{ streamId: 'test-s', version: 2, local: chained, gateway: 'f'.repeat(64) }]);
    expect((await allCommits(store)).map((c) => c.hash)).toEqual([local!.hash, expected, chained]);
    expect(await verifyLedger(store)).toMatchObject({ ok: true, commits: 3 });
  });
});

describe('the API', () => {
  it('lets Operations verify the ledger (ops.verify), and nobody without the operations permission', async () => {
    const host = await memoryHost();
    await host.execute({ type: 'OpenAccount', accountId: 'v1', number: 'V-1', holder: 'Ada', openingDeposit: '1.00' });
    const staff = await staffConnections(host, createApiRouter(host));
    const result = resultOf<LedgerVerificationResult>(await staff.admin.call('ops.verify', {}));
    expect(result).toMatchObject({ ok: true, breaks: 0, firstBreak: null });
    expect(result.ledgerHeadHash).toMatch(/^[0-9a-f]{64}$/);
    const refused = await staff.teller.call('ops.verify', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('report manifests', () => {
  it('record the ledger head hash at the cut-off, which changes when the ledger does', async () => {
    const host = await memoryHost();
    await host.execute({ type: 'OpenAccount', accountId: 'r1', number: 'R-1', holder: 'Ada', openingDeposit: '100.00' });
    // Handlers may still record facts of their own: the ledger is still before the first export.
    await host.processing.settle();
    const exportTrialBalance = (name: string) => host.reports.export({ kind: 'trial-balance', format: 'csv', date: '2026-03-02', out: dir.join(name) });
    const first = await exportTrialBalance('tb1.csv');
    expect(first.ledgerHeadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.asOf.lastEventSeq).toBe(host.store.headSeq());
    expect(first.ledgerHeadHash).toBe((await host.verify()).ledgerHeadHash);
    const onDisk = JSON.parse(readFileSync(dir.join('tb1.csv.manifest.json'), 'utf8')) as ReportManifest;
    expect(onDisk.ledgerHeadHash).toBe(first.ledgerHeadHash);

    const same = await exportTrialBalance('tb2.csv');
    expect(same.ledgerHeadHash).toBe(first.ledgerHeadHash);

    await host.execute({ type: 'MakeDeposit', accountId: 'r1', amount: '5.00', sourceType: 'cash' });
    await host.processing.settle();
    const after = await exportTrialBalance('tb3.csv');
    expect(after.asOf.lastEventSeq).toBeGreaterThan(first.asOf.lastEventSeq);
    expect(after.ledgerHeadHash).not.toBe(first.ledgerHeadHash);
    // As of the first cut-off, the ledger is what it was then.
    expect((await ledgerHeadAt(host.store, first.asOf.lastEventSeq)).hash).toBe(first.ledgerHeadHash);
  });
});

describe('the gateway and the chain', () => {
  let db: TestDatabase;
  let gateway: Gateway | undefined;
  const stations: Workstation[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    for (const ws of stations.splice(0)) await ws.host.close();
    await gateway?.close();
    gateway = undefined;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('refuses a pushed commit whose chain hash is not its own with CHAIN_BROKEN, storing nothing; accepts the right one and pulls it with its hash', async () => {
    gateway = await startTestGateway(db);
    const device = await gateway.addDevice('BR001');
    const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
    const open = commitOf('account-H1', 0, [opened('H1')]);
    const openHash = chainEvents('', open.events);
    expect((await client.push([{ ...open, hash: openHash }])).results[0]).toMatchObject({ status: 'accepted' });

    const deposit = commitOf('account-H1', 1, [deposited('H1', '500'), deposited('H1', '700')]);
    // Chained from another history of the stream (as if this device's version 0 had been altered).
    const forged = { ...deposit, hash: chainEvents(chainEvents('', [{ ...open.events[0]!, data: { ...open.events[0]!.data, openingDeposit: '1' } }]), deposit.events) };
    const refused = await client.push([forged]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'CHAIN_BROKEN' } });
    const reason = (refused.results[0] as { reason: { message: string } }).reason.message;
    expect(reason).toContain('account-H1');
    expect(reason).toContain('version 1');
    expect(await client.streamHeads()).toEqual([{ streamId: 'account-H1', version: 0, hash: openHash }]);
    expect((await client.pull(0, 100)).events).toHaveLength(1);

    const depositHash = chainEvents(openHash, deposit.events);
    expect((await client.push([{ ...deposit, hash: depositHash }])).results[0]).toMatchObject({ status: 'accepted' });
    // A device from before the hash chain sends none: only the domain rules apply.
    expect((await client.push([commitOf('account-H2', 0, [opened('H2')])])).results[0]).toMatchObject({ status: 'accepted' });
    const pulled = (await client.pull(0, 100)).events;
    expect(pulled.filter((e) => e.event.streamId === 'account-H1').map((e) => e.hash)).toEqual([openHash, chainEvents(openHash, deposit.events.slice(0, 1)), depositHash]);
  });

  it('keeps both workstations’ chains intact and equal to the gateway’s through a rebase', async () => {
    gateway = await startTestGateway(db);
    const a = await workstation('chain-a', gateway, gateway.url);
    const b = await workstation('chain-b', gateway, gateway.url);
    stations.push(a, b);
    const { aggregateId: id } = await a.host.execute({ type: 'OpenAccount', accountId: 'S1', number: 'S-1', holder: 'Grace', openingDeposit: '100.00' });
    await a.host.sync.syncNow();
    await b.host.sync.syncNow();
    // Both post offline at the same version: b's is rebased after a's.
    await a.host.execute({ type: 'MakeDeposit', accountId: id, amount: '10.00', sourceType: 'cash' });
    await b.host.execute({ type: 'MakeDeposit', accountId: id, amount: '20.00', sourceType: 'cash' });
    await a.host.sync.syncNow();
    const reportB = await b.host.sync.syncNow();
    await a.host.sync.syncNow();
    expect(reportB).toMatchObject({ rebased: 1, diverged: 0 });

    for (const host of [a.host, b.host]) expect(await host.verify()).toMatchObject({ ok: true, breaks: 0 });
    const device = await gateway.addDevice('BR001');
    const heads = await createGatewayClient({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret }).streamHeads();
    const gatewayHead = heads.find((h) => h.streamId === `account-${id}`)!;
    for (const host of [a.host, b.host]) {
      const last = (await allCommits(host.store)).filter((c) => c.streamId === `account-${id}`).at(-1)!;
      expect({ version: last.version + last.events.length - 1, hash: last.hash }).toEqual({ version: gatewayHead.version, hash: gatewayHead.hash });
    }
  });
});
