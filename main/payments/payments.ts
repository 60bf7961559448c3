/**
 * External payments as the host offers them: send (held, then sent to PayFlow by the queue), list and status, PayFlow's
 * configuration, the inbox, and the day's reconciliation with PayFlow's settlements (mismatches become items to resolve).
 */

import type { RxCollection } from 'rxdb';
import { z } from 'zod';
import type { PaymentStatus, PaymentsStatus } from '@fidelis/shared/payments/api.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import {
  PAYMENT_CATEGORY,
  dateOfItem,
  reconcilePayments,
  type FidelisExternalPayment,
  type PaymentStage,
  type PaymentState,
  type ReconciliationItem,
} from '@fidelis/shared/payments/index.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { ReadModels } from '../projections/readModels.js';
import type { EventStore } from '../store/eventStore.js';
import type { SyncStateDocument } from '../sync/syncStateSchema.js';
import type { CircuitBreaker } from './circuitBreaker.js';
import { createPayflowClient, type PayflowConnection } from './payflowClient.js';
import type { PayflowInbox } from './payflowInbox.js';
import { PAYMENT_LIST, type PaymentListRow } from './paymentListProjection.js';
import type { PaymentQueue } from './paymentQueue.js';
import { RECONCILIATION_ITEMS, type ReconciliationItemRow } from './reconciliationItemsProjection.js';

const CONFIG_ID = 'payflow-config';

const payflowConfigSchema = z.object({
  url: z.url('PayFlow is a URL such as http://127.0.0.1:8790.'),
  apiKey: z.string().trim().min(1, 'Give the API key PayFlow issued.').max(500),
});

export interface SendPaymentInput {
  readonly accountId: string;
  readonly amount: string;
  readonly beneficiary: { readonly name: string; readonly accountNumber: string; readonly bankCode: string };
  readonly memo?: string | undefined;
  readonly paymentId?: string | undefined;
}

export interface ReconcileOutcome {
  readonly date: string;
  readonly matched: number;
  /** Every item of the day (raised now or before), open or resolved. */
  readonly items: readonly ReconciliationItemRow[];
  /** Items this run raised. */
  readonly raised: number;
}

