/** The composition root: builds the whole main side for the desktop app, the CLI, browser mode and the tests. */

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import type { Upcaster } from '@fidelis/shared/events/registry.js';
import type { Approval, Principal } from '@fidelis/shared/staff/index.js';
import type { InstitutionFields } from '@fidelis/shared/reports/institution.js';
import { accountSlice } from './accounts/accountSlice.js';
import { createAccountsApi } from './accounts/accountsApi.js';
import { accountDirectoryProjection } from './accounts/accountDirectory.js';
import { createAccountResolver, type AccountResolver } from './accounts/accountResolver.js';
import { changeTimeZone, type TimeZoneChange } from './branchTimeZone.js';
import { customerDirectoryProjection } from './customers/customerDirectory.js';
import type { CustomerLookup } from './customers/customerLookup.js';
import { createCustomerLookup } from './customers/customerQueries.js';
import { createCustomersApi } from './customers/customersApi.js';
import { createAccountViews, type AccountViews } from './accounts/accountViews.js';
import type { ApiServices } from './api/handlers.js';
import { createReadModelChangeFeed } from './api/readModelChanges.js';
import { createSystemApi } from './api/systemApi.js';
import type { Alerts } from './compliance/alerts.js';
import { createComplianceApi } from './compliance/alertsApi.js';
import { createDashboardApi } from './dashboard/dashboardApi.js';
import { hourlyVolumeProjection } from './dashboard/hourlyVolume.js';
import type { Enricher } from './enrichment/enrichers.js';
import { createExplorer, type Explorer } from './events/explorer.js';
import { createExplorerApi } from './events/explorerApi.js';
import { verifyLedger, type LedgerVerification, type VerifyProgress } from './integrity/ledgerVerify.js';
import type { CommandOutcome } from './ledger/commandPipeline.js';
import { createCommandService } from './ledger/commandService.js';
import { loadAggregate } from './ledger/loadAggregate.js';
import { createRecentStates } from './ledger/recentStates.js';
import { createSnapshotStore } from './ledger/snapshots.js';
import { createSnapshotService, type SnapshotService } from './ledger/snapshotsService.js';
import { createFileLogger, silentLogger, type Logger } from './log.js';
import { createPaymentsApi } from './payments/paymentsApi.js';
import { createReceiptsApi } from './receipts/receiptsApi.js';
import { createPaymentsModule } from './payments/paymentsModule.js';
import type { Payments } from './payments/payments.js';
import { createLedgerProcessing } from './processing/ledgerProcessing.js';
import type { LedgerMetrics } from './processing/metrics.js';
import { createOperationsApi } from './processing/processingApi.js';
import type { Processing } from './processing/processingEngine.js';
import { readModelsAfterSync } from './processing/readModelsAfterSync.js';
import type { ReadModels } from './projections/readModels.js';
import { createRates, type Rates } from './rates/rates.js';
import { createRatesApi } from './rates/ratesApi.js';
import { ratesProjection } from './rates/ratesProjection.js';
import { institutionSlice } from './reports/institutionSlice.js';
import { createReports, type Reports } from './reports/reports.js';
import { xmllintCheck } from './reports/xmlSchemaCheck.js';
import { createReportsApi } from './reports/reportsApi.js';
import { inMemorySettings, loadSettings, saveSettings, type Settings } from './settings.js';
import { createStaff, type Staff } from './staff/staff.js';
import { withCommitSigning } from './ledger/commitSigning.js';
import { loadDeviceSigningKey } from './ledger/deviceSigningKey.js';
import { createPulledCommitCheck } from './integrity/pulledCommitCheck.js';
import { createStaffApi } from './staff/staffApi.js';
import { STAFF_DIRECTORY, staffDirectoryProjection, staffKey, type StaffDirectoryEntry } from './staff/staffDirectory.js';
import { staffSlice } from './staff/staffSlice.js';
import { checkLedgerFilesAtOpen, createSafety, openingLedger, type Safety } from './safety/safety.js';
import { createSafetyApi } from './safety/safetyApi.js';
import type { FileCheck } from './safety/sqliteFileCheck.js';
import { lockDataDir, type DataDirLock } from './store/dataDirLock.js';
import { createEventStore, type EventStore, type StreamRange } from './store/eventStore.js';
import { backupDataDir, migrateDataDir, planDataDirFormat, type FormatPlan, type Progress } from './store/formatVersion.js';
import { inMemoryIndexedDb } from './store/indexedDb/inMemory.js';
import { openDiskIndexedDb } from './store/engineMigration.js';
import { diskEngine } from './store/indexedDb/diskProvider.js';
import { openLedgerDatabase, type LedgerDatabase } from './store/ledgerDatabase.js';
import { createSyncApi } from './sync/syncApi.js';
import { refuseBootstrapWhenJoined } from './sync/joinBranch.js';
import { createSyncModule, type SyncModule, type SyncOptions } from './sync/syncModule.js';
import { transferListProjection } from './transfers/transferListProjection.js';
import { transferProcessManager, type TransferStep } from './transfers/transferProcessManager.js';
import { createTransfers, type Transfers } from './transfers/transfers.js';
import { createTransfersApi } from './transfers/transfersApi.js';
import { createTills, type Tills } from './tills/tills.js';
import { createTillsApi } from './tills/tillsApi.js';
import { transferSlice } from './transfers/transferSlice.js';

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
  /**
   * false for a host opened for one read and closed again (a CLI command that only reads): the transfer process manager
   * and the payments' queue and inbox do not start, as it would close before their work is done. Read models still
   * catch up, and the safety checks run as always. Default true.
   */
  readonly background?: boolean;
};

