/** The composition root: builds the whole main side for the desktop app, the CLI, browser mode and the tests. */

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import type { EventEnvelope, EventMeta } from '@fidelis/shared/events/envelope.js';
import { toAccountView, type AccountView } from '@fidelis/shared/accounts/index.js';
import { commandMetaSchema, commandRequestSchema, tellerCommandRequestSchema, type CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import { accountSlice } from './accounts/accountSlice.js';
import { hashCommand, runCommand, type CommandOutcome } from './ledger/commandPipeline.js';
import { COMMAND_PERMISSION, requirePermission, requiresApproval, type Approval, type Principal, type StaffCommand } from '@fidelis/shared/staff/index.js';
import { createStaff, type Staff } from './staff/staff.js';
import { staffSlice } from './staff/staffSlice.js';
import { staffDirectoryProjection } from './staff/staffDirectory.js';
import { routeCommand } from './ledger/commandRouter.js';
import { transferSlice } from './transfers/transferSlice.js';
import { transferProcessManager, type TransferStep } from './transfers/transferProcessManager.js';
import { createTransfers, type Transfers } from './transfers/transfers.js';
import { transferListProjection } from './transfers/transferListProjection.js';
import { createTransfersApi } from './transfers/transfersApi.js';
import type { TransfersFeature } from './api/hostFeatures.js';
import { loadAggregate } from './ledger/loadAggregate.js';
import { createFileLogger, silentLogger, type Logger } from './log.js';
import { inMemorySettings, loadSettings, type Settings } from './settings.js';
import { lockDataDir, type DataDirLock } from './store/dataDirLock.js';
import { createEventStore, type EventStore, type StreamRange } from './store/eventStore.js';
import { inMemoryIndexedDb } from './store/indexedDb/inMemory.js';
import { onDiskIndexedDb } from './store/indexedDb/onDisk.js';
import { openLedgerDatabase, type LedgerDatabase } from './store/ledgerDatabase.js';
import { createSyncModule, type SyncModule, type SyncOptions } from './sync/syncModule.js';
import { createLedgerProcessing } from './processing/ledgerProcessing.js';
import type { Processing } from './processing/processingEngine.js';
import type { LedgerMetrics } from './processing/metrics.js';
import type { ReadModels } from './projections/readModels.js';
import type { Alerts } from './compliance/alerts.js';
import type { Upcaster } from '@fidelis/shared/events/registry.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { applyEnrichers, type Enricher } from './enrichment/enrichers.js';
import { createExplorer, type Explorer } from './events/explorer.js';
import { createExplorerApi } from './events/explorerApi.js';
import type { ExplorerFeature, TracingFeature } from './api/hostFeatures.js';
import type { AlertsFeature, ProcessingFeature, ReadModelChanges } from './api/hostFeatures.js';
import { createAlertsFeature } from './compliance/alertsApi.js';
import { createSyncFeature } from './sync/syncApi.js';
import { createReportsFeature } from './reports/reportsApi.js';
import { createPaymentsFeature } from './payments/paymentsApi.js';
import type { PaymentsFeature } from './api/hostFeatures.js';
import { createPaymentsModule } from './payments/paymentsModule.js';
import type { Payments } from './payments/payments.js';
import type { ReportsFeature, SyncFeature } from './api/hostFeatures.js';
import { createProcessingFeature } from './processing/processingApi.js';
import { createReadModelChangeFeed } from './api/readModelChanges.js';
import { accountDirectoryProjection } from './accounts/accountDirectory.js';
import { hourlyVolumeProjection } from './dashboard/hourlyVolume.js';
import { createSnapshotStore } from './ledger/snapshots.js';
import { createSnapshotService, type SnapshotService } from './ledger/snapshotsService.js';
import { loadAggregateAt, parseTemporalPoint } from './ledger/temporal.js';
import { createReports, type Reports } from './reports/reports.js';
import { verifyLedger, type LedgerVerification, type VerifyProgress } from './integrity/ledgerVerify.js';
import { backupDataDir, migrateDataDir, planDataDirFormat, type FormatPlan, type Progress } from './store/formatVersion.js';

export type HostOptions = (
  | { readonly dataDir: string; readonly inMemory?: false }
  | { readonly inMemory: true; readonly dataDir?: undefined }
) & {
  readonly settings?: Partial<Settings>;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** Called after each step the transfer process manager takes; crash tests kill the process there. */
  readonly afterTransferStep?: (step: TransferStep, transferId: string) => void;
  /** Called once PayFlow has accepted a payment, before it is recorded; crash tests kill the process there. */
  readonly afterPayflowAccepted?: (paymentId: string, payflowId: string) => void;
  /** Add metadata extensions (tenant, request id, workstation…) to every command and its events, in this order. */
  readonly enrichers?: readonly Enricher[];
  /** Replaces the ledger's upcasters (tests of the start-up checks); the chain is checked before anything opens. */
  readonly upcasters?: readonly Upcaster[];
  /** Progress of long start-up work (a data-dir migration), e.g. the CLI's progress bar on stderr. */
  readonly progress?: Progress;
  /** Tuning of the sync module (batch sizes, timeouts, backoff); it is configured through host.sync.configure. */
  readonly sync?: SyncOptions;
};

/** An account as it stood at a version or time: a view only, so there is nothing to decide a command against. */
export interface TemporalAccount {
  readonly readOnly: true;
  readonly account: AccountView;
  /** The version shown, and the time asked for (as-of loads). */
  readonly pointInTime: { readonly version: number; readonly asOf?: string };
  /** The newest version of the stream, whatever point is shown. */
  readonly headVersion: number;
  /** The snapshot the load started from, if any, and how many events it replayed. */
  readonly snapshotVersion: number | null;
  readonly replayed: number;
  /** Always refused with READ_ONLY: history is read, never decided upon. */
  execute(request: unknown): Promise<never>;
}

export interface Host {
  readonly settings: Settings;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Validates and runs a command; resolves once its events are durable. Throws DomainError when refused. */
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /**
   * A command on behalf of a signed-in person: authorised from their roles (COMMAND_PERMISSION), recorded with them as
   * actor; over the dual-control amount it needs `approval` from another person holding 'approve' (meta.approvedBy).
   */
  executeAs(principal: Principal, request: unknown, meta?: CommandMetaInput, approval?: Approval): Promise<CommandOutcome>;
  /** Staff users, sign-in and sessions. */
  readonly staff: Staff;
  getAccount(accountId: string, range?: StreamRange): Promise<AccountView | undefined>;
  readStream(streamId: string, range?: StreamRange): Promise<EventEnvelope[]>;
  /** Subscriptions, dead-letter queues, projection rebuilds, priority lanes. */
  readonly processing: Processing;
  readonly readModels: ReadModels;
  readonly alerts: Alerts;
  readonly metrics: LedgerMetrics;
  /** Start, show and wait for transfers; the transfer process manager moves the money. */
  readonly transfers: Transfers;
  /** Transfers as the renderer API serves them (start, list with live status). */
  readonly transfersApi: TransfersFeature;
  /** An account at a version (`atVersion`) or as of a time (`asOf`, ISO): exactly one of them. Read-only. */
  accountAt(accountId: string, point: { atVersion?: number | string | undefined; asOf?: string | undefined }): Promise<TemporalAccount>;
  /** Manual snapshots (for one aggregate, one type, or all), listing and deleting. */
  readonly snapshots: SnapshotService;
  /** Event-store exploration and causation traces. */
  readonly explore: Explorer;
  /** The explorer and traces in the renderer API's shapes (main/api/hostFeatures.ts). */
  readonly explorerApi: ExplorerFeature;
  readonly tracingApi: TracingFeature;
  /** Compliance alerts, operations and live read-model changes in the renderer API's shapes (main/api/features/). */
  readonly alertsApi: AlertsFeature;
  readonly processingApi: ProcessingFeature;
  readonly readModelChanges: ReadModelChanges;
  /** Replication to the gateway: status, the background loop, exceptions, stand-in limits, verify. */
  readonly sync: SyncModule;
  /** Sync status and the exception queue in the renderer API's shapes (main/api/features/syncFeature.ts). */
  readonly syncApi: SyncFeature;
  /** Report previews and exports in the renderer API's shapes (main/api/features/reportsFeature.ts). */
  readonly reportsApi: ReportsFeature;
  /** Regulatory reports and exports (CTR, structuring, large, trial balance, statement, audit) as of a cut-off. */
  readonly reports: Reports;
  /** Tamper evidence: recomputes every stream's hash chain from the stored commits and names the first broken link. */
  verify(progress?: VerifyProgress): Promise<LedgerVerification>;
  /** External payments through PayFlow: send, list, status, configuration, inbox, reconciliation (main/payments/). */
  readonly payments: Payments;
  /** External payments in the renderer API's shapes (main/api/features/paymentsFeature.ts). */
  readonly paymentsApi: PaymentsFeature;
  close(): Promise<void>;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const clock = options.clock ?? (() => new Date());
  // Built first: a broken upcaster chain stops start-up before any file is touched.
  const registry = createLedgerEventRegistry(options.upcasters);
  let lock: DataDirLock | undefined;
  let formatPlan: FormatPlan | undefined;
  let database: LedgerDatabase | undefined;
  try {
    const { settings, logger, provider } = options.inMemory
      ? { settings: inMemorySettings(options.settings), logger: options.logger ?? silentLogger(), provider: inMemoryIndexedDb() }
      : ((lock = lockDataDir(options.dataDir)),
        // A data dir from a newer Fidelis is refused before anything in it is opened.
        (formatPlan = planDataDirFormat(options.dataDir)),
        {
          settings: loadSettings(options.dataDir, options.settings),
          logger: options.logger ?? createFileLogger(options.dataDir),
          provider: onDiskIndexedDb(options.dataDir),
        });
    // The SQLite files are copied aside before the database opens on them, so a failed migration loses nothing.
    const backup = formatPlan && formatPlan.migrations.length > 0 ? backupDataDir(formatPlan, clock()) : undefined;
    if (backup) logger.info({ backup, from: formatPlan?.found }, 'data dir backed up before migration');
    database = await openLedgerDatabase(provider);
    const store = await createEventStore(database.collections.commits, clock);
    if (formatPlan) await migrateDataDir(formatPlan, { store, logger, backup, now: clock, progress: options.progress ?? (() => {}) });
    const snapshots = createSnapshotStore(database.collections.snapshots, settings, logger, clock);
    const enrichers = options.enrichers ?? [];
    const explorer = createExplorer(store, registry);
    const explorerApi = createExplorerApi(store, explorer);
    // Handlers, sync and transfers issue commands through executeInternal (defined below, called only once started).
    const ledgerProcessing = createLedgerProcessing({ database, store, registry, settings, logger, now: clock, execute: (request, meta) => executeInternal(request, meta) });
    const pipeline = { store: ledgerProcessing.metrics.timedStore(store), registry, now: clock, maxConflictRetries: settings.maxConflictRetries, snapshots };
    logger.info({ location: provider.location, headSeq: store.headSeq(), deviceId: settings.deviceId }, 'ledger opened');
    // Sync decides overtaken commands again through execute, as a teller's would be. Snapshots of a rebased stream
    // held provisional events: they go before the rebase decides; read models rebuild after it.
    const sync = createSyncModule({
      store,
      commits: database.collections.commits,
      syncstate: database.collections.syncstate,
      registry,
      logger,
      clock,
      identity: settings,
      execute: (request, meta) => executeInternal(request, meta),
      async onStreamsSuperseded(streamIds) {
        await snapshots.drain();
        for (const streamId of streamIds) await snapshots.remove({ streamId });
        void ledgerProcessing.processing.rebuild().catch((error: unknown) => logger.error({ err: error }, 'read model rebuild after a rebase failed'));
      },
      ...(options.sync ? { options: options.sync } : {}),
    });

    /**
     * Runs a command on the live lane (bulk work such as imports waits for it: main/processing/priorityLanes.ts) and
     * returns once the inline read models hold its events, still on the lane so async subscribers wait.
     */
    async function onLiveLane(run: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
      const releaseLane = await ledgerProcessing.processing.lanes.admit();
      try {
        const outcome = await run();
        await ledgerProcessing.processing.waitForInline(outcome.events.at(-1)?.seq ?? 0);
        return outcome;
      } finally {
        releaseLane();
      }
    }

    /** Validates a command against `schema` and runs it; resolves once its events are durable. */
    async function runCommandRequest(
      schema: typeof commandRequestSchema | typeof tellerCommandRequestSchema,
      request: unknown,
      metaInput: CommandMetaInput = {},
      /** Set only by executeAs, after the approver was verified. */
      approvedBy?: string,
    ): Promise<CommandOutcome> {
      const command = parseOrThrow(schema, request);
      const given = parseOrThrow(commandMetaSchema, metaInput);
      const commandId = given.commandId ?? ulid();
      const meta: EventMeta = {
        commandId,
        correlationId: given.correlationId ?? commandId,
        causationId: given.causationId ?? commandId,
        actor: given.actor ?? settings.defaultActor,
        deviceId: settings.deviceId,
        branchId: settings.branchId,
        // Named in every event so a causation trace can say which command it was.
        commandType: command.type,
        ...(approvedBy === undefined ? {} : { approvedBy }),
      };
      const enrichedMeta = applyEnrichers(enrichers, command, meta);
      // The hash identifies the command as sent, before the ledger picks a new account's id.
      const commandHash = hashCommand(command);
      const withIds = command.type === 'OpenAccount' ? { ...command, accountId: command.accountId ?? ulid() } : command;
      await sync.beforeCommand(withIds, commandId);
      const started = performance.now();
      try {
        const loadAccount = async (id: string) => (await loadAggregate(store, registry, accountSlice, id, {}, snapshots)).state;
        const outcome = await onLiveLane(() => routeCommand(pipeline, withIds, { ...enrichedMeta, command: withIds }, commandHash, loadAccount));
        ledgerProcessing.metrics.commandFinished(command.type, outcome.duplicate ? 'duplicate' : 'accepted', (performance.now() - started) / 1000);
        logger.info({ commandId, type: command.type, streamId: outcome.streamId, version: outcome.version, duplicate: outcome.duplicate, ms: performance.now() - started }, 'command accepted');
        return outcome;
      } catch (error) {
        ledgerProcessing.metrics.commandFinished(command.type, isDomainError(error) ? 'refused' : 'failed', (performance.now() - started) / 1000);
        logger.info({ commandId, type: command.type, error }, 'command refused');
        throw error;
      }
    }
    // Process managers and handlers may also record the steps of a transfer; callers from outside may not.
    const executeInternal = (request: unknown, meta?: CommandMetaInput) => runCommandRequest(commandRequestSchema, request, meta);

    const openedDatabase = database;
    const openedLock = lock;
    const loadTransfer = async (transferId: string) => (await loadAggregate(store, registry, transferSlice, transferId, {}, snapshots)).state;
    const transfers = createTransfers({ store, execute: (request, meta) => executeInternal(request, meta), loadTransfer });
    // The renderer API's view of processing: screens re-read when the feed names what they show.
    const readModelFeed = createReadModelChangeFeed(store, ledgerProcessing.processing, logger);
    const reports = createReports({ store, registry, settings, now: clock });
    // PayFlow: the queue, the inbox, the payment process manager and the anti-corruption layer (main/payments/).
    const paymentsModule = createPaymentsModule({
      store,
      registry,
      snapshots,
      readModels: ledgerProcessing.readModels,
      processing: ledgerProcessing.processing,
      syncstate: openedDatabase.collections.syncstate,
      sync,
      settings,
      logger,
      clock,
      execute: (request, meta) => executeInternal(request, meta),
      executeTeller: (request, meta) => runCommandRequest(tellerCommandRequestSchema, request, meta),
      loadAccount: async (id) => (await loadAggregate(store, registry, accountSlice, id, {}, snapshots)).state,
      afterPayflowAccepted: options.afterPayflowAccepted,
    });
    /** Staff commands: their own slice, never from a caller's request; the meta leaves the command out (it holds a password hash). */
    async function runStaffCommand(command: StaffCommand, actor: string): Promise<CommandOutcome> {
      const commandId = ulid();
      const meta: EventMeta = { commandId, correlationId: commandId, causationId: commandId, actor, deviceId: settings.deviceId, branchId: settings.branchId, commandType: command.type };
      const outcome = await onLiveLane(() => runCommand(pipeline, staffSlice, command, meta));
      logger.info({ commandId, type: command.type, streamId: outcome.streamId, actor }, 'staff command accepted');
      return outcome;
    }
    const staff = createStaff({
      settings,
      clock,
      store,
      readModels: ledgerProcessing.readModels,
      logger,
      loadStaff: async (username) => (await loadAggregate(store, registry, staffSlice, username, {}, snapshots)).state,
      run: runStaffCommand,
    });
    const host: Host = {
      settings,
      store,
      logger,
      processing: ledgerProcessing.processing,
      readModels: ledgerProcessing.readModels,
      alerts: ledgerProcessing.alerts,
      metrics: ledgerProcessing.metrics,
      transfers,
      transfersApi: createTransfersApi(transfers, ledgerProcessing.readModels),

      execute: (request, metaInput) => runCommandRequest(tellerCommandRequestSchema, request, metaInput),

      async executeAs(principal, request, metaInput = {}, approval) {
        // Validation first names a malformed command's field; a command nobody mapped to a permission is refused (fail closed).
        const command = parseOrThrow(tellerCommandRequestSchema, request);
        const permission = Object.hasOwn(COMMAND_PERMISSION, command.type) ? COMMAND_PERMISSION[command.type] : undefined;
        if (permission === undefined) throw new DomainError('FORBIDDEN', `No role may run ${command.type} directly.`, 'role');
        requirePermission(principal, permission);
        let approvedBy: string | undefined;
        if (requiresApproval(command, settings.dualControlAmount)) {
          if (!approval) throw new DomainError('APPROVAL_REQUIRED', `Over ${settings.dualControlAmount} a supervisor must approve: ask one to enter their username and password.`, 'approval');
          approvedBy = (await staff.verifyApproval(principal, approval)).username;
        }
        return runCommandRequest(tellerCommandRequestSchema, command, { ...metaInput, actor: principal.username }, approvedBy);
      },
      staff,

      async getAccount(accountId, range) {
        const { state } = await loadAggregate(store, registry, accountSlice, accountId, range, snapshots);
        return toAccountView(state);
      },

      async accountAt(accountId, input) {
        const point = parseTemporalPoint(input);
        const loaded = await loadAggregateAt({ store, registry, snapshots }, accountSlice, accountId, point);
        const account = toAccountView(loaded.state)!;
        const readOnly = (): Promise<never> =>
          Promise.reject(
            new DomainError('READ_ONLY', `This is account ${account.number} as it was at version ${loaded.version}: history cannot be changed. Commands go to the account as it is now.`, 'accountId'),
          );
        return Object.freeze({
          readOnly: true as const,
          account,
          pointInTime: { version: loaded.version, ...('asOf' in point ? { asOf: point.asOf } : {}) },
          headVersion: await store.streamVersion(`${accountSlice.category}-${accountId}`),
          snapshotVersion: loaded.snapshotVersion ?? null,
          replayed: loaded.replayed,
          execute: readOnly,
        });
      },

      snapshots: createSnapshotService({ store, registry, snapshots, slices: [accountSlice, transferSlice] }),
      explore: explorer,
      explorerApi: explorerApi,
      tracingApi: explorerApi,
      alertsApi: createAlertsFeature(ledgerProcessing.alerts, readModelFeed.changed),
      processingApi: createProcessingFeature(ledgerProcessing.processing, store, logger, readModelFeed.changed),
      readModelChanges: readModelFeed,
      sync,
      syncApi: createSyncFeature(sync),
      reports,
      verify: (progress) => verifyLedger(store, progress),
      // Exports go where main says, never where the renderer says.
      reportsApi: createReportsFeature({
        reports,
        folder: settings.reportExportsFolder ?? (options.inMemory ? join(tmpdir(), 'fidelis-exports') : join(options.dataDir, 'exports')),
        now: clock,
        logger,
      }),

      payments: paymentsModule.payments,
      paymentsApi: createPaymentsFeature({
        payments: paymentsModule.payments,
        executeAs: (principal, request, meta, approval) => host.executeAs(principal, request, meta, approval),
      }),

      readStream: (streamId, range) => store.readStream(streamId, range),

      async close() {
        staff.close();
        await paymentsModule.close();
        await sync.close();
        readModelFeed.close();
        await ledgerProcessing.stop();
        await store.drain();
        await snapshots.drain();
        await openedDatabase.close();
        logger.info('ledger closed');
        logger.flush();
        openedLock?.release();
      },
    };
    await ledgerProcessing.start();
    await ledgerProcessing.processing.addProjection(transferListProjection);
    // The accounts screen's search and the dashboard's hours (main/projections/).
    await ledgerProcessing.processing.addProjection(accountDirectoryProjection);
    await ledgerProcessing.processing.addProjection(hourlyVolumeProjection);
    // The payments list and reconciliation items: inline, so the queue finds held payments right after a restart.
    await paymentsModule.addReadModels();
    // Who may sign in (main/staff/): inline, so a user just provisioned can sign in at once.
    await ledgerProcessing.processing.addProjection(staffDirectoryProjection);
    // AccountDirectory is inline: after a crash it is repaired up to the head before the host serves a search.
    await ledgerProcessing.processing.waitForInline(store.headSeq());
    // The transfer process manager resumes from its checkpoint: transfers a crash interrupted go on from their last step.
    await ledgerProcessing.processing.subscribe(transferProcessManager({ loadTransfer, ...(options.afterTransferStep ? { afterStep: options.afterTransferStep } : {}) }));
    // Payments a crash left held are sent again (same Idempotency-Key); webhooks read before it are applied.
    await paymentsModule.start();
    return host;
  } catch (error) {
    await database?.close();
    lock?.release();
    throw error;
  }
}
