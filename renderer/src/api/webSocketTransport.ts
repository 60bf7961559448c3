/** Browser mode's transport: the API over one WebSocket, reconnecting on loss and re-opening every live topic. */

import type { ApiResponse } from '../../../shared/api/errors.js';
import { serverFrameSchema, type ClientFrame, type FidelisBridge } from '../../../shared/api/transport.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

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

const disconnected: ApiResponse = { ok: false, error: { code: 'DISCONNECTED', message: 'The connection to Fidelis was lost; try again in a moment.' } };

export function createWebSocketTransport(url: string, createSocket: (url: string) => WebSocket = (u) => new WebSocket(u)): WebSocketTransport {
  let socket: WebSocket | undefined;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  let retryDelay = 250;
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
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
    else queue.push(frame);
  }

  function connect(): void {
    setStatus('connecting');
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryDelay = 250;
      setStatus('open');
      // Topics first, so no change between reconnecting and re-reading is missed.
      for (const [id, live] of lives) ws.send(JSON.stringify({ kind: 'subscribe', id, topic: live.topic, params: live.params } satisfies ClientFrame));
      for (const frame of queue.splice(0)) ws.send(JSON.stringify(frame));
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
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5_000);
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
