/** The gateway service: signed push, pull and live stream of a branch's events, health and metrics, over one database. */

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { MAX_PULL_LIMIT, NONCE_PATTERN, SIGNATURE_WINDOW_MS, SYNC_HEADERS, signingString } from '@fidelis/shared/sync/protocol.js';
import { parsePushRequest } from '@fidelis/shared/sync/pushRequest.js';
import type { GatewayDatabase } from './database.js';
import { addDevice, createDeviceDirectory, listDevices, revokeDevice, type DeviceListing, type DeviceRecord } from './devices.js';
import { sha256Hex } from './hashing.js';
import { ingestPush } from './ingest.js';
import { createLiveFeed } from './liveFeed.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { createNonceStore } from './nonces.js';
import { createCommitChecks } from './commitChecks.js';
import { migrate, tablesIn } from './migrations.js';
import { listUnroutable, type UnroutableMessage } from './payflow/inboxStore.js';
import { isPayflowWebhookUrl, registerPayflowRoutes, type PayflowGatewayOptions } from './payflow/routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    device?: DeviceRecord;
  }
}

export interface GatewayOptions {
  readonly database: GatewayDatabase;
  /** The PostgreSQL schema holding the tables (default `fidelis_gateway`). */
  readonly schema?: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Largest request body accepted, in bytes (413 beyond). */
  readonly bodyLimit?: number;
  readonly signatureWindowMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Close the database on close (off when a test shares it across restarts). */
  readonly ownsDatabase?: boolean;
  /** PayFlow webhooks (secret, timestamp window); without a secret the webhook route answers 503. */
  readonly payflow?: PayflowGatewayOptions;
  /** The key device secrets are sealed under (32 bytes, kept outside the database); without it they are stored as they are. */
  readonly secretKey?: Buffer;
  /** The operator's token for /admin/devices (the gateway command keeps it in a file beside the data); without it those routes answer 404. */
  readonly adminToken?: string;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly metrics: GatewayMetrics;
  addDevice(branchId: string): Promise<DeviceRecord>;
  listDevices(): Promise<DeviceListing[]>;
  /** From now on the device's requests get 401, its pushes included; false for an unknown device. */
  revokeDevice(deviceId: string): Promise<boolean>;
  /** PayFlow webhooks no branch owns (stored, answered 200), for an operator to look at. */
  payflowUnroutable(): Promise<UnroutableMessage[]>;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

class AuthError extends Error {
  override name = 'AuthError';
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { database: db } = options;
  const tables = tablesIn(options.schema ?? 'fidelis_gateway');
  const now = options.now ?? Date.now;
  const window = options.signatureWindowMs ?? SIGNATURE_WINDOW_MS;
  await migrate(db, tables);
  const registry = createLedgerEventRegistry();
  const devices = createDeviceDirectory(db, tables, options.secretKey);
  const nonces = createNonceStore(db, tables, window, now);
  const commitChecks = createCommitChecks(tables);
  const feed = createLiveFeed();
  const metrics = createGatewayMetrics();
  const streams = new Set<ServerResponse>();

  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    forceCloseConnections: true,
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('device', undefined);
  // The signature covers the exact bytes sent, so keep them beside the parsed body.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });

