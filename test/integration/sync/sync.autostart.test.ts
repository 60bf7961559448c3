// The app starts the sync loop by itself when sync is configured, and follows the platform's network state.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import { createHost, type Host } from '../../../main/host.js';
import { startSyncIfConfigured } from '../../../main/sync/autoStart.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { workstation } from '../../support/syncWorkstations.js';

let db: TestDatabase;
let gateway: Gateway | undefined;
const hosts: Host[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  await gateway?.close();
  gateway = undefined;
});
afterAll(async () => {
  await db?.close();
});

describe('sync auto-start', () => {
  it('leaves the loop off on a workstation where sync is not configured', async () => {
    const host = await createHost({ inMemory: true });
    hosts.push(host);
    const auto = await startSyncIfConfigured(host.sync, host.logger, { isOnline: () => true });
    expect(auto.started).toBe(false);
    expect(await host.sync.status()).toMatchObject({ configured: false, running: false });
  });

  it('starts a configured workstation syncing, goes offline and back with the network, and stops on shutdown', async () => {
    gateway = await startTestGateway(db);
    const { host } = await workstation('auto-a', gateway, gateway.url);
    hosts.push(host);
    let networkUp = true;
    const auto = await startSyncIfConfigured(host.sync, host.logger, { isOnline: () => networkUp, pollMs: 20 });
    expect(auto.started).toBe(true);
    await host.execute({ type: 'OpenAccount', number: '8001', holder: 'Hedy Lamarr', openingDeposit: '5.00' });
    await expect.poll(async () => host.sync.status(), { timeout: 15_000 }).toMatchObject({ running: true, online: true, pendingEvents: 0 });

    networkUp = false;
    await expect.poll(async () => (await host.sync.status()).online, { timeout: 5_000 }).toBe(false);
    // Work goes on offline; it is pushed once the network is back.
    await host.execute({ type: 'OpenAccount', number: '8002', holder: 'Hedy Lamarr' });
    expect((await host.sync.status()).online).toBe(false);

    networkUp = true;
    await expect.poll(async () => host.sync.status(), { timeout: 15_000 }).toMatchObject({ online: true, pendingEvents: 0 });

    await auto.stop();
    expect(await host.sync.status()).toMatchObject({ running: false, online: false });
  });
});
