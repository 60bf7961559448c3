// Browser mode's transport against a fake socket: the session is resumed before anything else on every connection, and a
// refused topic is reported to whoever asked.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientFrame, ServerFrame } from '@fidelis/shared/api/transport.js';
import { createWebSocketTransport } from '../../../renderer/src/api/webSocketTransport.js';

/** A WebSocket double: records what the transport sends; the test plays main's side. */
class FakeSocket {
  static readonly all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: ClientFrame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor() {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  answer(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const socket = (index: number) => FakeSocket.all[index]!;

afterEach(() => {
  FakeSocket.all.length = 0;
  vi.useRealTimers();
});

describe('browser mode transport', () => {
  it('resumes the session first on a new connection, and sends topics and calls only once main has answered', async () => {
    const transport = createWebSocketTransport('ws://x/api', () => new FakeSocket() as unknown as WebSocket, () => ({ method: 'auth.resume', input: { token: 't1' } }));
    transport.subscribe('stream', { streamId: 'account-a1' }, () => {});
    const answer = transport.invoke('account.get', { accountId: 'a1' });
    socket(0).open();
    expect(socket(0).sent).toEqual([{ kind: 'call', id: expect.any(Number), method: 'auth.resume', input: { token: 't1' } }]);
    expect(transport.status()).toBe('connecting');
    socket(0).answer({ kind: 'response', id: (socket(0).sent[0] as { id: number }).id, response: { ok: true, result: {} } });
    expect(socket(0).sent.map((f) => f.kind)).toEqual(['call', 'subscribe', 'call']);
    expect(transport.status()).toBe('open');
    const call = socket(0).sent[2] as { id: number; method: string };
    expect(call.method).toBe('account.get');
    socket(0).answer({ kind: 'response', id: call.id, response: { ok: true, result: 'the account' } });
    expect(await answer).toEqual({ ok: true, result: 'the account' });
    transport.close();
  });

  it('gives up a refused topic at once, and tells whoever asked', () => {
    const refused: unknown[] = [];
    const transport = createWebSocketTransport('ws://x/api', () => new FakeSocket() as unknown as WebSocket);
    transport.subscribe('readModel', { name: 'x' }, () => {}, (response) => refused.push(response));
    socket(0).open();
    const first = socket(0).sent[0] as { id: number };
    socket(0).answer({ kind: 'response', id: first.id, response: { ok: false, error: { code: 'FORBIDDEN', field: 'role', message: 'Your role does not allow this.' } } });
    expect(refused).toEqual([{ ok: false, error: { code: 'FORBIDDEN', field: 'role', message: 'Your role does not allow this.' } }]);
    transport.close();
  });
});
