/** The PayFlow simulator: a real HTTP server with the processor's API (idempotent payments, settlements), signed webhooks and knobs to misbehave. */

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PAYFLOW_EVENT_TYPES,
  PAYFLOW_HEADERS,
  PAYFLOW_MAX_REQUEST_BYTES,
  PAYFLOW_PATHS,
  payflowAmountSchema,
  payflowCurrencySchema,
  payflowDateSchema,
  payflowPaymentStatusSchema,
  paymentRequestSchema,
  type PaymentResponse,
  type SettlementEntry,
  type WebhookEnvelope,
  type WebhookPayment,
} from '@fidelis/shared/payflow/protocol.js';
import { createPaymentBook, newId, responseOf, webhookPaymentOf, type SettlementChange, type SimPayment } from './paymentBook.js';
import { createWebhookSender, type HoldRule, type SentWebhook } from './webhookSender.js';

export interface PayflowSimulatorOptions {
  readonly webhookSecret: string;
  readonly apiKey: string;
  /** Where webhooks go (the gateway's /v1/payflow/webhooks); none = nothing is sent (attempts are still recorded). */
  readonly webhookUrl?: string;
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Milliseconds since the epoch: payment times, settlement dates and webhook signing times. */
  readonly clock?: () => number;
  /** A new payment completes this long after it is accepted; null leaves it pending until told (default 0: right away). */
  readonly autoCompleteMs?: number | null;
  readonly webhookMaxAttempts?: number;
  readonly webhookRetryBaseMs?: number;
}

/** One API call as the simulator saw it. */
export interface ApiRequestRecord {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly idempotencyKey?: string;
}

export interface InboundPaymentInput {
  /** The Fidelis account credited: the gateway finds its branch. */
  readonly accountId: string;
  readonly amount: string;
  readonly currency?: string;
  readonly accountNumber?: string;
  readonly name?: string;
  readonly reference?: string;
  readonly debtor?: { readonly name: string; readonly accountNumber: string; readonly bankCode?: string };
}

export interface PayflowSimulatorControl {
  /** Every API answer is delayed this long (ms). */
  setLatency(ms: number): void;
  /** While down, every API call answers 503. */
  setDown(down: boolean): void;
  setAutoComplete(ms: number | null): void;
  /** Settles a pending payment by hand (id or reference) and sends its webhook; resolves once delivery is over. */
  complete(idOrReference: string): Promise<PaymentResponse>;
  /** Fails a pending payment now, or the payment with this reference when it arrives. */
  fail(idOrReference: string, reason?: string): Promise<PaymentResponse | undefined>;
  /** Sends every webhook twice (same event id and body). */
  setDuplicateWebhooks(on: boolean): void;
  /** Holds back webhooks (of some types) until released: what is sent meanwhile overtakes them. */
  holdWebhooks(rule?: HoldRule): void;
  stopHoldingWebhooks(): void;
  releaseHeldWebhooks(order?: 'oldest-first' | 'newest-first'): Promise<number>;
  /** Sends an event of a type Fidelis does not know; returns its event id. */
  sendUnknownEvent(type?: string, data?: Record<string, unknown>): Promise<string>;
  /** Money from another bank to a Fidelis account: a completed inbound payment and its webhook. */
  deliverInbound(input: InboundPaymentInput): Promise<WebhookPayment>;
  /** Makes the settlement list disagree with what happened, for reconciliation tests. */
  dropFromSettlement(idOrReference: string): void;
  alterSettlement(idOrReference: string, change: SettlementChange): void;
  addSettlementEntry(entry: SettlementEntry): void;
  payments(): readonly WebhookPayment[];
  requests(): readonly ApiRequestRecord[];
  webhooks(): readonly SentWebhook[];
  heldWebhooks(): readonly WebhookEnvelope[];
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once nothing is pending: scheduled completions done and every delivery (with retries) over. */
  flush(): Promise<void>;
}

export interface PayflowSimulator {
  readonly url: string;
  readonly port: number;
  readonly control: PayflowSimulatorControl;
  close(): Promise<void>;
}

const apiError = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ error: { code, message } });

