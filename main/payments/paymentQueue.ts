/**
 * The PayFlow queue: sends held payments to PayFlow when it is configured and the circuit breaker allows, retrying
 * with exponential backoff; otherwise the payment waits, QUEUED (offline is normal). The Idempotency-Key is the
 * payment id, so a payment sent again after a crash between PayFlow's answer and our record of it is the same
 * payment at PayFlow, recorded once here.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import { paymentHoldId, type PaymentState } from '@fidelis/shared/payments/index.js';
import type { PaymentRequest } from '@fidelis/shared/payflow/protocol.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { backoffDelay } from '@fidelis/shared/retry/backoff.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { CircuitBreaker } from './circuitBreaker.js';
import { createPayflowClient, isPermanentRefusal, isRetryable, type PayflowClient, type PayflowConnection } from './payflowClient.js';

export interface PaymentQueueTuning {
  readonly timeoutMs: number;
  /** Retries within one attempt, with backoff from retryBaseMs. */
  readonly retries: number;
  readonly retryBaseMs: number;
  /** Between attempts of the queue: backoff from queueBaseMs to queueMaxMs. */
  readonly queueBaseMs: number;
  readonly queueMaxMs: number;
}

export interface PaymentQueueDeps {
  loadPayment(paymentId: string): Promise<PaymentState>;
  execute(request: unknown, meta: CommandMetaInput): Promise<CommandOutcome>;
  /** Who sent the payment: the queue's steps are recorded as done for them. */
  personOf(paymentId: string): Promise<string | undefined>;
  /** PayFlow's URL and key, when configured. */
  connection(): Promise<PayflowConnection | undefined>;
  /** Payments held and not yet accepted by PayFlow (after a restart: the ones a crash left). */
  listPending(): Promise<string[]>;
  readonly breaker: CircuitBreaker;
  readonly branchId: string;
  readonly tuning: PaymentQueueTuning;
  readonly logger: Logger;
  readonly now: () => number;
  readonly random?: () => number;
  /** Called once PayFlow has accepted a payment, before it is recorded; crash tests kill the process here. */
  readonly afterAccepted?: (paymentId: string, payflowId: string) => void;
  /** Makes a client for a connection (tests may wrap it). */
  readonly clientFor?: (connection: PayflowConnection, timeoutMs: number) => PayflowClient;
}

export interface PaymentQueueStatus {
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
}

export interface PaymentQueue {
  /** A payment is held: send it as soon as PayFlow allows. */
  add(paymentId: string): void;
  /** Takes the payments a previous run left held, and starts sending. */
  start(): Promise<void>;
  /** One pass now over everything waiting; resolves when it is over. */
  runNow(): Promise<void>;
  status(): PaymentQueueStatus;
  close(): Promise<void>;
}

/** How the queue's steps name the process that ran them for the person who sent the payment. */
export const PAYFLOW_QUEUE_PROCESS = 'payflow-queue';

const describe = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code) return `PayFlow cannot be reached (${cause.code}).`;
  if ((error as Error).name === 'TimeoutError') return 'PayFlow did not answer in time.';
  return (error as Error).message;
};

