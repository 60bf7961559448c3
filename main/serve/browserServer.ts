/**
 * Browser mode: an HTTP server on 127.0.0.1 serving the built renderer, and a WebSocket transport over the API router.
 * The socket needs the per-start secret token and a same-origin page: any other site in the user's browser is refused.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientFrameSchema, WEBSOCKET_PATH, type ServerFrame } from '@fidelis/shared/api/transport.js';
import type { Logger } from '../log.js';
import type { ApiRouter } from '../api/router.js';
import { createStaticHandler } from './staticFiles.js';

export interface BrowserServerOptions {
  readonly router: ApiRouter;
  readonly logger: Logger;
  /** Folder of the built renderer (index.html and assets). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Fixed token for tests; by default a fresh random one per start. */
  readonly token?: string;
}

export interface BrowserServer {
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The address to open: the page reads its token from the query. */
  readonly url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_FRAME_BYTES = 1 << 20;

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  const server = createServer(createStaticHandler(options.staticDir, () => origin));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuse(request, token, allowedOrigins(origin));
    if (refusal) {
      options.logger.warn({ origin: request.headers.origin, reason: refusal.reason }, 'refused a WebSocket connection');
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, options.router, options.logger));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  return {
    origin,
    port,
    token,
    url: `${origin}/?token=${token}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Both spellings of the loopback origin of this port: a user may type either. */
const allowedOrigins = (origin: string): string[] => [origin, origin.replace(HOST, 'localhost')];

function refuse(request: IncomingMessage, token: string, origins: readonly string[]): { status: string; reason: string } | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== WEBSOCKET_PATH) return { status: '404 Not Found', reason: 'path' };
  if (!origins.includes(request.headers.origin ?? '')) return { status: '403 Forbidden', reason: 'origin' };
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: '401 Unauthorized', reason: 'token' };
  return undefined;
}

/** One WebSocket is one API connection: its own sign-in session (a reloaded page resumes it with auth.resume). */
function serveConnection(ws: WebSocket, router: ApiRouter, logger: Logger): void {
  const connection = router.connect();
  const subscriptions = new Map<number, () => void>();
  const send = (frame: ServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  ws.on('message', (raw, isBinary) => {
    let frame;
    try {
      frame = clientFrameSchema.parse(JSON.parse(isBinary ? '' : raw.toString()));
    } catch {
      // A client that breaks the protocol is not ours (or is broken): drop it rather than guess.
      logger.warn('closed a WebSocket that sent a malformed frame');
      ws.close(1008, 'malformed frame');
      return;
    }
    switch (frame.kind) {
      case 'call': {
        const { id } = frame;
        void connection.call(frame.method, frame.input).then((response) => send({ kind: 'response', id, response }));
        break;
      }
      case 'subscribe': {
        const { id } = frame;
        subscriptions.get(id)?.();
        const { response, unsubscribe } = connection.subscribe(frame.topic, frame.params, (event) => send({ kind: 'event', id, event }));
        if (response.ok) subscriptions.set(id, unsubscribe);
        send({ kind: 'response', id, response });
        break;
      }
      case 'unsubscribe':
        subscriptions.get(frame.id)?.();
        subscriptions.delete(frame.id);
        break;
    }
  });

  // A frame over MAX_FRAME_BYTES (or broken framing) is reported here before ws closes the socket (1009/1002):
  // without a listener the 'error' event would throw and take main down with it.
  ws.on('error', (error) => logger.warn({ err: error }, 'closed a WebSocket after a protocol error'));

  ws.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
    connection.close();
  });
}