export interface Payments {
  /**
   * Records the payment and answers once its funds are on hold (or it has failed): PayFlow gets it in the
   * background. `run` is the command runner of the caller (host.executeAs for a signed-in person).
   */
  send(input: SendPaymentInput, meta?: CommandMetaInput, run?: (request: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>): Promise<{ paymentId: string; status: PaymentStatus }>;
  list(options?: { limit?: number }): Promise<PaymentListRow[]>;
  show(paymentId: string): Promise<PaymentListRow>;
  status(): Promise<PaymentsStatus>;
  /** Stores PayFlow's URL and API key in the data dir; answers the URL only (the key is never shown back). */
  configure(input: { url?: string | undefined; apiKey?: string | undefined }): Promise<{ url: string; apiKeySet: boolean }>;
  /** Reads the branch's PayFlow inbox on the gateway now. */
  pullInbox(): ReturnType<PayflowInbox['pull']>;
  /** Sends what is queued now (tests, `fidelis payments send --wait`). */
  runQueue(): Promise<void>;
  reconcile(date: string, actor: string): Promise<ReconcileOutcome>;
  reconciliation(filter?: { date?: string | undefined; status?: 'open' | 'resolved' | 'all' | undefined }): Promise<ReconciliationItemRow[]>;
  resolveItem(itemId: string, note: string, actor: string): Promise<{ itemId: string; status: 'open' | 'resolved' }>;
}

export interface PaymentsDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly syncstate: RxCollection<SyncStateDocument>;
  readonly defaults: { readonly url?: string | undefined; readonly apiKey?: string | undefined; readonly timeoutMs: number };
  readonly queue: PaymentQueue;
  readonly inbox: PayflowInbox;
  readonly breaker: CircuitBreaker;
  readonly logger: Logger;
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /** The trusted teller entry (host.execute): what `send` runs when the caller gives no runner of its own. */
  executeTeller(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  loadPayment(paymentId: string): Promise<PaymentState>;
}

export const statusOfStage = (stage: Exclude<PaymentStage, 'NONE'>): PaymentStatus => (stage === 'REQUESTED' ? 'HELD' : stage);

/** How long `send` waits for the process manager to put the funds on hold before it answers anyway. */
const HOLD_WAIT_MS = 10_000;

/** PayFlow's configuration as stored (or the settings' defaults); undefined until both URL and key are known. */
export async function storedPayflowConnection(syncstate: RxCollection<SyncStateDocument>, defaults: PaymentsDeps['defaults']): Promise<PayflowConnection | undefined> {
  const doc = await syncstate.findOne(CONFIG_ID).exec();
  const data = doc?.toMutableJSON().data ?? {};
  const url = typeof data.url === 'string' ? data.url : defaults.url;
  const apiKey = typeof data.apiKey === 'string' ? data.apiKey : defaults.apiKey;
  return url !== undefined && apiKey !== undefined ? { url, apiKey } : undefined;
}

export function createPayments(deps: PaymentsDeps): Payments {
  const rows = (limit = 10_000) => deps.readModels.documents<PaymentListRow>(PAYMENT_LIST, { limit });

  async function waitForHold(paymentId: string): Promise<PaymentState> {
    const streamId = streamIdOf(PAYMENT_CATEGORY, paymentId);
    let signal: () => void = () => undefined;
    // Listen before looking, so a step recorded between the look and the listening is not missed.
    const listening = deps.store.appended$.subscribe((events) => {
      if (events.some((e) => e.streamId === streamId)) signal();
    });
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), HOLD_WAIT_MS)));
    try {
      for (;;) {
        const moved = new Promise<true>((resolve) => (signal = () => resolve(true)));
        const state = await deps.loadPayment(paymentId);
        if (state.stage !== 'REQUESTED' && state.stage !== 'NONE') return state;
        if (!(await Promise.race([moved, timedOut]))) return state;
      }
    } finally {
      listening.unsubscribe();
      clearTimeout(timeout);
    }
  }

  async function fidelisPayments(): Promise<FidelisExternalPayment[]> {
    return (await rows()).map((row) => ({
      paymentId: row.paymentId,
      payflowId: row.payflowId,
      direction: row.direction,
      amount: row.amount,
      currency: row.currency,
      status: row.status,
      settledAt: row.settledAt,
    }));
  }

  return {
    async send(input, meta = {}, run = (request, m) => deps.executeTeller(request, m)) {
      const outcome = await run(
        {
          type: 'SendExternalPayment',
          accountId: input.accountId,
          amount: input.amount,
          beneficiary: input.beneficiary,
          ...(input.memo === undefined || input.memo === '' ? {} : { memo: input.memo }),
          ...(input.paymentId === undefined ? {} : { paymentId: input.paymentId }),
        },
        meta,
      );
      const paymentId = outcome.aggregateId;
      // The caller's answer comes once nothing else can spend the money: the hold is placed (or the payment failed).
      const state = await waitForHold(paymentId);
      return { paymentId, status: state.stage === 'NONE' ? 'HELD' : statusOfStage(state.stage) };
    },

    async list(options = {}) {
      const all = await rows();
      return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, options.limit ?? 100);
    },

    async show(paymentId) {
      const row = (await deps.readModels.documents<PaymentListRow>(PAYMENT_LIST, { where: { paymentId } }))[0];
      if (!row) throw new DomainError('PAYMENT_NOT_FOUND', `No payment ${paymentId}.`, 'paymentId');
      return row;
    },

    async status() {
      const queued = (await rows()).filter((row) => row.direction === 'outbound' && (row.stage === 'HELD' || row.stage === 'QUEUED')).length;
      const queue = deps.queue.status();
      return {
        configured: (await storedPayflowConnection(deps.syncstate, deps.defaults)) !== undefined,
        breaker: deps.breaker.state().state,
        queued,
        lastError: queue.lastError,
        nextAttemptAt: queue.nextAttemptAt,
      };
    },

    async configure(input) {
      const current = (await deps.syncstate.findOne(CONFIG_ID).exec())?.toMutableJSON().data ?? {};
      const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const config = parseOrThrow(payflowConfigSchema, { url: deps.defaults.url, apiKey: deps.defaults.apiKey, ...current, ...given });
      await deps.syncstate.upsert({ id: CONFIG_ID, kind: 'config', status: 'set', seq: 0, data: { ...config } });
      deps.logger.info({ url: config.url }, 'PayFlow configured');
      // Payments that waited for a configuration go now.
      void deps.queue.runNow();
      return { url: config.url, apiKeySet: true };
    },

    pullInbox: () => deps.inbox.pull(),
    runQueue: () => deps.queue.runNow(),

    async reconcile(date, actor) {
      parseOrThrow(z.object({ date: z.iso.date('A day is YYYY-MM-DD.') }), { date });
      const connection = await storedPayflowConnection(deps.syncstate, deps.defaults);
      if (!connection) throw new DomainError('PAYFLOW_NOT_CONFIGURED', 'PayFlow is not configured: run `fidelis payments configure --url … --api-key …`.', 'payflowUrl');
      let settlements;
      try {
        settlements = await createPayflowClient(connection, { timeoutMs: deps.defaults.timeoutMs }).settlements(date);
      } catch (error) {
        throw new DomainError('PAYFLOW_UNAVAILABLE', `PayFlow's settlement list cannot be read now: ${(error as Error).message}`);
      }
      const result = reconcilePayments(date, await fidelisPayments(), settlements.payments);
      const known = new Set((await this.reconciliation({ date, status: 'all' })).map((item) => item.itemId));
      const fresh: ReconciliationItem[] = result.items.filter((item) => !known.has(item.itemId));
      if (fresh.length > 0) {
        await deps.execute({ type: 'RaiseReconciliationItems', date, items: fresh }, { actor });
      }
      deps.logger.info({ date, matched: result.matched, items: result.items.length, raised: fresh.length }, 'reconciled with PayFlow');
      return { date, matched: result.matched, items: await this.reconciliation({ date, status: 'all' }), raised: fresh.length };
    },

    async reconciliation(filter = {}) {
      const where: Record<string, unknown> = {};
      if (filter.date !== undefined) where.date = filter.date;
      if (filter.status !== undefined && filter.status !== 'all') where.status = filter.status;
      const items = await deps.readModels.documents<ReconciliationItemRow>(RECONCILIATION_ITEMS, { where, orderBy: 'key' });
      return items;
    },

    async resolveItem(itemId, note, actor) {
      const date = dateOfItem(itemId);
      if (date === undefined) throw new DomainError('RECONCILIATION_ITEM_NOT_FOUND', `No reconciliation item ${itemId}.`, 'itemId');
      await deps.execute({ type: 'ResolveReconciliationItem', date, itemId, note, actor }, { actor });
      return { itemId, status: 'resolved' };
    },
  };
}