/** Aggregate states kept in memory between loads (recentStates.ts): an account's is about 240 bytes as JSON, so a few MiB at most. */
const RECENT_STATES = 4_096;

export interface Host {
  readonly settings: Settings;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Validates and runs a teller command; resolves once its events are durable. Throws DomainError when refused. */
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /**
   * A command on behalf of a signed-in person: authorised from their roles (COMMAND_PERMISSION), recorded with them as
   * actor; over the dual-control amount it needs `approval` from another person holding 'approve' (meta.approvedBy).
   */
  executeAs(principal: Principal, request: unknown, meta?: CommandMetaInput, approval?: Approval): Promise<CommandOutcome>;
  /** Staff users, sign-in and sessions. */
  readonly staff: Staff;
  getAccount: AccountViews['getAccount'];
  readStream(streamId: string, range?: StreamRange): Promise<EventEnvelope[]>;
  accountAt: AccountViews['accountAt'];
  /** Subscriptions, dead-letter queues, projection rebuilds, priority lanes. */
  readonly processing: Processing;
  readonly readModels: ReadModels;
  /** Customers: who they are, who owns an account, search by name or TIN (the CustomerDirectory read model). */
  readonly customers: CustomerLookup;
  /** An account named by its number (or its id): the one place a typed account becomes an id. */
  readonly accountResolver: AccountResolver;
  /** Sets the branch's time zone (stored in the data dir) and rebuilds the read models keyed by business day. */
  changeTimeZone(timeZone: string): Promise<TimeZoneChange>;
  readonly alerts: Alerts;
  readonly metrics: LedgerMetrics;
  /** Start, show and wait for transfers; the transfer process manager moves the money. */
  readonly transfers: Transfers;
  /** Manual snapshots (for one aggregate, one type, or all), listing and deleting. */
  readonly snapshots: SnapshotService;
  /** Event-store exploration and causation traces. */
  readonly explore: Explorer;
  /** Replication to the gateway: status, the background loop, exceptions, stand-in limits, verify. */
  readonly sync: SyncModule;
  /** Regulatory reports and exports (CTR, structuring, large, trial balance, statement, audit) as of a cut-off. */
  readonly reports: Reports;
  /** Exchange rates per currency and business day (US dollars per unit), as reports convert foreign cash with them. */
  readonly rates: Rates;
  /** The institution's filing details as recorded for this branch (`fidelis branch set`). */
  institution(): Promise<InstitutionFields>;
  /** Tamper evidence: recomputes every stream's hash chain from the stored commits and names the first broken link. */
  verify(progress?: VerifyProgress): Promise<LedgerVerification>;
  /** Data safety: the files' check at open, the background chain verification refusing damaged streams, backups. */
  readonly safety: Safety;
  /** External payments through PayFlow: send, list, status, configuration, inbox, reconciliation (main/payments/). */
  readonly payments: Payments;
  /** Every area's API handlers and the read-model changes, for the router (main/api/router.ts). */
  readonly api: ApiServices;
  /** Teller cash: tills, vaults and the branch's business day (main/tills/). */
  readonly tills: Tills;
  close(): Promise<void>;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const clock = options.clock ?? (() => new Date());
  // Built first: a broken upcaster chain stops start-up before any file is touched.
  const registry = createLedgerEventRegistry(options.upcasters);
  let lock: DataDirLock | undefined;
  let formatPlan: FormatPlan | undefined;
  let database: LedgerDatabase | undefined;
  let fileChecks: FileCheck[] = [];
  try {
    const { settings, logger, provider } = options.inMemory
      ? { settings: inMemorySettings(options.settings), logger: options.logger ?? silentLogger(), provider: inMemoryIndexedDb() }
      : ((lock = lockDataDir(options.dataDir)),
        // A data dir from a newer Fidelis is refused before anything in it is opened.
        (formatPlan = planDataDirFormat(options.dataDir)),
        // A damaged file is named before anything opens it (LEDGER_DAMAGED), never met later as a library's stack trace.
        (fileChecks = checkLedgerFilesAtOpen(options.dataDir)),
        {
          settings: loadSettings(options.dataDir, options.settings),
          logger: options.logger ?? createFileLogger(options.dataDir),
          provider: await openDiskIndexedDb(options.dataDir, { now: clock, ...(options.progress ? { progress: options.progress } : {}) }),
        });
    // The SQLite files are copied aside before the database opens on them, so a failed migration loses nothing.
    const backup = formatPlan && formatPlan.migrations.length > 0 ? backupDataDir(formatPlan, clock()) : undefined;
    if (backup) logger.info({ backup, from: formatPlan?.found }, 'data dir backed up before migration');
    const opened = await openingLedger(!options.inMemory, () => openLedgerDatabase(provider));
    database = opened;
    // Every append is signed (main/ledger/commitSigning.ts): by the person whose key is open here, else by this workstation.
    const deviceKey = loadDeviceSigningKey(options.inMemory ? undefined : options.dataDir);
    // Staff is built further down; appends before then (a data-dir migration) have no person's key to find.
    const signers: { staff?: Staff } = {};
    const store = withCommitSigning(await openingLedger(!options.inMemory, () => createEventStore(opened.collections.commits, clock)), () => ({
      personKey: (username) => signers.staff?.signingKeyOf(username),
      approverKey: (username) => signers.staff?.takeApproverKey(username),
      device: deviceKey,
    }));
    if (formatPlan) await migrateDataDir(formatPlan, { store, logger, backup, now: clock, progress: options.progress ?? (() => {}) });
    const snapshots = createSnapshotStore(database.collections.snapshots, settings, logger, clock);
    const recent = createRecentStates(() => store.historyEpoch(), RECENT_STATES);
    const safety = await createSafety({
      disk: options.inMemory ? undefined : { dataDir: options.dataDir, engine: diskEngine(), files: () => provider.files?.() ?? [] },
      fileChecks,
      store,
      commits: database.collections.commits,
      settings,
      clock,
      logger,
    });
    const loadAccount = async (id: string) => (await loadAggregate(store, registry, accountSlice, id, {}, snapshots, recent)).state;
    const loadTransfer = async (transferId: string) => (await loadAggregate(store, registry, transferSlice, transferId, {}, snapshots, recent)).state;
    // Another device's commits are applied only once their signatures, device and permissions hold here too.
    const pulledCheck = createPulledCommitCheck({
      store,
      usernames: async () => (await ledgerProcessing.readModels.documents<StaffDirectoryEntry>(STAFF_DIRECTORY, { orderBy: 'key' })).map((e) => e.username),
    });
    // Handlers, sync, transfers and payments issue commands through the command service (built below, called only once started).
    const ledgerProcessing = createLedgerProcessing({ database, store, registry, settings, logger, now: clock, execute: (request, meta) => commands.executeInternal(request, meta) });
    logger.info({ location: provider.location, headSeq: store.headSeq(), deviceId: settings.deviceId }, 'ledger opened');
    // Sync decides overtaken commands again through the command service, as a teller's would be. Snapshots of a rebased
    // stream held provisional events: they go before the rebase decides; read models rebuild after it.
    const sync = createSyncModule({
      store,
      commits: database.collections.commits,
      syncstate: database.collections.syncstate,
      registry,
      logger,
      clock,
      identity: settings,
      execute: (request, meta) => commands.executeInternal(request, meta),
      checkPulled: (commit) => pulledCheck.check(commit),
      settleDerived: () => ledgerProcessing.processing.settle(),
      // Joining a branch (an empty ledger, nothing posted yet): the workstation is the gateway's device from now on.
      async adoptIdentity(identity) {
        Object.assign(settings, identity);
        if (!options.inMemory) saveSettings(options.dataDir, identity);
      },
      async onStreamsSuperseded(streamIds) {
        await snapshots.drain();
        for (const streamId of streamIds) await snapshots.remove({ streamId });
      },
      readModelsCurrent: (after) => readModelsAfterSync(ledgerProcessing.processing, store, logger, after),
      ...(options.sync ? { options: options.sync } : {}),
    });
    const customers = createCustomerLookup(ledgerProcessing.readModels);
    const accountResolver = createAccountResolver(ledgerProcessing.readModels);
    // Teller cash: the till book, the branch's calendar (postings after a day's close carry the next day), dual control over cash.
    const tills = createTills({
      readModels: ledgerProcessing.readModels,
      branchId: settings.branchId,
      get deviceId() {
        return settings.deviceId;
      },
      timeZone: () => settings.timeZone,
      rules: () => ({ signOffAmount: settings.tillSignOffAmount, cashNeedsOpenTill: settings.cashNeedsOpenTill }),
      clock,
      staff: () => staff,
    });
    const commands = createCommandService({
      pipeline: { store: ledgerProcessing.metrics.timedStore(store), registry, now: clock, maxConflictRetries: settings.maxConflictRetries, snapshots, recent, guard: safety.integrity.guard },
      settings,
      enrichers: options.enrichers ?? [],
      logger,
      metrics: ledgerProcessing.metrics,
      processing: ledgerProcessing.processing,
      beforeCommand: (command, commandId) => sync.beforeCommand(command, commandId),
      loadAccount,
      customers,
      accounts: accountResolver,
      verifyApproval: (actor, approval) => staff.verifyApproval(actor, approval),
      latestUsdPerUnit: async (currency) => (await rates.list({ currency, limit: 1 }))[0]?.usdPerUnit,
      secondPerson: tills.secondPerson,
      tills: tills.commandReads,
    });
    const staff = refuseBootstrapWhenJoined(createStaff({
      settings,
      clock,
      store,
      readModels: ledgerProcessing.readModels,
      logger,
      loadStaff: async (username) => (await loadAggregate(store, registry, staffSlice, username, {}, snapshots, recent)).state,
      run: (command, actor) => commands.runStaff(command, actor),
    }), sync.joinedBranch);
    signers.staff = staff;

    const openedDatabase = database;
    const openedLock = lock;
    const transfers = createTransfers({ store, execute: (request, meta) => commands.executeInternal(request, meta), loadTransfer });
    const rates = createRates(ledgerProcessing.readModels);
    const institution = async () => (await loadAggregate(store, registry, institutionSlice, settings.branchId, {}, snapshots, recent)).state.fields;
    const reports = createReports({
      store,
      registry,
      settings,
      now: clock,
      rates,
      institution,
      resolveAccount: (numberOrId) => accountResolver.resolve(numberOrId, 'accountId'),
      // FinCEN batches are checked with the system's xmllint (libxml2-utils) before they are written.
      checkXml: xmllintCheck(),
    });
    // PayFlow: the queue, the inbox, the payment process manager and the anti-corruption layer (main/payments/).
    const paymentsModule = createPaymentsModule({
      store,
      registry,
      snapshots,
      recent,
      readModels: ledgerProcessing.readModels,
      processing: ledgerProcessing.processing,
      syncstate: openedDatabase.collections.syncstate,
      sync,
      settings,
      logger,
      clock,
      execute: (request, meta) => commands.executeInternal(request, meta),
      executeTeller: (request, meta) => commands.execute(request, meta),
      loadAccount,
      afterPayflowAccepted: options.afterPayflowAccepted,
    });
    const explorer = createExplorer(store, registry);
    const verify = (progress?: VerifyProgress) => verifyLedger(store, progress);

    const { getAccount, accountAt } = createAccountViews({ store, registry, snapshots, recent, guard: safety.integrity.guard });
    const readStream = (streamId: string, range?: StreamRange) => store.readStream(streamId, range);

    // The renderer API, one handler map per area over the services; screens re-read when the feed names what they show.
    const readModelFeed = createReadModelChangeFeed(store, ledgerProcessing.processing, logger);
    const { readModels, processing, alerts } = ledgerProcessing;
    const api: ApiServices = {
      handlers: {
        system: createSystemApi(settings),
        staff: createStaffApi(staff, settings),
        accounts: createAccountsApi({ reads: { getAccount, readStream, accountAt, readModels, store }, registry, commands, accounts: accountResolver }),
        dashboard: createDashboardApi({ readModels, alerts, processing, timeZone: () => settings.timeZone }),
        compliance: createComplianceApi(alerts, readModelFeed.changed),
        operations: createOperationsApi({ processing, store, logger, changed: readModelFeed.changed, verify }),
        explorer: createExplorerApi(store, explorer),
        transfers: createTransfersApi({ transfers, readModels, commands, accounts: accountResolver }),
        sync: createSyncApi(sync, readModels.accountSummaries),
        // Exports go where main says, never where the renderer says.
        reports: createReportsApi({
          reports,
          folder: settings.reportExportsFolder ?? (options.inMemory ? join(tmpdir(), 'fidelis-exports') : join(options.dataDir, 'exports')),
          now: clock,
          logger,
        }),
        rates: createRatesApi({ rates, commands }),
        payments: createPaymentsApi({ payments: paymentsModule.payments, commands }),
        customers: createCustomersApi({ customers, accounts: accountResolver, readModels, commands }),
        tills: createTillsApi({ tills, commands }),
        safety: createSafetyApi(safety),
        receipts: createReceiptsApi({
          registry,
          institution,
          readStream,
          accountAt: (accountId, toVersion) => getAccount(accountId, { toVersion }),
          displayNameOf: async (username) => (await readModels.document<StaffDirectoryEntry>(STAFF_DIRECTORY, staffKey(username)))?.displayName,
        }),
      },
      readModelChanged$: readModelFeed.readModelChanged$,
    };

    const host: Host = {
      settings,
      store,
      logger,
      execute: commands.execute,
      executeAs: commands.executeAs,
      staff,
      getAccount,
      readStream,
      accountAt,
      processing,
      readModels,
      customers,
      accountResolver,
      changeTimeZone: (timeZone) => changeTimeZone({ settings, dataDir: options.inMemory ? undefined : options.dataDir, processing }, timeZone),
      alerts,
      metrics: ledgerProcessing.metrics,
      transfers,
      snapshots: createSnapshotService({ store, registry, snapshots, slices: [accountSlice, transferSlice] }),
      explore: explorer,
      sync,
      reports,
      rates,
      institution,
      verify,
      safety,
      payments: paymentsModule.payments,
      api,
      tills,

      async close() {
        // Background verification and backups read the store: they stop first.
        await safety.close();
        await alerts.stop();
        staff.close();
        pulledCheck.close();
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
    await ledgerProcessing.processing.addProjection(customerDirectoryProjection);
    await ledgerProcessing.processing.addProjection(hourlyVolumeProjection);
    // The rates reports convert with: inline, so a rate just recorded is the one the next report uses.
    await ledgerProcessing.processing.addProjection(ratesProjection);
    // The payments list and reconciliation items: inline, so the queue finds held payments right after a restart.
    await paymentsModule.addReadModels();
    // Who may sign in (main/staff/): inline, so a user just provisioned can sign in at once.
    await ledgerProcessing.processing.addProjection(staffDirectoryProjection);
    // Where each till and vault stands (main/tills/): inline, so a withdrawal is checked against the position the last command left.
    await ledgerProcessing.processing.addProjection(tills.projection);
    // AccountDirectory is inline: after a crash it is repaired up to the head before the host serves a search.
    await ledgerProcessing.processing.waitForInline(store.headSeq());
    if (options.background !== false) {
      // The transfer process manager resumes from its checkpoint: transfers a crash interrupted go on from their last step.
      await ledgerProcessing.processing.subscribe(transferProcessManager({ loadTransfer, ...(options.afterTransferStep ? { afterStep: options.afterTransferStep } : {}) }));
      // Payments a crash left held are sent again (same Idempotency-Key); webhooks read before it are applied.
      await paymentsModule.start();
      // Alert acknowledgements from before they were events, kept in the alerts slot alone, are recorded as events once.
      alerts.start();
    }
    safety.start();
    return host;
  } catch (error) {
    await database?.close();
    lock?.release();
    throw error;
  }
}
