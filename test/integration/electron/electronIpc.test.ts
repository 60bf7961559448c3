// The desktop app's API path without an Electron binary: the real preload (its `electron` import replaced by an
// in-process IPC wire, the boundary we do not own) talking to the real IPC transport over the real router and host.

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResponse, FidelisBridge } from '@fidelis/shared/api/index.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import { createApiRouter, type ApiRouter } from '../../../main/api/router.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';
import { createHost, type Host } from '../../../main/host.js';
import { IPC_CHANNELS } from '../../../main/electron/ipcChannels.js';
import { registerIpcTransport } from '../../../main/electron/ipcTransport.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** One page, one frame and both ends of IPC; arguments are structured-cloned as Electron does. */
const wire = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const mainListeners = new Map<string, Set<Handler>>();
  const pageListeners = new Map<string, Set<Handler>>();
  const contentsListeners = new Map<string, Set<() => void>>();
  const exposed = new Map<string, unknown>();
  const sent: { channel: string; args: unknown[] }[] = [];
  /** Answers to subscribe calls, so a test knows when a topic is live in main. */
  const subscribed: unknown[] = [];
  const frame = { url: 'app://fidelis/index.html', parent: null as object | null };
  const contents = {
    id: 7,
    isDestroyed: () => false,
    send(channel: string, ...args: unknown[]) {
      const copy = structuredClone(args);
      sent.push({ channel, args: copy });
      for (const listener of pageListeners.get(channel) ?? []) listener({}, ...copy);
    },
    on(name: string, listener: () => void) {
      contentsListeners.set(name, (contentsListeners.get(name) ?? new Set()).add(listener));
      return contents;
    },
    once(name: string, listener: () => void) {
      return contents.on(name, listener);
    },
    emit(name: string) {
      for (const listener of contentsListeners.get(name) ?? []) listener();
    },
  };
  const event = () => ({ sender: contents, senderFrame: { url: frame.url, parent: frame.parent } });
  const ipcMain = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
    on: (channel: string, listener: Handler) => void mainListeners.set(channel, (mainListeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel: string, listener: Handler) => void mainListeners.get(channel)?.delete(listener),
  };
  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const answer = structuredClone(await handler(event(), ...structuredClone(args)));
      if (channel === 'fidelis:api:subscribe') subscribed.push(answer);
      return answer;
    },
    send(channel: string, ...args: unknown[]) {
      for (const listener of mainListeners.get(channel) ?? []) listener(event(), ...structuredClone(args));
    },
    on(channel: string, listener: Handler) {
      pageListeners.set(channel, (pageListeners.get(channel) ?? new Set()).add(listener));
    },
  };
  return { handlers, exposed, sent, subscribed, frame, contents, ipcMain, ipcRenderer };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => wire.exposed.set(key, api) },
  ipcRenderer: wire.ipcRenderer,
}));

let host: Host;
let router: ApiRouter;
let detach: () => void;
let fidelis: FidelisBridge;

