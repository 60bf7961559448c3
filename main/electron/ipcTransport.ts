/**
 * The API over Electron IPC: the same router as browser mode, reached only from our own top-level page on app://fidelis.
 * Live topics are kept per page and stopped when the page reloads, navigates or goes away. Each page (webContents)
 * is one API connection with its own sign-in session: a reload keeps it, a closed or crashed page ends it.
 */

import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiConnection, ApiRouter } from '../api/router.js';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import type { Logger } from '../log.js';
import { isTrustedSender, type SenderFrame } from './ipcSenders.js';
import { IPC_CHANNELS } from './ipcChannels.js';

const FORBIDDEN: ApiResponse = { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not use the Fidelis API.' } };
const BAD_REQUEST: ApiResponse = { ok: false, error: { code: 'BAD_REQUEST', message: 'The request was not understood.' } };

type ApiTransportRouter = Pick<ApiRouter, 'connect'>;

/** Registers the handlers; the returned function removes them and stops every live topic. */
export function registerIpcTransport(ipcMain: IpcMain, router: ApiTransportRouter, logger: Pick<Logger, 'warn'>): () => void {
  // Per page (webContents id): subscription id → stop.
  const live = new Map<number, Map<number, () => void>>();
  const watched = new Set<number>();
  // Per page: its connection (and so its session).
  const connections = new Map<number, ApiConnection>();

  const stopAll = (contentsId: number): void => {
    const subscriptions = live.get(contentsId);
    if (!subscriptions) return;
    live.delete(contentsId);
    for (const stop of subscriptions.values()) stop();
  };

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    const sender: SenderFrame | undefined = frame ? { url: frame.url, isTopFrame: frame.parent === null } : undefined;
    if (isTrustedSender(sender)) return true;
    logger.warn({ url: frame?.url }, 'refused an IPC call from a frame that is not ours');
    return false;
  };

  const pageSubscriptions = (contents: WebContents): Map<number, () => void> => {
    const id = contents.id;
    let subscriptions = live.get(id);
    if (!subscriptions) {
      subscriptions = new Map();
      live.set(id, subscriptions);
    }
    watch(contents);
    return subscriptions;
  };

  const watch = (contents: WebContents): void => {
    const id = contents.id;
    if (watched.has(id)) return;
    watched.add(id);
    // A reload, a navigation or a crash leaves no listener on the page side: its topics must not outlive it.
    contents.on('did-navigate', () => stopAll(id));
    contents.on('render-process-gone', () => {
      stopAll(id);
      endConnection(id);
    });
    contents.once('destroyed', () => {
      stopAll(id);
      endConnection(id);
      watched.delete(id);
    });
  };

  const endConnection = (id: number): void => {
    connections.get(id)?.close();
    connections.delete(id);
  };

  const connectionOf = (contents: WebContents): ApiConnection => {
    let connection = connections.get(contents.id);
    if (!connection) {
      connection = router.connect();
      connections.set(contents.id, connection);
      watch(contents);
    }
    return connection;
  };

  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, input: unknown): Promise<ApiResponse> => {
    if (!trusted(event)) return FORBIDDEN;
    if (typeof method !== 'string') return BAD_REQUEST;
    return connectionOf(event.sender).call(method, input);
  });

  ipcMain.handle(IPC_CHANNELS.subscribe, (event, subscriptionId: unknown, topic: unknown, params: unknown): ApiResponse => {
    if (!trusted(event)) return FORBIDDEN;
    if (!Number.isSafeInteger(subscriptionId) || typeof topic !== 'string') return BAD_REQUEST;
    const id = subscriptionId as number;
    const contents = event.sender;
    const subscriptions = pageSubscriptions(contents);
    if (subscriptions.has(id)) return BAD_REQUEST;
    const { response, unsubscribe } = connectionOf(contents).subscribe(topic, params, (payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.event, id, payload);
    });
    if (response.ok) subscriptions.set(id, unsubscribe);
    return response;
  });

  const onUnsubscribe = (event: IpcMainEvent, subscriptionId: unknown): void => {
    if (!trusted(event) || !Number.isSafeInteger(subscriptionId)) return;
    const subscriptions = live.get(event.sender.id);
    const stop = subscriptions?.get(subscriptionId as number);
    subscriptions?.delete(subscriptionId as number);
    stop?.();
  };
  ipcMain.on(IPC_CHANNELS.unsubscribe, onUnsubscribe);

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeHandler(IPC_CHANNELS.subscribe);
    ipcMain.removeListener(IPC_CHANNELS.unsubscribe, onUnsubscribe);
    for (const id of [...live.keys()]) stopAll(id);
    for (const id of [...connections.keys()]) endConnection(id);
  };
}