export function createPaymentQueue(deps: PaymentQueueDeps): PaymentQueue {
  const pending = new Set<string>();
  const attempts = new Map<string, number>();
  const random = deps.random ?? Math.random;
  const clientFor = deps.clientFor ?? ((connection, timeoutMs) => createPayflowClient(connection, { timeoutMs }));
  let lastError: string | null = null;
  let nextAttemptAt: number | null = null;
  let queuePasses = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeping = { timer: setTimeout(resolve, ms), resolve };
    });

  function schedule(delayMs: number): void {
    if (closed) return;
    clearTimeout(timer);
    nextAttemptAt = deps.now() + delayMs;
    timer = setTimeout(() => void runNow(), delayMs);
  }

  /** Passes never overlap: a payment is never in flight twice from this workstation. */
  function runNow(): Promise<void> {
    const next = chain.then(pass, pass);
    chain = next.catch((error: unknown) => deps.logger.error({ err: error }, 'PayFlow queue pass failed'));
    return chain;
  }

  async function pass(): Promise<void> {
    if (closed || pending.size === 0) {
      nextAttemptAt = null;
      return;
    }
    const connection = await deps.connection();
    let waiting = false;
    for (const paymentId of [...pending]) {
      if (closed) return;
      const payment = await deps.loadPayment(paymentId);
      if (payment.stage !== 'HELD' && payment.stage !== 'QUEUED') {
        pending.delete(paymentId);
        continue;
      }
      if (connection === undefined) {
        lastError = 'PayFlow is not configured.';
        await markQueued(payment, 'PayFlow is not configured: the payment is sent once it is.');
        continue;
      }
      const sent = await send(payment, connection);
      if (!sent) waiting = true;
    }
    if (connection === undefined) {
      // Nothing to retry until someone configures PayFlow (configure runs a pass).
      nextAttemptAt = null;
      return;
    }
    if (waiting) {
      queuePasses++;
      const breakerAt = deps.breaker.retryAt();
      const delay = Math.max(backoffDelay(queuePasses, { baseMs: deps.tuning.queueBaseMs, maxMs: deps.tuning.queueMaxMs }, random), breakerAt === null ? 0 : breakerAt - deps.now());
      schedule(delay);
    } else {
      queuePasses = 0;
      nextAttemptAt = null;
    }
  }

  /** True when the payment left the queue (accepted, or refused for good). */
  async function send(payment: PaymentState, connection: PayflowConnection): Promise<boolean> {
    const client = clientFor(connection, deps.tuning.timeoutMs);
    const request = requestOf(payment, deps.branchId);
    for (let retry = 0; retry <= deps.tuning.retries; retry++) {
      if (!deps.breaker.tryAcquire()) {
        await markQueued(payment, 'PayFlow is unavailable (circuit breaker open): the payment is sent when it is back.');
        return false;
      }
      const attempt = (attempts.get(payment.paymentId) ?? payment.attempts) + 1;
      attempts.set(payment.paymentId, attempt);
      try {
        const accepted = await client.createPayment(request, payment.paymentId);
        deps.breaker.success();
        lastError = null;
        deps.afterAccepted?.(payment.paymentId, accepted.id);
        await record(payment, { type: 'RecordPaymentSubmission', paymentId: payment.paymentId, payflowId: accepted.id, attempt }, 'submitted');
        pending.delete(payment.paymentId);
        deps.logger.info({ paymentId: payment.paymentId, payflowId: accepted.id, attempt }, 'payment accepted by PayFlow');
        return true;
      } catch (error) {
        lastError = describe(error);
        if (isPermanentRefusal(error)) {
          // PayFlow answered: it is up, and it will never take this payment. Give the money back.
          deps.breaker.success();
          await refuse(payment, error.message);
          pending.delete(payment.paymentId);
          return true;
        }
        if (!isRetryable(error)) {
          // 401/403/404: PayFlow is up but our configuration is wrong; the payment waits for a fix.
          deps.breaker.success();
          await markQueued(payment, lastError);
          return false;
        }
        deps.breaker.failure();
        deps.logger.warn({ paymentId: payment.paymentId, attempt, err: error }, 'PayFlow request failed');
        if (retry < deps.tuning.retries) await sleep(backoffDelay(retry + 1, { baseMs: deps.tuning.retryBaseMs, maxMs: deps.tuning.retryBaseMs * 16 }, random));
      }
    }
    await markQueued(payment, lastError ?? 'PayFlow is unavailable.');
    return false;
  }

  async function markQueued(payment: PaymentState, reason: string): Promise<void> {
    if (payment.stage !== 'HELD') return;
    await record(payment, { type: 'RecordPaymentQueued', paymentId: payment.paymentId, reason }, 'queued');
  }

  async function refuse(payment: PaymentState, reason: string): Promise<void> {
    const holdId = paymentHoldId(payment.paymentId);
    try {
      await deps.execute({ type: 'ReleaseHold', accountId: payment.accountId, holdId }, { commandId: `${holdId}:release`, ...(await onBehalfOf(payment)) });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'HOLD_NOT_FOUND')) throw error;
    }
    await record(payment, { type: 'FailExternalPayment', paymentId: payment.paymentId, reason, code: 'PAYFLOW_REJECTED' }, 'refused');
  }

  /** The queue's steps name the person who sent the payment, and the queue as the process that ran them. */
  async function onBehalfOf(payment: PaymentState): Promise<CommandMetaInput> {
    const person = await deps.personOf(payment.paymentId);
    return { process: PAYFLOW_QUEUE_PROCESS, ...(person === undefined ? {} : { actor: person }) };
  }

  /** Records a step; a payment that moved on meanwhile (a webhook came first) keeps what it has. */
  async function record(payment: PaymentState, request: Record<string, unknown>, step: string): Promise<void> {
    try {
      await deps.execute(request, { commandId: `${paymentHoldId(payment.paymentId)}:${step}`, ...(await onBehalfOf(payment)) });
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'PAYMENT_STEP_OUT_OF_ORDER' || error.code === 'IDEMPOTENCY_CONFLICT')) return;
      throw error;
    }
  }

  return {
    add(paymentId) {
      pending.add(paymentId);
      void runNow();
    },
    async start() {
      for (const paymentId of await deps.listPending()) pending.add(paymentId);
      if (pending.size > 0) void runNow();
    },
    async runNow() {
      // Explicit runs (a CLI command, a test) also take payments the process manager has not handed over yet.
      for (const paymentId of await deps.listPending()) pending.add(paymentId);
      return runNow();
    },
    status: () => ({ lastError, nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt).toISOString() }),
    async close() {
      closed = true;
      clearTimeout(timer);
      if (sleeping) {
        clearTimeout(sleeping.timer);
        sleeping.resolve();
      }
      await chain;
    },
  };
}

/** What PayFlow is asked to pay: minor units, our payment id as reference, our branch so its webhooks come back here. */
export function requestOf(payment: PaymentState, branchId: string): PaymentRequest {
  return {
    amount: payment.amount.toString(),
    currency: payment.currency,
    reference: payment.paymentId,
    debtor: { accountId: payment.accountId, accountNumber: payment.accountNumber, name: payment.debtorName, branchId },
    creditor: { name: payment.beneficiary!.name, accountNumber: payment.beneficiary!.accountNumber, bankCode: payment.beneficiary!.bankCode },
    ...(payment.memo === undefined ? {} : { memo: payment.memo }),
  };
}
