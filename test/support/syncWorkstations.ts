/** Workstations for sync tests: in-memory hosts of one branch, each configured with its own gateway device. */

import { afterAll, afterEach, beforeAll } from 'vitest';
import { openTestDatabase, startTestGateway, type TestDatabase } from './postgres.js';
import { TEST_STAFF_SETTINGS } from './staffFixtures.js';
import { createHost, type Host } from '../../main/host.js';
import type { Gateway } from '../../gateway/server.js';

export interface Workstation {
  readonly host: Host;
  readonly name: string;
}

export async function workstation(name: string, gateway: Pick<Gateway, 'addDevice'>, url: string, options: { standInLimit?: string; branchId?: string; pullBatch?: number } = {}): Promise<Workstation> {
  const branchId = options.branchId ?? 'BR001';
  const device = await gateway.addDevice(branchId);
  const host = await createHost({
    inMemory: true,
    settings: { branchId, deviceId: name, defaultActor: `teller-${name}`, ...TEST_STAFF_SETTINGS },
    sync: { backoffMs: [20, 200], requestTimeoutMs: 5_000, pushBatch: 500, pullBatch: options.pullBatch ?? 1000 },
  });
  await host.sync.configure({ gatewayUrl: url, deviceId: device.deviceId, secret: device.secret, standInLimit: options.standInLimit ?? '1000000' });
  return { host, name };
}

/** A stream as both sides must agree on it: ids, versions, types and payloads (not local seq). */
export async function streamFacts(host: Host, streamId: string) {
  return (await host.readStream(streamId)).map((e) => ({ id: e.id, version: e.version, type: e.type, data: e.data, commandId: e.meta.commandId }));
}

/** A workstation that joined the branch as a new gateway device (sync join): the branch's staff and ledger pulled. */
export async function joinedWorkstation(gateway: Pick<Gateway, 'addDevice' | 'url'>, options: { branchId?: string } = {}): Promise<Workstation> {
  const device = await gateway.addDevice(options.branchId ?? 'BR001');
  const host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS }, sync: { backoffMs: [20, 200], requestTimeoutMs: 5_000, pushBatch: 500, pullBatch: 1000 } });
  await host.sync.join({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
  await host.processing.settle();
  return { host, name: device.deviceId };
}

/** The usual pair: workstations `ws-a` and `ws-b` of one branch, each its own gateway device. */
export async function twoWorkstations(gateway: Pick<Gateway, 'addDevice' | 'url'>, options: { standInLimit?: string } = {}): Promise<{ a: Workstation; b: Workstation }> {
  const a = await workstation('ws-a', gateway, gateway.url, options);
  const b = await workstation('ws-b', gateway, gateway.url, options);
  return { a, b };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;

/** A test file's gateway lifecycle, from `useTestGateway()`. */
export interface TestGatewayScope {
  /** This test's gateway, on a fresh schema unless `schema` names one (a restart); the last one started is closed after the test. */
  start(options?: Parameters<typeof startTestGateway>[1]): Promise<TestGateway>;
  /** Workstations closed after the test (before the gateway). */
  keep<const T extends readonly Workstation[]>(...workstations: T): T;
  /** Anything else closed after the test (a router, a proxy): what was registered last closes first. */
  closeAfter(close: () => unknown): void;
}

/**
 * Registers the hooks every gateway test file needs: one test database for the file, and after each test everything
 * it kept closed (last kept first), then its gateway.
 */
export function useTestGateway(): TestGatewayScope {
  let db: TestDatabase | undefined;
  let gateway: TestGateway | undefined;
  const closers: (() => unknown)[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await gateway?.close();
    gateway = undefined;
  });
  afterAll(async () => {
    await db?.close();
  });
  return {
    async start(options = {}) {
      if (!db) throw new Error('useTestGateway: start() is for tests; the database opens in beforeAll.');
      gateway = await startTestGateway(db, options);
      return gateway;
    },
    keep(...workstations) {
      for (const ws of workstations) closers.push(() => ws.host.close());
      return workstations;
    },
    closeAfter(close) {
      closers.push(close);
    },
  };
}
