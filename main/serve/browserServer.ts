/**
 * Browser mode: fastify on 127.0.0.1 serving the built renderer (@fastify/static) and the API router over a WebSocket
 * (@fastify/websocket). The socket needs the per-start secret token and a same-origin page: any other site in the
 * user's browser is refused before the upgrade.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { clientFrameSchema, WEBSOCKET_PATH, type ServerFrame } from '@fidelis/shared/api/transport.js';
import type { Logger } from '../log.js';
import type { ApiRouter } from '../api/router.js';

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

function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  // Fastify's own errors go to the host's log; a line per request would drown it.
  const app = Fastify({ loggerInstance: options.logger, logController: new LogController({ disableRequestLogging: true }) });

  // Every answer, file or refusal, carries the page's policy; nothing is cached (a new start has a new token).
  app.addHook('onSend', async (_request, reply) => {
    reply.headers({
      'content-security-policy': contentSecurityPolicy(origin),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    // The mime table under @fastify/static still says application/javascript; RFC 9239 names text/javascript.
    if (String(reply.getHeader('content-type')).startsWith('application/javascript')) reply.header('content-type', 'text/javascript; charset=utf-8');
  });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: MAX_FRAME_BYTES },
    // A frame over MAX_FRAME_BYTES (or broken framing): ws has already closed the socket with 1009 or 1002, and says why here.
    errorHandler: (error) => options.logger.warn({ err: error }, 'closed a WebSocket after a protocol error'),
    preClose(done) {
      for (const client of app.websocketServer.clients) client.terminate();
      app.websocketServer.close(() => done());
    },
  });
  // An upgrade is checked before it happens (after the plugin has marked it): only the API path, from this origin, with this start's token.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.ws) return;
    const refusal = refuse(request, token, allowedOrigins(origin));
    if (refusal) {
      options.logger.warn({ origin: request.headers.origin, reason: refusal.reason }, 'refused a WebSocket connection');
      await reply.code(refusal.status).send();
    }
  });
  app.get(WEBSOCKET_PATH, { websocket: true }, (socket) => serveConnection(socket, options.router, options.logger));
  await app.register(fastifyStatic, { root: options.staticDir, cacheControl: false, dotfiles: 'ignore' });
  // Unknown paths without a file extension are the app's own routes: index.html (the app routes itself).
  app.setNotFoundHandler((request, reply) => notFound(request, reply));

  await app.listen({ host: HOST, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  origin = `http://${HOST}:${port}`;
  return {
    origin,
    port,
    token,
    url: `${origin}/?token=${token}`,
    close: () => app.close(),
  };
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply.code(405).header('allow', 'GET, HEAD').send();
  const pathname = request.url.split('?')[0]!;
  if (pathname.endsWith('/') || extname(pathname) === '') return reply.sendFile('index.html');
  return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
}

/** Both spellings of the loopback origin of this port: a user may type either. */
const allowedOrigins = (origin: string): string[] => [origin, origin.replace(HOST, 'localhost')];

function refuse(request: FastifyRequest, token: string, origins: readonly string[]): { status: number; reason: string } | undefined {
  const url = new URL(request.url, 'http://localhost');
  if (url.pathname !== WEBSOCKET_PATH) return { status: 404, reason: 'path' };
  if (!origins.includes(request.headers.origin ?? '')) return { status: 403, reason: 'origin' };
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, reason: 'token' };
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

  ws.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
    connection.close();
  });
}