export async function startPayflowSimulator(options: PayflowSimulatorOptions): Promise<PayflowSimulator> {
  const now = options.clock ?? Date.now;
  const book = createPaymentBook(now);
  const sender = createWebhookSender({
    secret: options.webhookSecret,
    ...(options.webhookUrl !== undefined ? { webhookUrl: options.webhookUrl } : {}),
    now,
    maxAttempts: options.webhookMaxAttempts ?? 5,
    retryBaseMs: options.webhookRetryBaseMs ?? 200,
  });
  const requestLog: ApiRequestRecord[] = [];
  const failOnArrival = new Map<string, string | undefined>();
  const scheduled = new Set<{ timer: NodeJS.Timeout; done: Promise<void> }>();
  let latencyMs = 0;
  let down = false;
  let autoCompleteMs: number | null = options.autoCompleteMs === undefined ? 0 : options.autoCompleteMs;

  const eventFor = (type: string, data: Record<string, unknown>): WebhookEnvelope => ({ id: newId('evt'), type, created: new Date(now()).toISOString(), data });

  async function settle(payment: SimPayment, status: 'completed' | 'failed', reason?: string): Promise<PaymentResponse | undefined> {
    if (!book.finish(payment, status, reason)) return undefined;
    const type = status === 'completed' ? PAYFLOW_EVENT_TYPES.completed : PAYFLOW_EVENT_TYPES.failed;
    await sender.send(eventFor(type, { payment: webhookPaymentOf(payment) }));
    return responseOf(payment);
  }

  function schedule(payment: SimPayment) {
    const shouldFail = failOnArrival.has(payment.reference);
    if (!shouldFail && autoCompleteMs === null) return;
    const reason = failOnArrival.get(payment.reference);
    failOnArrival.delete(payment.reference);
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const entry = {
      done,
      timer: setTimeout(() => {
        void settle(payment, shouldFail ? 'failed' : 'completed', reason).finally(() => {
          scheduled.delete(entry);
          resolveDone();
        });
      }, autoCompleteMs ?? 0),
    };
    scheduled.add(entry);
  }

  const app = Fastify({ bodyLimit: PAYFLOW_MAX_REQUEST_BYTES, forceCloseConnections: true });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return apiError(reply, status, status === 500 ? 'INTERNAL' : 'BAD_REQUEST', error.message);
  });

  // PayFlow's behaviour on demand: slow, then down, then who is calling.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (down) return apiError(reply, 503, 'UNAVAILABLE', 'PayFlow is temporarily unavailable; retry later.');
    if (request.headers[PAYFLOW_HEADERS.authorization] !== `Bearer ${options.apiKey}`) {
      return apiError(reply, 401, 'UNAUTHORIZED', 'A valid API key is required (Authorization: Bearer <key>).');
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    const key = request.headers[PAYFLOW_HEADERS.idempotencyKey];
    requestLog.push({
      at: new Date(now()).toISOString(),
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });
  });

  app.post(PAYFLOW_PATHS.payments, async (request, reply) => {
    const key = request.headers[PAYFLOW_HEADERS.idempotencyKey];
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      return apiError(reply, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (1 to 255 characters).');
    }
    const parsed = paymentRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return apiError(reply, 400, 'VALIDATION', `${issue.path.join('.')}: ${issue.message}`);
    }
    const outcome = book.create(key, request.body, parsed.data);
    if (outcome.kind === 'conflict') {
      return apiError(reply, 409, 'IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for another request (payment ${outcome.payment.id}).`);
    }
    if (outcome.kind === 'created') schedule(outcome.payment);
    return reply.code(outcome.kind === 'created' ? 201 : 200).send(responseOf(outcome.payment));
  });

  app.get(`${PAYFLOW_PATHS.payments}/:id`, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const payment = book.all().find((p) => p.id === request.params.id);
    return payment ? responseOf(payment) : apiError(reply, 404, 'NOT_FOUND', `No payment ${request.params.id}.`);
  });

  app.get(PAYFLOW_PATHS.settlements, async (request: FastifyRequest<{ Querystring: { date?: string } }>, reply) => {
    const date = payflowDateSchema.safeParse(request.query.date);
    if (!date.success) return apiError(reply, 400, 'VALIDATION', 'date is YYYY-MM-DD.');
    return book.settlements(date.data);
  });

  const findOrThrow = (idOrReference: string): SimPayment => {
    const payment = book.find(idOrReference);
    if (!payment) throw Object.assign(new Error(`No payment ${idOrReference}.`), { statusCode: 404 });
    return payment;
  };

  const control: PayflowSimulatorControl = {
    setLatency: (ms) => void (latencyMs = Math.max(0, ms)),
    setDown: (value) => void (down = value),
    setAutoComplete: (ms) => void (autoCompleteMs = ms),
    async complete(idOrReference) {
      const payment = findOrThrow(idOrReference);
      return (await settle(payment, 'completed')) ?? responseOf(payment);
    },
    async fail(idOrReference, reason) {
      const payment = book.find(idOrReference);
      if (!payment) {
        failOnArrival.set(idOrReference, reason);
        return undefined;
      }
      return (await settle(payment, 'failed', reason)) ?? responseOf(payment);
    },
    setDuplicateWebhooks: (on) => sender.setDuplicates(on),
    holdWebhooks: (rule = {}) => sender.setHold(rule),
    stopHoldingWebhooks: () => sender.setHold(undefined),
    releaseHeldWebhooks: (order) => sender.release(order),
    async sendUnknownEvent(type = 'payment.disputed', data = { note: 'an event type Fidelis does not handle' }) {
      const event = eventFor(type, data);
      await sender.send(event);
      return event.id;
    },
    async deliverInbound(input) {
      const payment = book.inbound({
        amount: payflowAmountSchema.parse(input.amount),
        currency: payflowCurrencySchema.parse(input.currency ?? 'USD'),
        reference: input.reference ?? newId('ext'),
        creditor: { name: input.name ?? 'Fidelis customer', accountNumber: input.accountNumber ?? input.accountId, accountId: input.accountId },
        debtor: input.debtor ?? { name: 'Grace Hopper', accountNumber: '9900112233', bankCode: 'OTHERBANK' },
      });
      const data = webhookPaymentOf(payment);
      await sender.send(eventFor(PAYFLOW_EVENT_TYPES.completed, { payment: data }));
      return data;
    },
    dropFromSettlement: (idOrReference) => book.dropFromSettlement(findOrThrow(idOrReference).id),
    alterSettlement: (idOrReference, change) => book.alterSettlement(findOrThrow(idOrReference).id, change),
    addSettlementEntry: (entry) => book.addSettlementEntry(entry),
    payments: () => book.all().map(webhookPaymentOf),
    requests: () => [...requestLog],
    webhooks: () => [...sender.sent()],
    heldWebhooks: () => sender.held(),
    setWebhookUrl: (url) => sender.setWebhookUrl(url),
    async flush() {
      while (scheduled.size > 0) await Promise.all([...scheduled].map((s) => s.done));
      await sender.flush();
    },
  };

  registerControlRoutes(app, control);

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    control,
    async close() {
      for (const entry of scheduled) clearTimeout(entry.timer);
      scheduled.clear();
      sender.close();
      await app.close();
    },
  };
}

