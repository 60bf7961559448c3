/** Signed HTTP calls to the gateway (push, pull, stream heads) and its live stream, read as server-sent events. */

import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  SYNC_HEADERS,
  pullResponseSchema,
  pushResponseSchema,
  signingString,
  streamHeadsResponseSchema,
  type PullResponse,
  type PushCommit,
  type PushResponse,
  type StreamHead,
} from '@fidelis/shared/sync/protocol.js';
import { inboxResponseSchema, PAYFLOW_PATHS, type InboxResponse } from '@fidelis/shared/payflow/protocol.js';
import { readServerSentEvents } from './serverSentEvents.js';

export interface GatewayCredentials {
  readonly gatewayUrl: string;
  readonly deviceId: string;
  readonly secret: string;
}

/** The gateway answered with an error status: 401/403/400/413 are not retried as they are, 5xx are. */
export class GatewayHttpError extends Error {
  override name = 'GatewayHttpError';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`The gateway answered ${status}: ${body.slice(0, 300)}`);
  }
}

export interface GatewayClient {
  push(commits: readonly PushCommit[]): Promise<PushResponse>;
  pull(after: number, limit: number): Promise<PullResponse>;
  streamHeads(): Promise<StreamHead[]>;
  /** The PayFlow webhooks the gateway received for this device's branch, after a position (main/payments/payflowInbox.ts). */
  payflowInbox(after: number, limit: number): Promise<InboxResponse>;
  /** Opens the live stream; resolves when it ends (the server or the network closed it), rejects on a failed connect. */
  live(onEvent: (type: string, data: unknown) => void, signal: AbortSignal): Promise<void>;
}

export function createGatewayClient(credentials: GatewayCredentials, options: { timeoutMs?: number; now?: () => number } = {}): GatewayClient {
  const base = credentials.gatewayUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const now = options.now ?? Date.now;

  function signedHeaders(method: string, path: string, body: string): Record<string, string> {
    const timestamp = String(now());
    const nonce = randomBytes(16).toString('base64url');
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const signature = createHmac('sha256', credentials.secret).update(signingString(method, path, timestamp, nonce, bodyHash)).digest('hex');
    return { [SYNC_HEADERS.device]: credentials.deviceId, [SYNC_HEADERS.timestamp]: timestamp, [SYNC_HEADERS.nonce]: nonce, [SYNC_HEADERS.signature]: signature };
  }

  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, payload?: unknown): Promise<z.infer<S>> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...signedHeaders(method, path, body), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new GatewayHttpError(response.status, text);
    return schema.parse(JSON.parse(text));
  }

  return {
    push: (commits) => call('POST', '/v1/push', pushResponseSchema, { commits }),
    pull: (after, limit) => call('GET', `/v1/pull?after=${after}&limit=${limit}`, pullResponseSchema),
    streamHeads: async () => (await call('GET', '/v1/streams', streamHeadsResponseSchema)).streams,
    payflowInbox: (after, limit) => call('GET', `${PAYFLOW_PATHS.inbox}?after=${after}&limit=${limit}`, inboxResponseSchema),

    async live(onEvent, signal) {
      const path = '/v1/stream';
      const response = await fetch(`${base}${path}`, { headers: signedHeaders('GET', path, ''), signal });
      if (!response.ok || !response.body) throw new GatewayHttpError(response.status, await response.text());
      await readServerSentEvents(response.body as unknown as AsyncIterable<Uint8Array>, ({ type, data }) => {
        if (data) onEvent(type, JSON.parse(data));
      });
    },
  };
}