beforeAll(async () => {
  host = await createHost({ inMemory: true, settings: TEST_STAFF_SETTINGS });
  router = createApiRouter(host);
  await router.ready;
  detach = registerIpcTransport(wire.ipcMain as unknown as Parameters<typeof registerIpcTransport>[0], router, { warn: () => {} });
  await import('../../../main/electron/preload.js');
  fidelis = wire.exposed.get('fidelis') as FidelisBridge;
  await seedTestStaff(host, ['all']);
  // The page is one connection: it signs in once, and every later call is that person's.
  await expect(fidelis.invoke('accounts.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  result(await fidelis.invoke('auth.signIn', { username: 'all', password: STAFF_PASSWORD }));
});

afterAll(async () => {
  detach?.();
  router?.close();
  await host?.close();
});

beforeEach(() => {
  wire.frame.url = 'app://fidelis/index.html';
  wire.frame.parent = null;
  wire.sent.length = 0;
  wire.subscribed.length = 0;
});

function result<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

const openAccount = async (number: string): Promise<string> =>
  result<{ accountId: string }>(await fidelis.invoke('account.open', { number, holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '1000' })).accountId;

const events = () => wire.sent.filter((message) => message.channel === IPC_CHANNELS.event);

describe('the desktop API over IPC', () => {
  it('exposes exactly one global to the page: window.fidelis with invoke and subscribe', () => {
    expect([...wire.exposed.keys()]).toEqual(['fidelis']);
    expect(Object.keys(fidelis).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('runs the teller journey: open an account, deposit, read the balance', async () => {
    const accountId = await openAccount('IPC-001');
    expect(result(await fidelis.invoke('account.deposit', { accountId, amount: '500', sourceType: 'cash' }))).toMatchObject({ accountId, version: 1, duplicate: false });
    const { account } = result<{ account: { balance: string; availableBalance: string } }>(await fidelis.invoke('account.get', { accountId }));
    expect(account).toMatchObject({ balance: '1500.00', availableBalance: '1500.00' });
  });

  it('validates every payload with the router: a bad amount is refused on its field and nothing is stored', async () => {
    const accountId = await openAccount('IPC-002');
    const before = await host.readStream(streamIdOf(ACCOUNT_CATEGORY, accountId));
    expect(await fidelis.invoke('account.deposit', { accountId, amount: 5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'amount' } });
    expect(await fidelis.invoke('account.withdraw', { accountId, amount: '1000.01' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await fidelis.invoke('system.shutdown', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    // A page bypassing the bridge's types still gets a typed refusal.
    expect(await wire.ipcRenderer.invoke(IPC_CHANNELS.call, { method: 'account.open' }, null)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await host.readStream(streamIdOf(ACCOUNT_CATEGORY, accountId))).toHaveLength(before.length);
  });

  it('refuses calls from a page that is not ours, or from a frame inside ours, and runs nothing', async () => {
    wire.frame.url = 'https://attacker.example/';
    expect(await fidelis.invoke('account.open', { number: 'EVIL-1', holder: 'Mallory', currency: 'USD' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    wire.frame.url = 'app://fidelis/index.html';
    wire.frame.parent = {};
    expect(await fidelis.invoke('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const refused: ApiResponse[] = [];
    fidelis.subscribe('store', {}, () => {}, (response) => refused.push(response));
    await vi.waitFor(() => expect(refused).toMatchObject([{ ok: false, error: { code: 'FORBIDDEN' } }]));
    wire.frame.parent = null;
    expect(result(await fidelis.invoke('accounts.list', { search: 'EVIL' }))).toMatchObject({ total: 0 });
  });

  it('delivers live events to a subscriber until it stops', async () => {
    const accountId = await openAccount('IPC-003');
    const received: unknown[] = [];
    const stop = fidelis.subscribe('stream', { streamId: streamIdOf(ACCOUNT_CATEGORY, accountId) }, (event) => received.push(event));
    await vi.waitFor(() => expect(wire.subscribed).toHaveLength(1));
    result(await fidelis.invoke('account.deposit', { accountId, amount: '10' }));
    await vi.waitFor(() => expect(received).toMatchObject([{ streamId: streamIdOf(ACCOUNT_CATEGORY, accountId), version: 1 }]));
    stop();
    // A second subscriber is the signal: once it has the next event, the stopped one would have had it too.
    const after: unknown[] = [];
    fidelis.subscribe('stream', { streamId: streamIdOf(ACCOUNT_CATEGORY, accountId) }, (event) => after.push(event));
    await vi.waitFor(() => expect(wire.subscribed).toHaveLength(2));
    result(await fidelis.invoke('account.deposit', { accountId, amount: '10' }));
    await vi.waitFor(() => expect(after).toMatchObject([{ version: 2 }]));
    expect(received).toHaveLength(1);
  });

  it('reports an unknown topic to the subscriber instead of failing silently', async () => {
    const refused: ApiResponse[] = [];
    fidelis.subscribe('everything', {}, () => {}, (response) => refused.push(response));
    await vi.waitFor(() => expect(refused).toMatchObject([{ ok: false, error: { code: 'UNKNOWN_METHOD' } }]));
  });

  it('stops a page’s live topics in main when the page navigates or reloads', async () => {
    const accountId = await openAccount('IPC-004');
    fidelis.subscribe('store', {}, () => {});
    await vi.waitFor(() => expect(wire.subscribed).toHaveLength(1));
    wire.contents.emit('did-navigate');
    wire.sent.length = 0;
    result(await fidelis.invoke('account.deposit', { accountId, amount: '10' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events()).toEqual([]);
  });
});
