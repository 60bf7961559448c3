/** The gateway on PostgreSQL (TEST_DATABASE_URL) or PGlite: push, pull, live stream, domain re-checks and authentication. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '@fidelis/shared/sync/protocol.js';
import { createGatewayClient } from '../../../main/sync/gatewayClient.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { closed, commitOf, deposited, opened, signedFetch, withdrew } from '../../support/gatewayFixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function gatewayWithDevice(branchId = 'BR001') {
  const gateway = await startTestGateway(db);
  const device = await gateway.addDevice(branchId);
  const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
  return { gateway, device, client };
}

describe('gateway push and pull', () => {
  it('stores a branch’s commits with strictly increasing positions and hands them back in order', async () => {
    const { gateway, client } = await gatewayWithDevice();
    const open = commitOf('account-A1', 0, [opened('A1')]);
    const deposit = commitOf('account-A1', 1, [deposited('A1', '500'), deposited('A1', '700')]);
    const other = commitOf('account-B1', 0, [opened('B1')]);
    const { results } = await client.push([open, deposit, other]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(results.flatMap((r) => (r.status === 'accepted' ? r.gpos : []))).toEqual([1, 2, 3, 4]);

    const page1 = await client.pull(0, 3);
    expect(page1.events.map((e) => [e.gpos, e.event.streamId, e.event.version])).toEqual([
      [1, 'account-A1', 0],
      [2, 'account-A1', 1],
      [3, 'account-A1', 2],
    ]);
    expect(page1).toMatchObject({ checkpoint: 3, head: 4 });
    const page2 = await client.pull(page1.checkpoint, 3);
    expect(page2.events.map((e) => e.event.id)).toEqual([other.events[0]!.id]);
    expect(page2.events[0]!.event.data).toEqual(other.events[0]!.data);
    expect(await client.streamHeads()).toEqual([
      { streamId: 'account-A1', version: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { streamId: 'account-B1', version: 0, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    await gateway.close();
  });

  it('treats a push delivered twice as one, and an event id reused with other content as a conflict', async () => {
    const { gateway, client } = await gatewayWithDevice();
    const open = commitOf('account-D1', 0, [opened('D1')]);
    const first = await client.push([open]);
    const again = await client.push([open]);
    expect(again.results[0]).toEqual({ status: 'duplicate', firstEventId: open.events[0]!.id, gpos: (first.results[0] as { gpos: number[] }).gpos });

    const forged = { ...open, events: [{ ...open.events[0]!, data: { ...open.events[0]!.data, openingDeposit: '99999999' } }] };
    const conflict = await client.push([forged]);
    expect(conflict.results[0]).toMatchObject({ status: 'conflict', reason: { code: 'EVENT_ID_REUSED' } });
    const pulled = await client.pull(0, 100);
    expect(pulled.events).toHaveLength(1);
    expect(pulled.events[0]!.event.data.openingDeposit).toBe('10000');
    await gateway.close();
  });

  it('accepts only the next version of a stream and says where the stream is', async () => {
    const { gateway, client } = await gatewayWithDevice();
    await client.push([commitOf('account-V1', 0, [opened('V1')]), commitOf('account-V1', 1, [deposited('V1', '100')])]);
    const late = await client.push([commitOf('account-V1', 1, [withdrew('V1', '100')]), commitOf('account-V1', 5, [deposited('V1', '1')])]);
    expect(late.results.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    expect(late.results[0]).toMatchObject({ head: 1, reason: { code: 'STREAM_MOVED' } });
    expect((await client.pull(0, 100)).events).toHaveLength(2);
    await gateway.close();
  });

  it('re-checks the account rules: no withdrawal past the overdraft floor, nothing on a closed account, with reasons', async () => {
    const { gateway, client } = await gatewayWithDevice();
    const result = await client.push([
      commitOf('account-R1', 0, [opened('R1', '1000', '500')]),
      commitOf('account-R1', 1, [withdrew('R1', '1500')]),
      commitOf('account-R1', 2, [withdrew('R1', '1')]),
      commitOf('account-R2', 0, [opened('R2', '0')]),
      commitOf('account-R2', 1, [closed('R2')]),
      commitOf('account-R2', 2, [deposited('R2', '100')]),
      commitOf('account-R3', 0, [deposited('R3', '100')]),
      commitOf('account-R4', 0, [opened('R4')]),
    ].map((c, i) => (i === 7 ? { ...c, events: [{ ...c.events[0]!, type: 'Fidelis.Teleported.v1' }] } : c)));
    const summary = result.results.map((r) => (r.status === 'rejected' ? r.reason.code : r.status));
    expect(summary).toEqual(['accepted', 'accepted', 'INSUFFICIENT_FUNDS', 'accepted', 'accepted', 'ACCOUNT_CLOSED', 'ACCOUNT_NOT_FOUND', 'UNKNOWN_EVENT_TYPE']);
    expect((result.results[2] as { reason: { message: string } }).reason.message).toMatch(/takes account R1 to −5.01 USD, below its floor of −5.00 USD/);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/fidelis_gateway_rejections_total\{code="INSUFFICIENT_FUNDS"\} 1/);
    expect(metrics).toMatch(/fidelis_gateway_events_accepted_total 4/);
    await gateway.close();
  });

  it('hands out positions without gaps under concurrent pushes from several devices', async () => {
    const { gateway, device } = await gatewayWithDevice();
    const clients = [0, 1, 2, 3].map(() => createGatewayClient({ gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret }));
    await Promise.all(
      clients.map(async (client, w) => {
        for (let batch = 0; batch < 5; batch++) {
          const commits = Array.from({ length: 10 }, (_, i) => commitOf(`account-W${w}-${batch}-${i}`, 0, [opened(`W${w}-${batch}-${i}`)]));
          const { results } = await client.push(commits);
          expect(results.every((r) => r.status === 'accepted')).toBe(true);
        }
      }),
    );
    const positions: number[] = [];
    let after = 0;
    for (;;) {
      const page: PullResponse = await clients[0]!.pull(after, 37);
      positions.push(...page.events.map((e) => e.gpos));
      if (page.checkpoint >= page.head) break;
      after = page.checkpoint;
    }
    expect(positions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    await gateway.close();
  });

  it('gives four workstations pushing at once unique gap-free positions, which a puller polling meanwhile sees each exactly once', async () => {
    const gateway = await startTestGateway(db);
    const devices = await Promise.all([0, 1, 2, 3].map(() => gateway.addDevice('BR001')));
    const clients = devices.map((d) => createGatewayClient({ gatewayUrl: gateway.url, deviceId: d.deviceId, secret: d.secret }));
    const reader = await gateway.addDevice('BR001');
    const puller = createGatewayClient({ gatewayUrl: gateway.url, deviceId: reader.deviceId, secret: reader.secret });
    const pulled: { gpos: number; id: string }[] = [];
    let after = 0;
    const pullOnce = async () => {
      const page = await puller.pull(after, 25);
      pulled.push(...page.events.map((e) => ({ gpos: e.gpos, id: e.event.id })));
      after = page.checkpoint;
      return page;
    };
    let pushing = true;
    const polling = (async () => {
      while (pushing) await pullOnce();
    })();
    const pushedIds: string[] = [];
    await Promise.all(
      clients.map(async (client, w) => {
        for (let batch = 0; batch < 6; batch++) {
          // Each workstation's accounts: opened, then deposited into, so pushes also move streams they opened earlier.
          const commits = Array.from({ length: 10 }, (_, i) => (batch === 0 ? commitOf(`account-P${w}-${i}`, 0, [opened(`P${w}-${i}`)]) : commitOf(`account-P${w}-${i}`, batch, [deposited(`P${w}-${i}`, '5')])));
          pushedIds.push(...commits.map((c) => c.events[0]!.id));
          const { results } = await client.push(commits);
          expect(results.map((r) => r.status)).toEqual(Array(10).fill('accepted'));
        }
      }),
    ).finally(() => (pushing = false));
    await polling;
    for (let page = await pullOnce(); page.checkpoint < page.head; page = await pullOnce());
    expect(pulled.map((p) => p.gpos)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(pulled.map((p) => p.id).sort()).toEqual([...pushedIds].sort());
    await gateway.close();
  });

  it('lets exactly one of four workstations opening the same account at once have it; the others are told the stream moved', async () => {
    const gateway = await startTestGateway(db);
    const devices = await Promise.all([0, 1, 2, 3].map(() => gateway.addDevice('BR001')));
    const outcomes = await Promise.all(
      devices.map(async (d) => {
        const client = createGatewayClient({ gatewayUrl: gateway.url, deviceId: d.deviceId, secret: d.secret });
        return (await client.push([commitOf('account-RACE', 0, [opened('RACE')])])).results[0]!;
      }),
    );
    expect(outcomes.filter((r) => r.status === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((r) => r.status === 'conflict').map((r) => (r as { reason: { code: string } }).reason.code)).toEqual(['STREAM_MOVED', 'STREAM_MOVED', 'STREAM_MOVED']);
    const reader = createGatewayClient({ gatewayUrl: gateway.url, deviceId: devices[0]!.deviceId, secret: devices[0]!.secret });
    expect(await reader.streamHeads()).toEqual([{ streamId: 'account-RACE', version: 0, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await reader.pull(0, 10)).events.map((e) => e.gpos)).toEqual([1]);
    await gateway.close();
  });
});

describe('gateway live stream', () => {
  it('sends RESYNC on connect, then the new head after a push', async () => {
    const { gateway, client } = await gatewayWithDevice();
    const seen: { type: string; data: unknown }[] = [];
    const abort = new AbortController();
    const ended = client.live((type, data) => seen.push({ type, data }), abort.signal).catch(() => undefined);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen[0]).toEqual({ type: 'resync', data: { head: 0 } });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/fidelis_gateway_connected_devices 1/);
    await client.push([commitOf('account-L1', 0, [opened('L1')])]);
    await expect.poll(() => seen.map((s) => s.type)).toEqual(['resync', 'head']);
    expect(seen[1]!.data).toEqual({ head: 1 });
    abort.abort();
    await ended;
    await gateway.close();
  });
});

describe('gateway authentication and limits', () => {
  it('refuses unknown devices, bad signatures, stale timestamps, other branches, oversized and malformed bodies, storing nothing', async () => {
    const gateway = await startTestGateway(db, { bodyLimit: 64 * 1024 });
    const device = await gateway.addDevice('BR001');
    const body = JSON.stringify({ commits: [commitOf('account-X1', 0, [opened('X1')])] });
    const push = (b: string, tamper = {}, who: { deviceId: string; secret: string } = device) => signedFetch(gateway.url, who, 'POST', '/v1/push', b, tamper);

    expect((await push(body, {}, { deviceId: 'no-such-device', secret: device.secret })).status).toBe(401);
    expect((await push(body, { omit: true })).status).toBe(401);
    expect((await push(body, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    expect((await push(body, { timestamp: Date.now() - 10 * 60_000 })).status).toBe(401);
    // The body changed in transit after it was signed (an amount raised).
    expect((await push(body, { sendBody: body.replace('"10000"', '"90000"') })).status).toBe(401);
    // Events claiming another branch are refused commit by commit, with their code; the push itself is answered.
    const otherBranch = await push(JSON.stringify({ commits: [commitOf('account-X2', 0, [opened('X2')], 'BR999')] }));
    expect(otherBranch.status).toBe(200);
    expect((otherBranch.json as PushResponse).results[0]).toMatchObject({ status: 'rejected', reason: { code: 'FORGED_BRANCH' } });
    const huge = JSON.stringify({ commits: Array.from({ length: 300 }, (_, i) => commitOf(`account-H${i}`, 0, [opened(`H${i}`)])) });
    expect((await push(huge)).status).toBe(413);
    expect((await push('{"commits": [')).status).toBe(400);
    expect((await push(JSON.stringify({ commits: [{ streamId: 'account-X3' }] }))).status).toBe(400);
    // A well-formed push but for one envelope field: refused whole, with the schema's path and message.
    const badType = JSON.parse(body) as { commits: [{ events: [{ type: string }] }] };
    badType.commits[0].events[0].type = 'Fidelis.accountOpened.v1';
    expect(await push(JSON.stringify(badType))).toEqual({
      status: 400,
      json: { error: { code: 'VALIDATION', message: 'commits.0.events.0.type: type must look like Fidelis.<Event>.v<N>' } },
    });

    const pulled = await signedFetch(gateway.url, device, 'GET', '/v1/pull?after=0&limit=10');
    expect(pulled.status).toBe(200);
    expect((pulled.json as PullResponse).events).toEqual([]);
    const accepted = await push(body);
    expect(accepted.status).toBe(200);
    expect((accepted.json as PushResponse).results[0]!.status).toBe('accepted');
    await gateway.close();
  });

  it('shows each device only its own branch’s events and never writes into another branch’s stream', async () => {
    const gateway = await startTestGateway(db);
    const north = await gateway.addDevice('NORTH');
    const south = await gateway.addDevice('SOUTH');
    const northClient = createGatewayClient({ gatewayUrl: gateway.url, deviceId: north.deviceId, secret: north.secret });
    const southClient = createGatewayClient({ gatewayUrl: gateway.url, deviceId: south.deviceId, secret: south.secret });
    await northClient.push([commitOf('account-N1', 0, [opened('N1')], 'NORTH')]);
    await southClient.push([commitOf('account-S1', 0, [opened('S1')], 'SOUTH')]);
    expect((await northClient.pull(0, 10)).events.map((e) => e.event.streamId)).toEqual(['account-N1']);
    expect((await southClient.pull(0, 10)).events.map((e) => e.event.streamId)).toEqual(['account-S1']);
    // SOUTH's "account-N1" is SOUTH's own (it has none yet): NORTH's stream is untouched.
    expect((await southClient.push([commitOf('account-N1', 1, [deposited('N1', '5')], 'SOUTH')])).results[0]).toMatchObject({ status: 'conflict', head: -1 });
    expect((await northClient.pull(0, 10)).events).toHaveLength(1);
    expect(await (await fetch(`${gateway.url}/health`)).json()).toMatchObject({ status: 'ok' });
    await gateway.close();
  });
});
