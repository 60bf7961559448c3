/** The simulator's books: payments by id and by idempotency key, their outcomes, and the settlement list (which tests may make disagree). */

import { randomBytes } from 'node:crypto';
import { canonicalJson } from '@fidelis/shared/json/canonicalJson.js';
import type {
  PaymentRequest,
  PaymentResponse,
  PayflowPaymentStatus,
  SettlementEntry,
  SettlementList,
  WebhookParty,
  WebhookPayment,
} from '@fidelis/shared/payflow/protocol.js';

export interface SimPayment {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly idempotencyKey?: string;
  /** The request body as canonical JSON: a repeated key must come with the same body. */
  readonly requestFingerprint?: string;
  readonly amount: string;
  readonly currency: string;
  readonly reference: string;
  readonly debtor: WebhookParty;
  readonly creditor: WebhookParty;
  readonly memo?: string;
  readonly createdAt: string;
  status: PayflowPaymentStatus;
  settledAt?: string;
  failureReason?: string;
}

export type CreateOutcome =
  | { readonly kind: 'created'; readonly payment: SimPayment }
  | { readonly kind: 'repeated'; readonly payment: SimPayment }
  | { readonly kind: 'conflict'; readonly payment: SimPayment };

export interface SettlementChange {
  readonly amount?: string;
  readonly status?: PayflowPaymentStatus;
}

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

export function createPaymentBook(now: () => number) {
  const payments = new Map<string, SimPayment>();
  const byKey = new Map<string, string>();
  const dropped = new Set<string>();
  const altered = new Map<string, SettlementChange>();
  const extra: SettlementEntry[] = [];

  const find = (idOrReference: string): SimPayment | undefined =>
    payments.get(idOrReference) ?? [...payments.values()].find((p) => p.reference === idOrReference);

  return {
    /** A payment request under an idempotency key: new, the same again (same answer), or the key reused for another body. */
    create(key: string, rawBody: unknown, request: PaymentRequest): CreateOutcome {
      const fingerprint = canonicalJson(rawBody);
      const existingId = byKey.get(key);
      if (existingId) {
        const existing = payments.get(existingId)!;
        return { kind: existing.requestFingerprint === fingerprint ? 'repeated' : 'conflict', payment: existing };
      }
      const payment: SimPayment = {
        id: newId('pf'),
        direction: 'outbound',
        idempotencyKey: key,
        requestFingerprint: fingerprint,
        amount: request.amount,
        currency: request.currency,
        reference: request.reference,
        debtor: request.debtor,
        creditor: request.creditor,
        ...(request.memo !== undefined ? { memo: request.memo } : {}),
        createdAt: new Date(now()).toISOString(),
        status: 'pending',
      };
      payments.set(payment.id, payment);
      byKey.set(key, payment.id);
      return { kind: 'created', payment };
    },

    /** Money arriving from another bank for a Fidelis account: already completed when PayFlow tells us. */
    inbound(input: { amount: string; currency: string; creditor: WebhookParty; debtor: WebhookParty; reference: string }): SimPayment {
      const at = new Date(now()).toISOString();
      const payment: SimPayment = { id: newId('pf'), direction: 'inbound', ...input, createdAt: at, status: 'completed', settledAt: at };
      payments.set(payment.id, payment);
      return payment;
    },

    find,
    all: (): readonly SimPayment[] => [...payments.values()],

    /** Settles a pending payment one way or the other; undefined when it is not pending (a final state never changes). */
    finish(payment: SimPayment, status: 'completed' | 'failed', failureReason?: string): SimPayment | undefined {
      if (payment.status !== 'pending') return undefined;
      payment.status = status;
      payment.settledAt = new Date(now()).toISOString();
      if (status === 'failed') payment.failureReason = failureReason ?? 'declined by the beneficiary bank';
      return payment;
    },

    dropFromSettlement(id: string) {
      dropped.add(id);
    },
    alterSettlement(id: string, change: SettlementChange) {
      altered.set(id, change);
    },
    addSettlementEntry(entry: SettlementEntry) {
      extra.push(entry);
    },

    /** Payments that reached a final state on the day (UTC), as PayFlow reports them, with any disagreement a test asked for. */
    settlements(date: string): SettlementList {
      const listed = [...payments.values()]
        .filter((p) => p.settledAt?.startsWith(date) && !dropped.has(p.id))
        .map((p): SettlementEntry => {
          const change = altered.get(p.id) ?? {};
          return {
            id: p.id,
            reference: p.reference,
            direction: p.direction,
            amount: change.amount ?? p.amount,
            currency: p.currency,
            status: change.status ?? p.status,
            settledAt: p.settledAt!,
          };
        });
      return { date, payments: [...listed, ...extra.filter((e) => e.settledAt.startsWith(date))] };
    },
  };
}

export type PaymentBook = ReturnType<typeof createPaymentBook>;

export const responseOf = (p: SimPayment): PaymentResponse => ({
  id: p.id,
  status: p.status,
  reference: p.reference,
  amount: p.amount,
  currency: p.currency,
  createdAt: p.createdAt,
  ...(p.failureReason !== undefined ? { failureReason: p.failureReason } : {}),
});

export const webhookPaymentOf = (p: SimPayment): WebhookPayment => ({
  id: p.id,
  direction: p.direction,
  amount: p.amount,
  currency: p.currency,
  reference: p.reference,
  status: p.status,
  debtor: p.debtor,
  creditor: p.creditor,
  ...(p.failureReason !== undefined ? { failureReason: p.failureReason } : {}),
});
