/**
 * The PayFlow integration as one part of the host: the circuit breaker, the queue that sends held payments, the
 * gateway inbox, the payment process manager, the anti-corruption layer and the read models, started and stopped
 * together. createHost builds it; everything reaches the ledger through executeInternal.
 */

import type { RxCollection } from 'rxdb';
import type { Observable } from 'rxjs';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import { PAYMENT_CATEGORY } from '@fidelis/shared/payments/index.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { InboxResponse } from '@fidelis/shared/payflow/protocol.js';
import type { AccountState } from '@fidelis/shared/accounts/index.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import { loadAggregate } from '../ledger/loadAggregate.js';
import { payflowMessageSlice, paymentSlice } from './paymentSlice.js';
import type { RecentStates } from '../ledger/recentStates.js';
import type { SnapshotStore } from '../ledger/snapshots.js';
import type { Logger } from '../log.js';
import type { Processing } from '../processing/processingEngine.js';
import type { ReadModels } from '../projections/readModels.js';
import type { Settings } from '../settings.js';
import type { EventStore } from '../store/eventStore.js';
import type { SyncStateDocument } from '../sync/syncStateSchema.js';
import { createCircuitBreaker } from './circuitBreaker.js';
import { payflowAclHandler } from './payflowAcl.js';
import { createPayflowInbox } from './payflowInbox.js';
import { PAYMENT_LIST, paymentListProjection, type PaymentListRow } from './paymentListProjection.js';
import { paymentProcessManager } from './paymentProcessManager.js';
import { createPaymentQueue } from './paymentQueue.js';
import { createPayments, storedPayflowConnection, type Payments } from './payments.js';
import { reconciliationItemsProjection } from './reconciliationItemsProjection.js';

export interface PaymentsModuleDeps {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly snapshots: SnapshotStore;
  readonly recent?: RecentStates;
  readonly readModels: ReadModels;
  readonly processing: Processing;
  readonly syncstate: RxCollection<SyncStateDocument>;
  readonly sync: { gatewayClient(): Promise<{ payflowInbox(after: number, limit: number): Promise<InboxResponse> }>; readonly passes$: Observable<unknown>; syncNow(): Promise<unknown>; isRunning(): boolean };
  readonly settings: Settings;
  readonly logger: Logger;
  readonly clock: () => Date;
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /** host.execute: teller commands, as a caller would send them. */
  executeTeller(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  loadAccount(accountId: string): Promise<AccountState>;
  /** Crash tests: called once PayFlow accepted a payment, before it is recorded. */
  readonly afterPayflowAccepted?: ((paymentId: string, payflowId: string) => void) | undefined;
}

export interface PaymentsModule {
  readonly payments: Payments;
  /** Read models first (before the host waits for inline ones), then handlers, the queue and the inbox. */
  addReadModels(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createPaymentsModule(deps: PaymentsModuleDeps): PaymentsModule {
  const { settings, logger } = deps;
  const now = () => deps.clock().getTime();
  const loadPayment = async (paymentId: string) => (await loadAggregate(deps.store, deps.registry, paymentSlice, paymentId, {}, deps.snapshots, deps.recent)).state;
  const loadMessage = async (externalId: string) => (await loadAggregate(deps.store, deps.registry, payflowMessageSlice, externalId, {}, deps.snapshots, deps.recent)).state;
  const execute = (request: unknown, meta: CommandMetaInput) => deps.execute(request, meta);
  const defaults = { url: settings.payflowUrl, apiKey: settings.payflowApiKey, timeoutMs: settings.payflowTimeoutMs };
  const breaker = createCircuitBreaker({ failureThreshold: settings.payflowBreakerThreshold, coolDownMs: settings.payflowBreakerCoolDownMs }, now);
  const queue = createPaymentQueue({
    loadPayment,
    execute,
    async personOf(paymentId) {
      const [sent] = await deps.store.readStream(streamIdOf(PAYMENT_CATEGORY, paymentId), { fromVersion: 0, toVersion: 0 });
      return sent?.meta.actor;
    },
    connection: () => storedPayflowConnection(deps.syncstate, defaults),
    async listPending() {
      const rows = await deps.readModels.documents<PaymentListRow>(PAYMENT_LIST, { where: { direction: 'outbound' } });
      return rows.filter((row) => row.stage === 'HELD' || row.stage === 'QUEUED').map((row) => row.paymentId);
    },
    breaker,
    branchId: settings.branchId,
    tuning: {
      timeoutMs: settings.payflowTimeoutMs,
      retries: settings.payflowRetries,
      retryBaseMs: settings.payflowRetryBaseMs,
      queueBaseMs: settings.payflowQueueBaseMs,
      queueMaxMs: settings.payflowQueueMaxMs,
    },
    logger,
    now,
    ...(deps.afterPayflowAccepted ? { afterAccepted: deps.afterPayflowAccepted } : {}),
  });
  const inbox = createPayflowInbox({
    syncstate: deps.syncstate,
    gateway: () => deps.sync.gatewayClient(),
    passes$: deps.sync.passes$,
    syncNow: () => deps.sync.syncNow(),
    isSyncRunning: () => deps.sync.isRunning(),
    execute,
    logger,
    intervalMs: settings.payflowInboxIntervalMs,
  });
  const payments = createPayments({ store: deps.store, readModels: deps.readModels, syncstate: deps.syncstate, defaults, queue, inbox, breaker, logger, execute: deps.execute, executeTeller: deps.executeTeller, loadPayment });

  return {
    payments,
    async addReadModels() {
      await deps.processing.addProjection(paymentListProjection);
      await deps.processing.addProjection(reconciliationItemsProjection);
    },
    async start() {
      await deps.processing.subscribe(paymentProcessManager({ loadPayment, readyToSend: (paymentId) => queue.add(paymentId) }));
      await deps.processing.subscribe(
        payflowAclHandler({ loadPayment, loadAccount: deps.loadAccount, isApplied: async (externalId) => (await loadMessage(externalId)).stage === 'APPLIED' }),
      );
      await queue.start();
      inbox.start();
    },
    async close() {
      await inbox.close();
      await queue.close();
    },
  };
}
