/** Sync under faults: a gateway killed mid-push, dropped connections, a slow link, wrong credentials; and volume. */

import { describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../../main/sync/gatewayClient.js';
import type { Host } from '../../../main/host.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import type { Gateway } from '../../../gateway/server.js';
import { startTcpProxy } from '../../support/tcpProxy.js';
import { streamFacts, useTestGateway, workstation } from '../../support/syncWorkstations.js';

const testGateway = useTestGateway();

/** A TCP proxy in front of the gateway, closed after the test (after its workstations). */
async function proxyTo(port: number) {
  const proxy = await startTcpProxy({ host: '127.0.0.1', port });
  testGateway.closeAfter(() => proxy.close());
  return proxy;
}

async function postOffline(host: Host, accounts: number, depositsEach: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < accounts; i++) ids.push((await host.execute({ type: 'OpenAccount', number: `F${i}`, holder: 'Fault Test', openingDeposit: '1.00' })).aggregateId);
  await Promise.all(ids.map(async (id) => {
    for (let d = 0; d < depositsEach; d++) await host.execute({ type: 'MakeDeposit', accountId: id, amount: '0.50' });
  }));
  return ids;
}

/** Every account event the gateway holds for the branch, in position order, read with a device of its own. */
async function gatewayEvents(gw: Gateway) {
  const device = await gw.addDevice('BR001');
  const client = createGatewayClient({ gatewayUrl: gw.url, deviceId: device.deviceId, secret: device.secret });
  const out: { gpos: number; id: string; streamId: string }[] = [];
  for (let after = 0; ; ) {
    const page = await client.pull(after, 5000);
    out.push(...page.events.map((e) => ({ gpos: e.gpos, id: e.event.id, streamId: e.event.streamId })));
    if (page.checkpoint >= page.head) return out;
    after = page.checkpoint;
  }
}

async function expectNothingLostOrDuplicated(host: Host, ids: readonly string[], gw: Gateway) {
  const held = await gatewayEvents(gw);
  expect(new Set(held.map((e) => e.id)).size).toBe(held.length);
  for (const id of ids) {
    const local = await streamFacts(host, `account-${id}`);
    expect(held.filter((e) => e.streamId === `account-${id}`).map((e) => e.id)).toEqual(local.map((e) => e.id));
  }
  expect((await host.sync.status()).pendingEvents).toBe(0);
}

describe('sync under faults', () => {
  it('loses and duplicates nothing when the gateway is killed mid-push and restarted', async () => {
    let gateway = await testGateway.start();
    const port = gateway.port;
    const proxy = await proxyTo(port);
    const [ws] = testGateway.keep(await workstation('ws-kill', gateway, proxy.url));
    const ids = await postOffline(ws.host, 5, 8);
    proxy.setLatency(150);
    const first = ws.host.sync.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await gateway.close();
    await expect(first).rejects.toMatchObject({ code: 'SYNC_UNAVAILABLE' });
    expect((await ws.host.sync.status()).online).toBe(false);

    gateway = await testGateway.start({ schema: gateway.schema, port });
    proxy.setLatency(0);
    await ws.host.sync.syncNow();
    await expectNothingLostOrDuplicated(ws.host, ids, gateway);
  });

  it('treats a push whose answer was lost as delivered: the retry is recognised, not stored twice', async () => {
    const gateway = await testGateway.start();
    const proxy = await proxyTo(gateway.port);
    const [ws] = testGateway.keep(await workstation('ws-drop', gateway, proxy.url));
    const ids = await postOffline(ws.host, 3, 5);
    proxy.setLatency(300);
    const first = ws.host.sync.syncNow();
    // Wait until the gateway stored the push (3 openings, their 3 number reservations, 12 deposits), then cut the line
    // before its answer arrives.
    await expect.poll(async () => (await (await fetch(`${gateway.url}/metrics`)).text()).match(/fidelis_gateway_events_accepted_total (\d+)/)?.[1], { timeout: 10_000, interval: 20 }).toBe('21');
    proxy.dropAll();
    await expect(first).rejects.toMatchObject({ code: 'SYNC_UNAVAILABLE' });
    proxy.setLatency(0);
    await ws.host.sync.syncNow();
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/fidelis_gateway_events_accepted_total 21\b/);
    await expectNothingLostOrDuplicated(ws.host, ids, gateway);
  });

  it('keeps going over a slow link and reconnects its live stream after the connection drops', async () => {
    const gateway = await testGateway.start();
    const proxy = await proxyTo(gateway.port);
    const [a, b] = testGateway.keep(await workstation('ws-slow', gateway, proxy.url), await workstation('ws-peer', gateway, gateway.url));
    proxy.setLatency(100);
    await a.host.sync.start();
    const { aggregateId: id } = await b.host.execute({ type: 'OpenAccount', number: 'S1', holder: 'Slow Link', openingDeposit: '5.00' });
    await b.host.sync.syncNow();
    await expect.poll(async () => (await a.host.getAccount(id))?.balance, { timeout: 15_000 }).toBe('5.00');
    proxy.dropAll();
    await b.host.execute({ type: 'MakeDeposit', accountId: id, amount: '1.00' });
    await b.host.sync.syncNow();
    await expect.poll(async () => (await a.host.getAccount(id))?.balance, { timeout: 20_000 }).toBe('6.00');
  });

  it('keeps the pages a pull cut off mid-way applied, and the next pass goes on after them: nothing applied twice', async () => {
    const gateway = await testGateway.start();
    const [a] = testGateway.keep(await workstation('ws-source', gateway, gateway.url));
    const ids = await postOffline(a.host, 10, 5);
    await a.host.sync.syncNow();
    const total = (await gatewayEvents(gateway)).length;
    const proxy = await proxyTo(gateway.port);
    // Pages of 5 over a slow line: the next page is on its way while one is applied, so the cut meets one in flight.
    const [b] = testGateway.keep(await workstation('ws-cut', gateway, proxy.url, { pullBatch: 5 }));
    proxy.setLatency(100);
    const first = b.host.sync.syncNow();
    await expect.poll(() => b.host.store.headSeq(), { timeout: 10_000, interval: 10 }).toBeGreaterThan(0);
    proxy.dropAll();
    await expect(first).rejects.toMatchObject({ code: 'SYNC_UNAVAILABLE' });
    const pulledBefore = (await b.host.store.readAll(0, 10_000)).filter((e) => e.gpos !== null).length;
    expect(pulledBefore).toBeGreaterThan(0);
    expect(pulledBefore).toBeLessThan(total);

    proxy.setLatency(0);
    const second = await b.host.sync.syncNow();
    expect(pulledBefore + second.pulled).toBe(total);
    await expectNothingLostOrDuplicated(b.host, ids, gateway);
  });

  it('refuses to sync with a wrong or missing credential and stores nothing until it is right', async () => {
    const gateway = await testGateway.start();
    const [ws] = testGateway.keep(await workstation('ws-cred', gateway, gateway.url));
    const device = await gateway.addDevice('BR001');
    await ws.host.execute({ type: 'OpenAccount', number: 'C1', holder: 'Credential Test' });
    await ws.host.sync.configure({ deviceId: device.deviceId, secret: 'this-is-not-the-right-secret' });
    await expect(ws.host.sync.syncNow()).rejects.toMatchObject({ code: 'SYNC_UNAVAILABLE', message: expect.stringMatching(/401/) });
    await ws.host.sync.configure({ deviceId: 'unknown-device', secret: device.secret });
    await expect(ws.host.sync.syncNow()).rejects.toMatchObject({ message: expect.stringMatching(/401.*Unknown device/) });
    // The opening and its number's reservation.
    expect(await ws.host.sync.status()).toMatchObject({ online: false, pendingEvents: 2, lastError: expect.stringMatching(/401/) });
    expect(await gatewayEvents(gateway)).toEqual([]);

    await ws.host.sync.configure({ deviceId: device.deviceId, secret: device.secret });
    await ws.host.sync.syncNow();
    expect(await gatewayEvents(gateway)).toHaveLength(2);
  });
});

