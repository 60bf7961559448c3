/**
 * The preload (sandboxed, context-isolated): exposes the API bridge as `window.fidelis` and nothing else. The page never
 * sees ipcRenderer; it can only call methods and follow topics, and main validates every payload.
 */

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResponse, FidelisBridge } from '@fidelis/shared/api/index.js';
import { BRIDGE_GLOBAL, IPC_CHANNELS } from './ipcChannels.js';

type Listener = (event: unknown) => void;

const listeners = new Map<number, Listener>();
// A random start keeps ids of a reloaded page apart from any its predecessor left behind in main.
let nextSubscriptionId = Math.floor(Math.random() * 2 ** 40);

ipcRenderer.on(IPC_CHANNELS.event, (_event: IpcRendererEvent, subscriptionId: unknown, payload: unknown) => {
  if (typeof subscriptionId === 'number') listeners.get(subscriptionId)?.(payload);
});

const disconnected = (message: string): ApiResponse => ({ ok: false, error: { code: 'DISCONNECTED', message } });

const bridge: FidelisBridge = {
  invoke: (method, input) =>
    (ipcRenderer.invoke(IPC_CHANNELS.call, method, input) as Promise<ApiResponse>).catch((error: unknown) =>
      disconnected(error instanceof Error ? error.message : 'The ledger process did not answer.'),
    ),

  subscribe(topic, params, listener, onError) {
    const id = nextSubscriptionId++;
    listeners.set(id, listener);
    const stop = (): void => {
      if (listeners.delete(id)) ipcRenderer.send(IPC_CHANNELS.unsubscribe, id);
    };
    void (ipcRenderer.invoke(IPC_CHANNELS.subscribe, id, topic, params) as Promise<ApiResponse>)
      .catch((error: unknown) => disconnected(error instanceof Error ? error.message : 'The ledger process did not answer.'))
      .then((response) => {
        if (response.ok) return;
        listeners.delete(id);
        onError?.(response);
      });
    return stop;
  },
};

// Only plain functions cross the bridge; the object is frozen by contextBridge on the page's side.
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