  const refuse = (reply: FastifyReply, status: number, code: string, message: string) => {
    metrics.refusedRequests.inc({ status: String(status) });
    return reply.code(status).send({ error: { code, message } });
  };

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof AuthError) return refuse(reply, 401, 'UNAUTHORIZED', error.message);
    const status = error.statusCode ?? 500;
    if (status === 413) return refuse(reply, 413, 'TOO_LARGE', 'The request body is too large.');
    if (status >= 400 && status < 500) return refuse(reply, status, 'BAD_REQUEST', error.message);
    options.logger?.error({ err: error }, 'gateway request failed');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'The gateway failed; try again.' } });
  });

  // Who is asking is settled before the body is read: an unknown device never gets to upload anything.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/') || isPayflowWebhookUrl(request.url)) return;
    const deviceId = request.headers[SYNC_HEADERS.device];
    const timestamp = request.headers[SYNC_HEADERS.timestamp];
    const nonce = request.headers[SYNC_HEADERS.nonce];
    if (typeof deviceId !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof request.headers[SYNC_HEADERS.signature] !== 'string') {
      throw new AuthError('Sign the request: device, timestamp, nonce and signature headers are required.');
    }
    if (!NONCE_PATTERN.test(nonce)) throw new AuthError('The request nonce is 16 to 64 URL-safe characters.');
    if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > window) {
      throw new AuthError('The request timestamp is outside the accepted window; check the workstation clock.');
    }
    const device = await devices.find(deviceId);
    if (!device) throw new AuthError(`Unknown device ${deviceId}.`);
    request.device = device;
  });

  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/v1/') || isPayflowWebhookUrl(request.url)) return;
    const device = request.device!;
    const timestamp = request.headers[SYNC_HEADERS.timestamp] as string;
    const nonce = request.headers[SYNC_HEADERS.nonce] as string;
    const given = Buffer.from(request.headers[SYNC_HEADERS.signature] as string, 'hex');
    const expected = createHmac('sha256', device.secret)
      .update(signingString(request.method, request.url, timestamp, nonce, sha256Hex(request.rawBody ?? Buffer.alloc(0))))
      .digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AuthError('The request signature does not match.');
    // Only a request signed by the device spends its nonce: a stranger cannot burn nonces it guessed.
    if (!(await nonces.firstUse(device.deviceId, nonce, Number(timestamp)))) {
      options.logger?.warn({ deviceId: device.deviceId, url: request.url }, 'replayed gateway request refused');
      throw new AuthError('This request was seen before: a replay is refused.');
    }
  });

  app.get('/health', async () => {
    await db.query('SELECT 1');
    return { status: 'ok', database: db.description };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.post('/v1/push', async (request, reply) => {
    const parsed = parsePushRequest(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      metrics.pushes.inc({ outcome: 'malformed' });
      return refuse(reply, 400, 'VALIDATION', `${issue.path.join('.')}: ${issue.message}`);
    }
    const device = request.device!;
    const timer = metrics.ingestSeconds.startTimer();
    const outcome = await ingestPush(db, tables, registry, device, parsed.data.commits, commitChecks).finally(() => timer());
    metrics.pushes.inc({ outcome: 'stored' });
    metrics.eventsAccepted.inc(outcome.accepted);
    for (const result of outcome.results) {
      if (result.status === 'conflict') metrics.conflicts.inc();
      if (result.status === 'rejected') {
        metrics.rejections.inc({ code: result.reason.code });
        options.logger?.warn({ deviceId: device.deviceId, branchId: device.branchId, firstEventId: result.firstEventId, code: result.reason.code }, 'pushed commit refused');
      }
    }
    if (outcome.accepted > 0) feed.publish(device.branchId, outcome.head);
    return { results: outcome.results };
  });

  app.get('/v1/pull', async (request: FastifyRequest<{ Querystring: { after?: string; limit?: string } }>, reply) => {
    const after = Number(request.query.after ?? '0');
    const limit = Number(request.query.limit ?? '500');
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT) {
      return refuse(reply, 400, 'VALIDATION', `after is a position (0 or more) and limit a count from 1 to ${MAX_PULL_LIMIT}.`);
    }
    const branchId = request.device!.branchId;
    const rows = await db.query<{ gpos: string | number; command_hash: string; envelope: string; chain_hash: string | null }>(
      `SELECT gpos, command_hash, envelope, chain_hash FROM ${tables.events} WHERE branch_id = $1 AND gpos > $2 ORDER BY gpos LIMIT $3`,
      [branchId, after, limit],
    );
    const head = await branchHead(branchId);
    const checkpoint = rows.length > 0 ? Number(rows[rows.length - 1]!.gpos) : after;
    // Envelopes are stored as the JSON text pushed: splice them in rather than parse and re-serialise each one.
    // The stream's chain hash after each event lets a device check its own chain against the gateway's.
    const events = rows.map(
      (r) => `{"gpos":${Number(r.gpos)},"commandHash":${JSON.stringify(r.command_hash)},${r.chain_hash === null ? '' : `"hash":${JSON.stringify(r.chain_hash)},`}"event":${r.envelope}}`,
    );
    reply.header('content-type', 'application/json');
    return `{"events":[${events.join(',')}],"checkpoint":${checkpoint},"head":${head}}`;
  });

  app.get('/v1/streams', async (request) => {
    const rows = await db.query<{ stream_id: string; version: number; hash: string }>(
      `SELECT stream_id, version, hash FROM ${tables.streams} WHERE branch_id = $1 ORDER BY stream_id`,
      [request.device!.branchId],
    );
    return { streams: rows.map((r) => ({ streamId: r.stream_id, version: Number(r.version), hash: r.hash })) };
  });

  // The live stream: RESYNC first (the client pulls whatever it missed while away), then the head each time it moves.
  app.get('/v1/stream', async (request, reply) => {
    const branchId = request.device!.branchId;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`event: resync\ndata: ${JSON.stringify({ head: await branchHead(branchId) })}\n\n`);
    streams.add(res);
    metrics.connectedDevices.inc();
    const unsubscribe = feed.subscribe(branchId, (head) => res.write(`event: head\ndata: ${JSON.stringify({ head })}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
      metrics.connectedDevices.dec();
    });
  });

  // Devices on a running gateway, for the gateway command (which cannot open an embedded database a gateway holds).
  const admin = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const given = Buffer.from(String(request.headers['x-fidelis-admin-token'] ?? ''));
    const expected = Buffer.from(options.adminToken ?? '');
    if (options.adminToken !== undefined && given.length === expected.length && timingSafeEqual(given, expected)) return true;
    await refuse(reply, options.adminToken === undefined ? 404 : 401, options.adminToken === undefined ? 'NOT_FOUND' : 'UNAUTHORIZED', 'Device administration needs the gateway operator token.');
    return false;
  };
  const revoke = async (deviceId: string) => {
    const revoked = await revokeDevice(db, tables, deviceId);
    devices.forget(deviceId);
    if (revoked) options.logger?.warn({ deviceId }, 'device revoked');
    return revoked;
  };
  app.get('/admin/devices', async (request, reply) => ((await admin(request, reply)) ? { devices: await listDevices(db, tables) } : reply));
  app.post('/admin/devices', async (request: FastifyRequest<{ Body: { branchId?: unknown } }>, reply) => {
    if (!(await admin(request, reply))) return reply;
    const branchId = request.body?.branchId;
    if (typeof branchId !== 'string') return refuse(reply, 400, 'VALIDATION', 'branchId: a branch id is required.');
    return addDevice(db, tables, branchId, options.secretKey).catch((error: Error) => refuse(reply, 400, 'VALIDATION', `branchId: ${error.message}`));
  });
  app.post('/admin/devices/:deviceId/revoke', async (request: FastifyRequest<{ Params: { deviceId: string } }>, reply) => {
    if (!(await admin(request, reply))) return reply;
    return (await revoke(request.params.deviceId)) ? { deviceId: request.params.deviceId, revoked: true } : refuse(reply, 404, 'NOT_FOUND', `There is no device ${request.params.deviceId}.`);
  });

  registerPayflowRoutes(app, { db, tables, metrics, now, options: options.payflow ?? {} });

  async function branchHead(branchId: string): Promise<number> {
    const rows = await db.query<{ head: string | number | null }>(`SELECT max(gpos) AS head FROM ${tables.events} WHERE branch_id = $1`, [branchId]);
    return Number(rows[0]?.head ?? 0);
  }

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    metrics,
    addDevice: (branchId) => addDevice(db, tables, branchId, options.secretKey),
    listDevices: () => listDevices(db, tables),
    revokeDevice: revoke,
    payflowUnroutable: () => listUnroutable(db, tables),
    async close() {
      for (const res of streams) res.destroy();
      await app.close();
      if (options.ownsDatabase) await db.close();
    },
  };
}
