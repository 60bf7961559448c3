/** The PayFlow wire contract shared by the simulator, the gateway and the workstation: payments, webhooks, settlements, the gateway inbox and the signature rules. */

import { z } from 'zod';

/** Paths on PayFlow's side and on the gateway's side. */
export const PAYFLOW_PATHS = {
  payments: '/v1/payments',
  settlements: '/v1/settlements',
  /** Where PayFlow posts webhooks (on the gateway). */
  webhooks: '/v1/payflow/webhooks',
  /** Where a workstation reads its branch's received webhooks (on the gateway, device-signed). */
  inbox: '/v1/payflow/inbox',
} as const;

/** Header names (lower-case, as node:http hands them over). */
export const PAYFLOW_HEADERS = {
  signature: 'payflow-signature',
  idempotencyKey: 'idempotency-key',
  authorization: 'authorization',
} as const;

/** The event types Fidelis acts on; any other type is still a valid envelope, recorded and ignored. */
export const PAYFLOW_EVENT_TYPES = { completed: 'payment.completed', failed: 'payment.failed' } as const;

/** A webhook signed longer ago (or further ahead) than this is refused: bounds replay of a captured delivery. */
export const PAYFLOW_SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
/** Largest webhook body the gateway reads, in bytes (413 beyond). */
export const PAYFLOW_MAX_WEBHOOK_BYTES = 64 * 1024;
/** Largest payment request body PayFlow accepts, in bytes. */
export const PAYFLOW_MAX_REQUEST_BYTES = 64 * 1024;
/** Most inbox messages one read returns. */
export const PAYFLOW_MAX_INBOX_LIMIT = 500;

/** Money on the wire: minor units as a decimal string (never a float), at least 1. */
export const payflowAmountSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'amount is a whole number of minor units, as a string, at least 1');
export const payflowCurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'currency is a three-letter ISO code');
export const payflowDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date is YYYY-MM-DD');
const text = (max: number) => z.string().min(1).max(max);

/** Our side of an outbound payment: the branch is echoed back in webhooks, which is how the gateway routes them. */
export const payflowDebtorSchema = z.object({
  accountId: text(128),
  accountNumber: text(64),
  name: text(200),
  branchId: text(64),
});
export type PayflowDebtor = z.infer<typeof payflowDebtorSchema>;

export const payflowBeneficiarySchema = z.object({
  name: text(200),
  accountNumber: text(64),
  bankCode: text(32),
});
export type PayflowBeneficiary = z.infer<typeof payflowBeneficiarySchema>;

