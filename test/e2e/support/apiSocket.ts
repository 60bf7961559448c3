/** The browser-mode API from the test itself (a WebSocket with the page's token and origin): to seed a ledger fast. */

import WebSocket from 'ws';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import type { ServedFidelis } from './browserMode.js';

export interface ApiSocket {
  /** Calls a method; rejects on a refusal, with main's code and message. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  close(): void;
}

export async function openApiSocket(served: ServedFidelis): Promise<ApiSocket> {
  const socket = new WebSocket(`${served.origin.replace('http', 'ws')}/api?token=${served.token}`, { origin: served.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (response: ApiResponse) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { kind: string; id: number; response?: ApiResponse };
    if (frame.kind === 'response' && frame.response) waiting.get(frame.id)?.(frame.response);
  });
  return {
    call<T>(method: string, input: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (response) => {
          waiting.delete(id);
          if (response.ok) resolve(response.result as T);
          else reject(new Error(`${method} refused: ${response.error.code} ${response.error.message}`));
        });
        socket.send(JSON.stringify({ kind: 'call', id, method, input }));
      });
    },
    close: () => socket.close(),
  };
}