describe('sync at volume', () => {
  it('pushes a large offline backlog (10,000 events with SYNC_VOLUME_EVENTS) in order, and a fresh workstation pulls the branch history', async () => {
    const gateway = await testGateway.start();
    const [a] = testGateway.keep(await workstation('ws-bulk', gateway, gateway.url));
    const registry = createLedgerEventRegistry();
    // SYNC_VOLUME_EVENTS=10000 is the figure: 123 s on the 2-core CI-class machine (load 3-9; 29 s for 1,000), most
    // of it the in-memory IndexedDB store and the read models of both workstations, not sync round trips (500 commits per
    // push, 1,000 events per pull page). The default run keeps the suite lean with 1,000 — the same code paths, several
    // push batches and pull pages.
    const streams = 50;
    const perStream = Math.max(1, Math.round(Number(process.env.SYNC_VOLUME_EVENTS ?? 1_000) / streams));
    const ids = await Promise.all(Array.from({ length: streams }, async (_, i) => (await a.host.execute({ type: 'OpenAccount', number: `V${i}`, holder: 'Volume' })).aggregateId));
    // Recorded straight into the store (as a bulk import would): 10,000 deposits, 200 per account.
    await Promise.all(
      ids.map(async (id) => {
        for (let v = 1; v <= perStream; v++) {
          const event = registry.encode({ type: 'DepositMade', data: { accountId: id, amount: '100', sourceType: 'cash', currency: 'USD', channel: 'counter' } });
          await a.host.store.append({
            streamId: `account-${id}`,
            expected: v - 1,
            events: [{ ...event, occurredAt: new Date().toISOString() }],
            meta: { commandId: `bulk-${id}-${v}`, correlationId: `bulk-${id}`, causationId: `bulk-${id}`, actor: 'import', deviceId: 'ws-bulk', branchId: 'BR001' },
            commandHash: `bulk-${id}-${v}`,
          });
        }
      }),
    );
    // Per account: its opening, its number's reservation and its deposits.
    expect((await a.host.sync.status()).pendingEvents).toBe(streams * (perStream + 2));
    const report = await a.host.sync.syncNow();
    expect(report.pushed).toBe(streams * (perStream + 2));
    const held = (await gatewayEvents(gateway)).filter((e) => e.streamId.startsWith('account-'));
    const localOrder = (await a.host.store.readAll(0, 100_000)).filter((e) => e.streamId.startsWith('account-')).map((e) => e.id);
    expect(held.map((e) => e.id)).toEqual(localOrder);

    const [fresh] = testGateway.keep(await workstation('ws-fresh', gateway, gateway.url));
    const pulled = await fresh.host.sync.syncNow();
    expect(pulled.pulled).toBe(streams * (perStream + 2));
    for (const id of [ids[0]!, ids[streams - 1]!]) expect(await streamFacts(fresh.host, `account-${id}`)).toEqual(await streamFacts(a.host, `account-${id}`));
    expect((await fresh.host.getAccount(ids[7]!))?.balance).toBe(`${perStream}.00`);
    expect(await fresh.host.sync.verify()).toMatchObject({ checked: 2 * streams, matching: 2 * streams, differing: [] });
  }, 600_000);
});
