/** Wires processing for a host: the engine, the ledger's projections and handlers, the read side, alerts and metrics. */

import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { parseAmount } from '@fidelis/shared/money/money.js';
import { usdOfCents } from '@fidelis/shared/rates/exchangeRate.js';
import { createAlerts, type Alerts } from '../compliance/alerts.js';
import type { ExecuteCommand } from '../handlers/handler.js';
import { COMPLIANCE_ALERTS_HANDLER, complianceAlertsHandler, type ComplianceRules } from '../compliance/complianceAlertsHandler.js';
import { accountFactsHandler, notificationsHandler } from '../handlers/ledgerHandlers.js';
import type { Logger } from '../log.js';
import { ledgerProjections } from '../projections/ledgerProjections.js';
import { createReadModelStore } from '../projections/readModelStore.js';
import { createReadModels, type ReadModels } from '../projections/readModels.js';
import type { Settings } from '../settings.js';
import type { EventStore } from '../store/eventStore.js';
import type { LedgerDatabase } from '../store/ledgerDatabase.js';
import { createCheckpoints } from './checkpoints.js';
import { createDeadLetterStore } from './deadLetters.js';
import { createLedgerMetrics, type LedgerMetrics } from './metrics.js';
import { createPriorityLanes } from './priorityLanes.js';
import { createProcessing, type Processing } from './processingEngine.js';

export interface LedgerProcessing {
  readonly processing: Processing;
  readonly readModels: ReadModels;
  readonly alerts: Alerts;
  readonly metrics: LedgerMetrics;
  /** Starts every subscription; inline projections are repaired up to the head before it resolves. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LedgerProcessingDeps {
  readonly database: LedgerDatabase;
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The host's execute, for handlers and process managers that issue commands. */
  readonly execute: ExecuteCommand;
}

export function createLedgerProcessing(deps: LedgerProcessingDeps): LedgerProcessing {
  const { database, store, settings, logger, now } = deps;
  const readModelStore = createReadModelStore(database.collections.readmodels);
  const processing = createProcessing({
    store,
    registry: deps.registry,
    checkpoints: createCheckpoints(database.collections.checkpoints, now),
    deadLetters: createDeadLetterStore(database.collections.deadletters, now),
    readModels: readModelStore,
    lanes: createPriorityLanes(),
    options: {
      batchSize: settings.processingBatchSize,
      maxRetries: settings.processingMaxRetries,
      retryBaseMs: settings.processingRetryBaseMs,
      lagWarning: settings.processingLagWarning,
    },
    logger,
    now,
    execute: deps.execute,
  });
  const metrics = createLedgerMetrics(store, () => processing.status());
  const rules: ComplianceRules = {
    largeDeposit: settings.alertLargeDeposit,
    largeWithdrawal: settings.alertLargeWithdrawal,
    timeZone: settings.timeZone,
    // Structuring is judged in USD against the CTR threshold it is meant to evade.
    structuring: {
      threshold: usdOfCents(parseAmount(settings.reportCtrThreshold, 'USD', 'reportCtrThreshold')),
      nearPercent: settings.alertStructuringNearPercent,
      minCount: settings.alertStructuringCount,
      windows: settings.alertStructuringWindows,
    },
  };

  return {
    processing,
    readModels: createReadModels(readModelStore, processing),
    alerts: createAlerts({
      store: readModelStore,
      execute: deps.execute,
      handlerReached: (seq) => processing.waitFor(COMPLIANCE_ALERTS_HANDLER, seq),
      headSeq: () => store.headSeq(),
      logger,
    }),
    metrics,
    async start() {
      for (const projection of ledgerProjections(() => settings.timeZone)) await processing.addProjection(projection);
      await processing.subscribe(complianceAlertsHandler(readModelStore, rules, logger));
      await processing.subscribe(notificationsHandler(readModelStore, () => rules.largeWithdrawal, logger));
      if (settings.factEvents) {
        // Identity read when a fact is written: a workstation joining a branch takes the gateway's device id and branch.
        await processing.subscribe(
          accountFactsHandler({
            store,
            registry: deps.registry,
            get deviceId() {
              return settings.deviceId;
            },
            get branchId() {
              return settings.branchId;
            },
          }),
        );
      }
      // Inline read models are written document by document: after a crash they are repaired from their checkpoint, never trusted.
      await processing.waitForInline(store.headSeq());
    },
    async stop() {
      await processing.stop({ drainMs: settings.processingDrainMs });
      metrics.stop();
    },
  };
}
