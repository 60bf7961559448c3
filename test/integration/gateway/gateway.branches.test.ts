// Branches cannot block each other at the gateway, and a signed request cannot be replayed inside its window.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '@fidelis/shared/sync/protocol.js';
import { createGatewayClient } from '../../../main/sync/gatewayClient.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { commitOf, deposited, opened, signedFetch } from '../../support/gatewayFixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('branches at one gateway', () => {
  it('lets a BR002 device that wrote an id first neither stop nor change BR001’s pushes', async () => {
    const gateway = await startTestGateway(db);
    const [br1, br2] = [await gateway.addDevice('BR001'), await gateway.addDevice('BR002')];
    const client1 = createGatewayClient({ gatewayUrl: gateway.url, deviceId: br1.deviceId, secret: br1.secret });
    const client2 = createGatewayClient({ gatewayUrl: gateway.url, deviceId: br2.deviceId, secret: br2.secret });
    // BR002 takes the ids BR001 is about to use: a stream, and (replaying what it could learn) an event id.
    const squat = commitOf('account-NEWHIRE', 0, [opened('NEWHIRE')], 'BR002');
    expect((await client2.push([squat])).results[0]!.status).toBe('accepted');

    const mine = commitOf('account-NEWHIRE', 0, [opened('NEWHIRE', '50')], 'BR001');
    const sameId = { ...commitOf('account-OTHER', 0, [opened('OTHER')], 'BR001') };
    const reused = { ...sameId, events: sameId.events.map((e) => ({ ...e, id: squat.events[0]!.id })) };
    const unrelated = commitOf('account-UNRELATED', 0, [opened('UNRELATED')], 'BR001');
    const { results } = await client1.push([mine, reused, unrelated]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect((await client1.push([commitOf('account-NEWHIRE', 1, [deposited('NEWHIRE', '5')], 'BR001')])).results[0]!.status).toBe('accepted');

    const pulled1 = (await client1.pull(0, 100)).events;
    expect(pulled1.map((e) => e.event.streamId)).toEqual(['account-NEWHIRE', 'account-OTHER', 'account-UNRELATED', 'account-NEWHIRE']);
    expect(pulled1[0]!.event.data).toMatchObject({ openingDeposit: '50' });
    const pulled2 = (await client2.pull(0, 100)).events;
    expect(pulled2.map((e) => [e.event.streamId, e.event.meta.branchId])).toEqual([['account-NEWHIRE', 'BR002']]);
    const heads1 = (await signedFetch(gateway.url, br1, 'GET', '/v1/streams')).json as { streams: { streamId: string; version: number }[] };
    expect(heads1.streams.find((s) => s.streamId === 'account-NEWHIRE')?.version).toBe(1);
    await gateway.close();
  });

  it('refuses a commit of another branch on its own, counted by code, and stores the rest of the push', async () => {
    const gateway = await startTestGateway(db);
    const device = await gateway.addDevice('BR001');
    const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
    const { results } = await client.push([commitOf('account-F1', 0, [opened('F1')], 'BR002'), commitOf('account-F2', 0, [opened('F2')])]);
    expect(results.map((r) => (r.status === 'rejected' ? r.reason.code : r.status))).toEqual(['FORGED_BRANCH', 'accepted']);
    expect((await client.pull(0, 10)).events.map((e) => e.event.streamId)).toEqual(['account-F2']);
    expect(await gateway.metrics.registry.metrics()).toMatch(/code="FORGED_BRANCH"[^\n]* 1/);
    await gateway.close();
  });

  it('refuses a signed request replayed inside the window, and stores nothing from it', async () => {
    const gateway = await startTestGateway(db);
    const device = await gateway.addDevice('BR001');
    const body = JSON.stringify({ commits: [commitOf('account-R1', 0, [opened('R1')])] });
    const nonce = 'replayed-nonce-0123456789';
    const timestamp = Date.now();
    const first = await signedFetch(gateway.url, device, 'POST', '/v1/push', body, { nonce, timestamp });
    expect((first.json as PushResponse).results[0]!.status).toBe('accepted');
    const again = await signedFetch(gateway.url, device, 'POST', '/v1/push', body, { nonce, timestamp });
    expect(again).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHORIZED' } } });
    // A pull replayed is refused too; a fresh nonce goes through.
    const pull = await signedFetch(gateway.url, device, 'GET', '/v1/pull?after=0&limit=10', undefined, { nonce: 'pull-nonce-0123456789', timestamp });
    expect(pull.status).toBe(200);
    expect((await signedFetch(gateway.url, device, 'GET', '/v1/pull?after=0&limit=10', undefined, { nonce: 'pull-nonce-0123456789', timestamp })).status).toBe(401);
    expect((await signedFetch(gateway.url, device, 'GET', '/v1/pull?after=0&limit=10')).json).toMatchObject({ events: [{ event: { streamId: 'account-R1' } }] });
    await gateway.close();
  });
});
