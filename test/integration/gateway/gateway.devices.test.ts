// Devices on a running gateway: added, listed and revoked while it runs; a revoked device is refused and stores nothing.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../../main/sync/gatewayClient.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { commitOf, opened, signedFetch } from '../../support/gatewayFixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const ADMIN = 'operator-token-for-tests-0123456789';

describe('devices on a running gateway', () => {
  it('adds, lists and revokes through the operator routes; the revoked device gets 401 and nothing it pushes is stored', async () => {
    const gateway = await startTestGateway(db, { adminToken: ADMIN });
    const admin = (path: string, init: RequestInit = {}, token = ADMIN) =>
      fetch(`${gateway.url}${path}`, { ...init, headers: { 'x-fidelis-admin-token': token, 'content-type': 'application/json' } });
    expect((await admin('/admin/devices', {}, 'not-the-operator-token-at-all-00000')).status).toBe(401);
    const added = (await (await admin('/admin/devices', { method: 'POST', body: JSON.stringify({ branchId: 'BR001' }) })).json()) as { deviceId: string; secret: string; branchId: string };
    expect(added.branchId).toBe('BR001');
    const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: added.deviceId, secret: added.secret });
    expect((await client.push([commitOf('account-D1', 0, [opened('D1')])])).results[0]!.status).toBe('accepted');

    const listed = (await (await admin('/admin/devices')).json()) as { devices: { deviceId: string; revokedAt: string | null; secret?: string }[] };
    expect(listed.devices).toEqual([expect.objectContaining({ deviceId: added.deviceId, branchId: 'BR001', revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(added.secret);

    expect((await admin(`/admin/devices/${added.deviceId}/revoke`, { method: 'POST', body: '{}' })).status).toBe(200);
    await expect(client.push([commitOf('account-D2', 0, [opened('D2')])])).rejects.toMatchObject({ status: 401 });
    await expect(client.pull(0, 10)).rejects.toMatchObject({ status: 401 });
    const other = await gateway.addDevice('BR001');
    expect(((await signedFetch(gateway.url, other, 'GET', '/v1/pull?after=0&limit=10')).json as { events: { event: { streamId: string } }[] }).events.map((e) => e.event.streamId)).toEqual(['account-D1']);
    expect((await gateway.listDevices()).find((d) => d.deviceId === added.deviceId)?.revokedAt).toEqual(expect.any(String));
    expect((await admin('/admin/devices/no-such-device/revoke', { method: 'POST', body: '{}' })).status).toBe(404);
    await gateway.close();
  });

  it('answers 404 to the operator routes of a gateway started without an operator token', async () => {
    const gateway = await startTestGateway(db);
    expect((await fetch(`${gateway.url}/admin/devices`, { headers: { 'x-fidelis-admin-token': '' } })).status).toBe(404);
    await gateway.close();
  });

  it('stores device secrets sealed under the gateway key: the database holds no secret, and a gateway on it without the key cannot check a signature', async () => {
    const key = randomBytes(32);
    const gateway = await startTestGateway(db, { secretKey: key });
    const device = await gateway.addDevice('BR001');
    const rows = await db.database.query<{ secret: string }>(`SELECT secret FROM ${gateway.schema}.devices WHERE device_id = $1`, [device.deviceId]);
    expect(rows[0]!.secret).not.toContain(device.secret);
    expect(rows[0]!.secret).toMatch(/^aes256gcm:/);
    expect((await signedFetch(gateway.url, device, 'GET', '/v1/pull?after=0&limit=1')).status).toBe(200);
    await gateway.close();

    // The same database under a gateway without the key (a stolen copy): nobody's request verifies.
    const copy = await startTestGateway(db, { schema: gateway.schema });
    expect((await signedFetch(copy.url, device, 'GET', '/v1/pull?after=0&limit=1')).status).toBe(500);
    await copy.close();
    const again = await startTestGateway(db, { schema: gateway.schema, secretKey: key });
    expect((await signedFetch(again.url, device, 'GET', '/v1/pull?after=0&limit=1')).status).toBe(200);
    await again.close();
  });
});
