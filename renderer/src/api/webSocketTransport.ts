/** Browser mode's transport: the API over one WebSocket, reconnecting on loss and re-opening every live topic. */

import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { serverFrameSchema, type ClientFrame, type FidelisBridge } from '@fidelis/shared/api/transport.js';
import { backoffDelay, type BackoffPolicy } from '@fidelis/shared/retry/backoff.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** A call sent first on every (re)connection, before topics and queued calls: it restores the signed-in session. */
export type Greeting = () => { readonly method: string; readonly input: unknown } | undefined;

export interface WebSocketTransport extends FidelisBridge {
  readonly status: () => ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

interface Live {
  readonly topic: string;
  readonly params: unknown;
  readonly listener: (event: unknown) => void;
  readonly onError?: (response: ApiResponse) => void;
}

/** WebSocket.OPEN, spelled out so the transport also runs over Node's `ws` (tests) where no global WebSocket exists. */
const OPEN = 1;

/** Reconnecting to this machine's own main process: quick at first, never more than a few seconds apart; one client, so no jitter. */
const RECONNECT: BackoffPolicy = { baseMs: 250, maxMs: 5_000 };

const disconnected: ApiResponse = { ok: false, error: { code: 'DISCONNECTED', message: 'The connection to Fidelis was lost; try again in a moment.' } };

export function createWebSocketTransport(url: string, createSocket: (url: string) => WebSocket = (u) => new WebSocket(u), greeting?: Greeting): WebSocketTransport {
  let socket: WebSocket | undefined;
  /** False between opening and the greeting's answer: frames wait, so none reaches main before the session is back. */
  let ready = false;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  /** Failed connections since the last open one. */
  let reconnects = 0;
  let closed = false;
  const calls = new Map<number, (response: ApiResponse) => void>();
  const lives = new Map<number, Live>();
  const queue: ClientFrame[] = [];
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  function send(frame: ClientFrame): void {
    if (ready && socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
    else queue.push(frame);
  }

  function connect(): void {
    setStatus('connecting');
    const ws = createSocket(url);
    socket = ws;
    const flush = () => {
      ready = true;
      setStatus('open');
      // Topics first, so no change between reconnecting and re-reading is missed.
      for (const [id, live] of lives) ws.send(JSON.stringify({ kind: 'subscribe', id, topic: live.topic, params: live.params } satisfies ClientFrame));
      // Topics were just opened from `lives`: of what waited, only the calls are still to send.
      for (const frame of queue.splice(0)) if (frame.kind === 'call') ws.send(JSON.stringify(frame));
    };
    ws.onopen = () => {
      reconnects = 0;
      const hello = greeting?.();
      if (!hello) {
        flush();
        return;
      }
      // Each connection has its own session in main: resume it before anything else runs (whatever the answer).
      const id = nextId++;
      calls.set(id, () => {
        if (socket === ws) flush();
      });
      ws.send(JSON.stringify({ kind: 'call', id, method: hello.method, input: hello.input } satisfies ClientFrame));
    };
    ws.onmessage = (message) => {
      const parsed = serverFrameSchema.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.kind === 'event') {
        lives.get(frame.id)?.listener(frame.event);
        return;
      }
      const call = calls.get(frame.id);
      if (call) {
        calls.delete(frame.id);
        call(frame.response);
        return;
      }
      const live = lives.get(frame.id);
      if (live && !frame.response.ok) {
        lives.delete(frame.id);
        live.onError?.(frame.response);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      ready = false;
      // A call in flight may or may not have run: its caller decides (commands carry ids, so a retry is safe).
      for (const [id, resolve] of calls) {
        calls.delete(id);
        resolve(disconnected);
      }
      queue.length = 0;
      if (closed) {
        setStatus('closed');
        return;
      }
      setStatus('connecting');
      setTimeout(connect, backoffDelay(++reconnects, RECONNECT));
    };
  }

  connect();

  return {
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },

    invoke(method, input) {
      const id = nextId++;
      return new Promise<ApiResponse>((resolve) => {
        calls.set(id, resolve);
        send({ kind: 'call', id, method, input });
      });
    },

    subscribe(topic, params, listener, onError) {
      const id = nextId++;
      lives.set(id, { topic, params, listener, ...(onError ? { onError } : {}) });
      send({ kind: 'subscribe', id, topic, params });
      return () => {
        if (lives.delete(id)) send({ kind: 'unsubscribe', id });
      };
    },

    close() {
      closed = true;
      socket?.close();
    },
  };
}