/** The control endpoints a demo drives with curl: POST /sim/<knob> with a JSON body, GET /sim/<log>. */
export const CONTROL_ENDPOINTS = [
  'POST /sim/latency {"ms":2000}',
  'POST /sim/down {"down":true}',
  'POST /sim/auto-complete {"ms":1000} | {"ms":null}',
  'POST /sim/complete {"payment":"<pf_id or reference>"}',
  'POST /sim/fail {"payment":"<pf_id or reference>","reason":"..."}',
  'POST /sim/duplicates {"on":true}',
  'POST /sim/hold {"types":["payment.completed"]} | {"off":true}',
  'POST /sim/release {"order":"newest-first"}',
  'POST /sim/unknown {"type":"payment.disputed"}',
  'POST /sim/inbound {"accountId":"<fidelis account id>","amount":"25000","currency":"USD"}',
  'POST /sim/settlement/drop {"payment":"<pf_id or reference>"}',
  'POST /sim/settlement/alter {"payment":"<pf_id or reference>","amount":"100","status":"failed"}',
  'GET /sim/payments | /sim/requests | /sim/webhooks',
] as const;

const paymentRef = z.object({ payment: z.string().min(1) });

function registerControlRoutes(app: FastifyInstance, control: PayflowSimulatorControl) {
  const body = <T extends z.ZodType>(schema: T, request: FastifyRequest): z.infer<T> => {
    const parsed = schema.safeParse(request.body ?? {});
    if (!parsed.success) throw Object.assign(new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')), { statusCode: 400 });
    return parsed.data;
  };
  // A control call answers at once; deliveries it starts go on in the background (watch GET /sim/webhooks).
  const background = (work: Promise<unknown>) => void work.catch(() => undefined);

  app.get('/sim', async () => ({ endpoints: CONTROL_ENDPOINTS }));
  app.post('/sim/latency', async (request) => {
    const { ms } = body(z.object({ ms: z.number().int().nonnegative() }), request);
    control.setLatency(ms);
    return { latencyMs: ms };
  });
  app.post('/sim/down', async (request) => {
    const { down } = body(z.object({ down: z.boolean() }), request);
    control.setDown(down);
    return { down };
  });
  app.post('/sim/auto-complete', async (request) => {
    const { ms } = body(z.object({ ms: z.number().int().nonnegative().nullable() }), request);
    control.setAutoComplete(ms);
    return { autoCompleteMs: ms };
  });
  app.post('/sim/complete', async (request) => {
    const { payment } = body(paymentRef, request);
    background(control.complete(payment));
    return { completing: payment };
  });
  app.post('/sim/fail', async (request) => {
    const { payment, reason } = body(paymentRef.extend({ reason: z.string().optional() }), request);
    background(control.fail(payment, reason));
    return { failing: payment };
  });
  app.post('/sim/duplicates', async (request) => {
    const { on } = body(z.object({ on: z.boolean() }), request);
    control.setDuplicateWebhooks(on);
    return { duplicates: on };
  });
  app.post('/sim/hold', async (request) => {
    const { types, off } = body(z.object({ types: z.array(z.string()).optional(), off: z.boolean().optional() }), request);
    if (off) control.stopHoldingWebhooks();
    else control.holdWebhooks(types ? { types } : {});
    return { holding: off ? false : (types ?? 'all') };
  });
  app.post('/sim/release', async (request) => {
    const { order } = body(z.object({ order: z.enum(['oldest-first', 'newest-first']).optional() }), request);
    const count = control.heldWebhooks().length;
    background(control.releaseHeldWebhooks(order));
    return { released: count };
  });
  app.post('/sim/unknown', async (request) => {
    const { type } = body(z.object({ type: z.string().min(1).optional() }), request);
    background(control.sendUnknownEvent(type));
    return { sending: type ?? 'payment.disputed' };
  });
  app.post('/sim/inbound', async (request) => {
    const input = body(
      z.object({
        accountId: z.string().min(1),
        amount: payflowAmountSchema,
        currency: payflowCurrencySchema.optional(),
        accountNumber: z.string().optional(),
        name: z.string().optional(),
        reference: z.string().optional(),
      }),
      request,
    );
    background(control.deliverInbound(input));
    return { delivering: input };
  });
  app.post('/sim/settlement/drop', async (request) => {
    const { payment } = body(paymentRef, request);
    control.dropFromSettlement(payment);
    return { dropped: payment };
  });
  app.post('/sim/settlement/alter', async (request) => {
    const { payment, amount, status } = body(paymentRef.extend({ amount: payflowAmountSchema.optional(), status: payflowPaymentStatusSchema.optional() }), request);
    control.alterSettlement(payment, { ...(amount ? { amount } : {}), ...(status ? { status } : {}) });
    return { altered: payment };
  });
  app.get('/sim/payments', async () => ({ payments: control.payments() }));
  app.get('/sim/requests', async () => ({ requests: control.requests() }));
  app.get('/sim/webhooks', async () => ({ webhooks: control.webhooks(), held: control.heldWebhooks() }));
}
