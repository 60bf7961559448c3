/** The gateway's PayFlow routes: the signed webhook receiver (PayFlow → gateway) and the device-signed inbox (gateway → workstation). */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  PAYFLOW_HEADERS,
  PAYFLOW_MAX_INBOX_LIMIT,
  PAYFLOW_MAX_WEBHOOK_BYTES,
  PAYFLOW_PATHS,
  PAYFLOW_SIGNATURE_TOLERANCE_SECONDS,
  classifyWebhook,
} from '@fidelis/shared/payflow/protocol.js';
import type { GatewayDatabase } from '../database.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Tables } from '../migrations.js';
import { readInbox, resolveBranch, storeWebhook } from './inboxStore.js';
import { verifyWebhookSignature } from './signature.js';

export interface PayflowGatewayOptions {
  /** The secret PayFlow signs webhooks with; without it the webhook route answers 503. */
  readonly webhookSecret?: string;
  readonly toleranceSeconds?: number;
}

/** PayFlow signs its own requests: the device-signature hooks leave this one path alone. */
export const isPayflowWebhookUrl = (url: string): boolean => url.split('?')[0] === PAYFLOW_PATHS.webhooks;

export function registerPayflowRoutes(
  app: FastifyInstance,
  deps: { db: GatewayDatabase; tables: Tables; metrics: GatewayMetrics; now: () => number; options: PayflowGatewayOptions },
): void {
  const { db, tables, metrics, now } = deps;
  const secret = deps.options.webhookSecret;
  const tolerance = deps.options.toleranceSeconds ?? PAYFLOW_SIGNATURE_TOLERANCE_SECONDS;

  const answer = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ error: { code, message } });

  app.post(PAYFLOW_PATHS.webhooks, { bodyLimit: PAYFLOW_MAX_WEBHOOK_BYTES }, async (request: FastifyRequest, reply) => {
    if (!secret) return answer(reply, 503, 'PAYFLOW_NOT_CONFIGURED', 'PayFlow webhooks are not configured.');
    const header = request.headers[PAYFLOW_HEADERS.signature];
    const check = verifyWebhookSignature(secret, typeof header === 'string' ? header : undefined, request.rawBody ?? Buffer.alloc(0), Math.floor(now() / 1000), tolerance);
    if (!check.ok) {
      metrics.payflowWebhooks.inc({ outcome: 'refused' });
      request.log.warn({ payflow: { code: check.code, reason: check.reason, remote: request.ip } }, 'PayFlow webhook refused');
      return answer(reply, check.status, check.code, `The webhook was refused: ${check.reason}.`);
    }
    const classified = classifyWebhook(request.body);
    if (classified.kind === 'malformed') {
      metrics.payflowWebhooks.inc({ outcome: 'refused' });
      request.log.warn({ payflow: { code: 'MALFORMED', reason: classified.reason } }, 'PayFlow webhook refused: not a webhook envelope');
      return answer(reply, 400, 'MALFORMED', `The webhook is not a PayFlow event: ${classified.reason}.`);
    }
    const event = classified.event;
    const routing = await resolveBranch(db, tables, event);
    const outcome = await storeWebhook(db, tables, {
      event,
      routing,
      signature: check.signature,
      payload: request.rawBody!.toString('utf8'),
      receivedAt: new Date(now()).toISOString(),
    });
    const log = { payflow: { eventId: event.id, type: event.type, position: outcome.position, branchId: routing.branchId } };
    if (outcome.status === 'duplicate') {
      metrics.payflowWebhooks.inc({ outcome: 'duplicate' });
      // A byte-identical delivery (same signature) is a replay inside the window: harmless, as nothing new is stored.
      if (outcome.sameSignature) request.log.warn(log, 'PayFlow webhook replayed (same signature): nothing stored');
      else request.log.info(log, 'PayFlow webhook delivered again: nothing stored');
      return { status: 'duplicate', position: outcome.position };
    }
    if (routing.branchId === null) {
      metrics.payflowWebhooks.inc({ outcome: 'unroutable' });
      request.log.warn({ payflow: { ...log.payflow, reason: routing.reason } }, 'PayFlow webhook stored as unroutable');
      return { status: 'unroutable', position: outcome.position };
    }
    metrics.payflowWebhooks.inc({ outcome: 'accepted' });
    request.log.info(log, 'PayFlow webhook stored');
    return { status: 'accepted', position: outcome.position };
  });

  app.get(PAYFLOW_PATHS.inbox, async (request: FastifyRequest<{ Querystring: { after?: string; limit?: string } }>, reply) => {
    const after = Number(request.query.after ?? '0');
    const limit = Number(request.query.limit ?? '100');
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > PAYFLOW_MAX_INBOX_LIMIT) {
      return answer(reply, 400, 'VALIDATION', `after is a position (0 or more) and limit a count from 1 to ${PAYFLOW_MAX_INBOX_LIMIT}.`);
    }
    return readInbox(db, tables, request.device!.branchId, after, limit);
  });
}
