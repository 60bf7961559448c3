// Browser mode's server without a browser: the renderer's WebSocket transport over `ws`, typed refusals, live topics,
// malformed frames, and the static file server's boundaries.

import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError } from '@fidelis/shared/api/errors.js';
import { createApiRouter, type ApiRouter } from '../../../main/api/router.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';
import { createHost, type Host } from '../../../main/host.js';
import { startBrowserServer, type BrowserServer } from '../../../main/serve/browserServer.js';
import { createApiClient, type ApiClient } from '../../../renderer/src/api/apiClient.js';
import { createWebSocketTransport, type WebSocketTransport } from '../../../renderer/src/api/webSocketTransport.js';
import { REPO_ROOT } from '../../support/processes.js';
import { makeTempDir } from '../../support/tempDir.js';

let host: Host;
let router: ApiRouter;
let server: BrowserServer;
let staticDir: string;
let transport: WebSocketTransport;
let api: ApiClient;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'fidelis-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fidelis</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
  host = await createHost({ inMemory: true, settings: TEST_STAFF_SETTINGS });
  router = createApiRouter(host);
  await seedTestStaff(host, ['all']);
  server = await startBrowserServer({ router, logger: host.logger, staticDir });
  const url = `${server.origin.replace('http', 'ws')}/api?token=${server.token}`;
  transport = createWebSocketTransport(url, (u) => new WebSocket(u, { origin: server.origin }) as unknown as globalThis.WebSocket);
  api = createApiClient(transport);
  await api.call('auth.signIn', { username: 'all', password: STAFF_PASSWORD });
});

afterAll(async () => {
  transport?.close();
  await server?.close();
  router?.close();
  await host?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('browser mode server', () => {
  it('runs commands and queries over the WebSocket and pushes each change of a followed stream', async () => {
    const { accountId } = await api.call('account.open', { number: 'WS-1', holder: 'Ada', currency: 'USD', openingDeposit: '10' });
    const changes: number[] = [];
    const stop = api.subscribe('stream', { streamId: `account-${accountId}` }, (event) => changes.push(event.version));
    // The subscribe frame travels before the next call, and main answers frames in order.
    await api.call('system.capabilities', {});
    await api.call('account.deposit', { accountId, amount: '5' });
    await expect.poll(() => changes).toEqual([1]);
    stop();
    const account = await api.call('account.get', { accountId });
    expect(account.account.balance).toBe('15.00');
  });

  it('keeps the code and field of a refusal across the wire', async () => {
    // A rate for JPY, so a small yen withdrawal is under the dual-control amount and reaches the balance check.
    await api.call('rates.record', { day: new Date().toISOString().slice(0, 10), currency: 'JPY', usdPerUnit: '0.0067' });
    const { accountId } = await api.call('account.open', { number: 'WS-2', holder: 'Bob', currency: 'JPY', openingDeposit: '100' });
    const refusal = await api.call('account.withdraw', { accountId, amount: '101' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    const fraction = await api.call('account.deposit', { accountId, amount: '1.5' }).catch((error: unknown) => error);
    expect(fraction).toMatchObject({ code: 'INVALID_AMOUNT', field: 'amount' });
  });

  it('gives each WebSocket its own session: a new one must sign in (or resume with the token)', async () => {
    const other = createWebSocketTransport(`${server.origin.replace('http', 'ws')}/api?token=${server.token}`, (u) => new WebSocket(u, { origin: server.origin }) as unknown as globalThis.WebSocket);
    try {
      const otherApi = createApiClient(other);
      await expect(otherApi.call('accounts.list', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const { token } = await api.call('auth.status', {}).then(async () => api.call('auth.unlock', { password: STAFF_PASSWORD }));
      await otherApi.call('auth.resume', { token });
      await expect(otherApi.call('accounts.list', {})).resolves.toHaveProperty('total');
    } finally {
      other.close();
    }
  });

  it('closes a connection that sends something other than a protocol frame', async () => {
    const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/api?token=${server.token}`, { origin: server.origin });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ kind: 'call', id: 'not-a-number', method: 'accounts.list' }));
    expect(await closed).toBe(1008);
  });

  it('refuses before the upgrade a WebSocket with a wrong token, from a foreign origin, or on another path', async () => {
    const attempt = (path: string, origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.origin.replace('http', 'ws')}${path}`, { origin });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => (socket.close(), resolve(101)));
        socket.on('error', () => resolve(-1));
      });
    expect(await attempt('/api?token=wrong-token', server.origin)).toBe(401);
    expect(await attempt(`/api?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await attempt(`/?token=${server.token}`, server.origin)).toBe(404);
    expect(await attempt(`/api?token=${server.token}`, server.origin.replace('127.0.0.1', 'localhost'))).toBe(101);
  });

  it('serves the app with a Content-Security-Policy, index.html for app routes, and nothing outside its folder', async () => {
    const page = await fetch(`${server.origin}/accounts/123`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Fidelis</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${server.origin.replace('http', 'ws')}`);
    const script = await fetch(`${server.origin}/assets/app.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.origin}/assets/missing.js`)).status).toBe(404);
    const escape = await fetch(`${server.origin}/assets/..%2F..%2F..%2Fetc%2Fpasswd`);
    expect(await escape.text()).not.toContain('root:');
    expect((await fetch(`${server.origin}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('npm run serve', () => {
  it('on a data dir another process holds, says DATA_DIR_LOCKED on one line and exits 2, without a stack', async () => {
    const dir = makeTempDir('fidelis-serve-locked-');
    const holder = await createHost({ dataDir: dir.path });
    try {
      const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', 'main/serve/index.ts', '--data-dir', dir.path, '--port', '0'], { cwd: REPO_ROOT }, (_error, out, err) =>
          resolve({ code: child.exitCode, stdout: out, stderr: err }),
        );
      });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^DATA_DIR_LOCKED: The data dir .* is in use by another Fidelis process \(pid \d+\)\. Close it first\.\n$/);
    } finally {
      await holder.close();
      dir.remove();
    }
  }, 60_000);
});