/** POST /v1/payments body. `reference` is our paymentId, also sent as the Idempotency-Key. */
export const paymentRequestSchema = z.object({
  amount: payflowAmountSchema,
  currency: payflowCurrencySchema,
  reference: text(128),
  debtor: payflowDebtorSchema,
  creditor: payflowBeneficiarySchema,
  memo: z.string().max(500).optional(),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const PAYFLOW_PAYMENT_STATUSES = ['pending', 'completed', 'failed'] as const;
export const payflowPaymentStatusSchema = z.enum(PAYFLOW_PAYMENT_STATUSES);
export type PayflowPaymentStatus = z.infer<typeof payflowPaymentStatusSchema>;

/** POST /v1/payments answer (201 new, 200 same key and body again) and GET /v1/payments/:id. */
export const paymentResponseSchema = z.object({
  id: z.string().regex(/^pf_/),
  status: payflowPaymentStatusSchema,
  reference: z.string(),
  amount: payflowAmountSchema,
  currency: payflowCurrencySchema,
  createdAt: z.string(),
  failureReason: z.string().optional(),
});
export type PaymentResponse = z.infer<typeof paymentResponseSchema>;

/** Error bodies of the PayFlow API (400, 401, 404, 409, 503). */
export const payflowErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type PayflowError = z.infer<typeof payflowErrorSchema>;

/** A party as a webhook names it: inbound debtors are at other banks; inbound creditors name a Fidelis accountId. */
export const webhookPartySchema = z.object({
  name: z.string(),
  accountNumber: z.string(),
  bankCode: z.string().optional(),
  accountId: z.string().optional(),
  branchId: z.string().optional(),
});
export type WebhookParty = z.infer<typeof webhookPartySchema>;

export const webhookPaymentSchema = z.object({
  id: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  amount: payflowAmountSchema,
  currency: payflowCurrencySchema,
  reference: z.string(),
  status: payflowPaymentStatusSchema,
  debtor: webhookPartySchema,
  creditor: webhookPartySchema,
  failureReason: z.string().optional(),
});
export type WebhookPayment = z.infer<typeof webhookPaymentSchema>;

/** Every webhook parses as this envelope, whatever its type: an unknown type is stored and ignored, never refused. */
export const webhookEnvelopeSchema = z.object({
  id: text(128),
  type: text(128),
  created: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

/** The two types Fidelis acts on, with their payment. */
export const paymentWebhookSchema = webhookEnvelopeSchema.extend({
  type: z.enum([PAYFLOW_EVENT_TYPES.completed, PAYFLOW_EVENT_TYPES.failed]),
  data: z.object({ payment: webhookPaymentSchema }),
});
export type PaymentWebhook = z.infer<typeof paymentWebhookSchema>;

export type ClassifiedWebhook =
  | { readonly kind: 'payment'; readonly event: PaymentWebhook }
  | { readonly kind: 'unknown'; readonly event: WebhookEnvelope }
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Sorts a parsed webhook body: a payment event we act on, an envelope of a type we do not know (ignore with a log line),
 * or something that is not a PayFlow webhook at all. A known type with a broken payment is malformed, not unknown.
 */
export function classifyWebhook(body: unknown): ClassifiedWebhook {
  const envelope = webhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) return { kind: 'malformed', reason: issueText(envelope.error) };
  const known: readonly string[] = Object.values(PAYFLOW_EVENT_TYPES);
  if (!known.includes(envelope.data.type)) return { kind: 'unknown', event: envelope.data };
  const payment = paymentWebhookSchema.safeParse(body);
  return payment.success ? { kind: 'payment', event: payment.data } : { kind: 'malformed', reason: issueText(payment.error) };
}

const issueText = (error: z.ZodError): string => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid';
};

/** GET /v1/settlements?date=YYYY-MM-DD: what PayFlow settled that day. */
export const settlementEntrySchema = z.object({
  id: z.string(),
  reference: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  amount: payflowAmountSchema,
  currency: payflowCurrencySchema,
  status: payflowPaymentStatusSchema,
  settledAt: z.string(),
});
export type SettlementEntry = z.infer<typeof settlementEntrySchema>;
export const settlementListSchema = z.object({ date: payflowDateSchema, payments: z.array(settlementEntrySchema) });
export type SettlementList = z.infer<typeof settlementListSchema>;

/** GET /v1/payflow/inbox?after=N&limit=M on the gateway: the webhooks received for the device's branch, in position order. */
export const inboxMessageSchema = z.object({
  position: z.number().int().positive(),
  externalId: z.string(),
  type: z.string(),
  receivedAt: z.string(),
  /** The JSON text exactly as PayFlow sent it. */
  payload: z.string(),
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;
export const inboxResponseSchema = z.object({
  messages: z.array(inboxMessageSchema),
  /** The position to read after next time. */
  checkpoint: z.number().int().nonnegative(),
  /** The branch's newest position now: more to read while checkpoint < head. */
  head: z.number().int().nonnegative(),
});
export type InboxResponse = z.infer<typeof inboxResponseSchema>;

/** What the webhook HMAC-SHA256 covers: the signing time (unix seconds) and the body bytes exactly as sent. */
export const webhookSigningString = (timestampSeconds: number, rawBody: string): string => `${timestampSeconds}.${rawBody}`;

/** `PayFlow-Signature: t=<unix seconds>,v1=<hex>`. */
export const formatSignatureHeader = (timestampSeconds: number, hexSignature: string): string => `t=${timestampSeconds},v1=${hexSignature}`;

export interface ParsedSignatureHeader {
  readonly timestamp: number;
  /** Every v1 signature given (a secret being rotated may sign twice); one must match. */
  readonly signatures: readonly string[];
}

/** Reads the header; undefined when it is missing or not of the form above. */
export function parseSignatureHeader(header: string | undefined): ParsedSignatureHeader | undefined {
  if (!header || header.length > 1024) return undefined;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return undefined;
      signatures.push(value);
    }
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/** True when the signing time is within the tolerance of now (both in unix seconds), either side. */
export const isWithinTolerance = (timestampSeconds: number, nowSeconds: number, toleranceSeconds = PAYFLOW_SIGNATURE_TOLERANCE_SECONDS): boolean =>
  Math.abs(nowSeconds - timestampSeconds) <= toleranceSeconds;
