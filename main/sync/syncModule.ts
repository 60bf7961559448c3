/**
 * The sync part of the host, wired from its parts: configuration (syncRecords), the passes (syncEngine: pull, rebase,
 * push), the background loop with backoff and the live stream (syncRunner), status (syncStatus), the exception queue,
 * stand-in limits, and verify.
 */

import type { Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { categoryOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { chainEvents } from '../integrity/chainHash.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { EventStore, RemoteCommit } from '../store/eventStore.js';
import { MAX_PULL_LIMIT, type SyncReason } from '@fidelis/shared/sync/protocol.js';
import { createExceptionQueue, type ResolvedException, type ResolveExceptionInput, type SyncExceptionView } from './exceptionQueue.js';
import type { GatewayClient } from './gatewayClient.js';
import { createDerivedStreams } from './derivedStreams.js';
import { createGatewayConnection, describeSyncError } from './gatewayConnection.js';
import { joinBranch, type JoinProgress, type JoinResult, type WorkstationIdentity } from './joinBranch.js';
import { createRebasingCommands } from './rebasingCommands.js';
import { createStandInLimits, type StandInLimits } from './standInLimit.js';
import { createSyncEngine } from './syncEngine.js';
import { createSyncEventWriter } from './syncEventWriter.js';
import { createSyncPull } from './syncPull.js';
import { createSyncPush } from './syncPush.js';
import { createSyncRebase } from './syncRebase.js';
import { createSyncRecords, syncConfigSchema, type SyncConfig } from './syncRecords.js';
import type { SyncReport } from './syncReport.js';
import { createSyncRunner } from './syncRunner.js';
import type { SyncStateDocument } from './syncStateSchema.js';
import { createSyncStatus, type SyncStatus } from './syncStatus.js';
import { verifyAgainstGateway, type VerifyReport } from './syncVerify.js';

export type { SyncExceptionView } from './exceptionQueue.js';
export type { SyncStatus } from './syncStatus.js';

export interface SyncModuleDeps {
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly syncstate: RxCollection<SyncStateDocument>;
  readonly registry: EventRegistry;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly identity: { readonly deviceId: string; readonly branchId: string; readonly timeZone: string };
  readonly execute: (command: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>;
  /** Called at once with streams whose provisional events were replaced (caches of their state go before a rebase decides). */
  readonly onStreamsSuperseded?: (streamIds: readonly string[]) => Promise<void>;
  /**
   * Called at the end of every pass: the read models catch up with what it pulled, and are rebuilt where it replaced
   * events they had already folded (`rebuild`).
   */
  readonly readModelsCurrent?: (options: { readonly rebuild: boolean }) => Promise<void>;
  /** Checks another device's pulled commit before it is applied (signatures, device, permissions). */
  readonly checkPulled?: (commit: RemoteCommit) => Promise<SyncReason | undefined>;
  /** Joining a branch: the workstation takes the gateway's device id and branch as its own (settings, saved). */
  readonly adoptIdentity: (identity: WorkstationIdentity) => Promise<void>;
  /** Waits until the handlers deriving streams (account facts) have caught up, so verify compares finished work. */
  readonly settleDerived?: () => Promise<void>;
  readonly options?: SyncOptions;
}

export interface SyncOptions {
  readonly pushBatch?: number;
  /** Events per pull page; default the most the gateway serves: a join's cost per page (request, write, cursor) is paid fewer times. */
  readonly pullBatch?: number;
  readonly requestTimeoutMs?: number;
  /** Backoff after failures: doubles from the first to the last, with jitter. */
  readonly backoffMs?: readonly [number, number];
  /** The jitter's random source, in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Stream categories each workstation derives for itself (default: `fact`, the account-facts handler's): not replicated. */
  readonly localOnlyCategories?: readonly string[];
}

export interface SyncModule {
  readonly status$: Observable<SyncStatus | undefined>;
  status(): Promise<SyncStatus>;
  /** Emits after each successful sync pass: modules that read more from the gateway (the PayFlow inbox) follow it. */
  readonly passes$: Observable<SyncReport>;
  /** Whether the background loop runs (and the network is there): other modules' timers sync only then. */
  isRunning(): boolean;
  /** The signed client for this workstation's gateway (other modules' calls, e.g. the PayFlow inbox); SYNC_NOT_CONFIGURED without one. */
  gatewayClient(): Promise<GatewayClient>;
  configure(input: { gatewayUrl?: string; deviceId?: string; secret?: string; standInLimit?: string }): Promise<Omit<SyncConfig, 'secret'>>;
  /** On a workstation with no ledger: becomes the device, configures the gateway and pulls the branch (joinBranch.ts). */
  join(input: { gatewayUrl: string; deviceId: string; secret: string }, progress?: JoinProgress): Promise<JoinResult>;
  /** The branch this workstation joined through the gateway, if it did. */
  joinedBranch(): Promise<string | undefined>;
  /** Starts the background loop (the app does this; the CLI runs one pass with syncNow). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The network came or went (the app hears it from the OS): offline stops the loop and the stand-in limits apply. */
  setNetworkAvailable(available: boolean): void;
  /** One full pass now: pull, rebase, push. Rejects with SYNC_UNAVAILABLE when the gateway cannot be reached or refuses. */
  syncNow(): Promise<SyncReport>;
  /** Compares every stream with the gateway's; with repair (the default), pulls the gateway's copy of those that differ. */
  verify(options?: { repair?: boolean }): Promise<VerifyReport>;
  exceptions(options?: { includeResolved?: boolean }): Promise<SyncExceptionView[]>;
  /** A supervisor settles an exception (see exceptionQueue.ts). */
  resolveException(commandId: string, input: ResolveExceptionInput): Promise<ResolvedException>;
  /** Records a supervisor's override: today, this account may pay out `amount` more while offline. */
  overrideStandInLimit: StandInLimits['override'];
  /** Called by the host before a command runs: refuses offline withdrawals past the stand-in limit. */
  beforeCommand: StandInLimits['beforeCommand'];
  close(): Promise<void>;
}

export function createSyncModule(deps: SyncModuleDeps): SyncModule {
  const { store, logger, clock } = deps;
  const options = deps.options ?? {};
  const records = createSyncRecords(deps.syncstate);
  const connection = createGatewayConnection(records, options.requestTimeoutMs ?? 30_000);
  const rebasing = createRebasingCommands();
  const writeEvent = createSyncEventWriter({ store, registry: deps.registry, clock, identity: deps.identity });
  const localOnly = new Set(options.localOnlyCategories ?? ['fact']);
  const isLocalOnly = (streamId: string) => localOnly.has(categoryOf(streamId));
  /** Whether the pass in flight replaced events: read models folded them, so they are rebuilt as it ends. */
  let superseded = false;
  const onStreamsSuperseded = async (ids: readonly string[]) => {
    superseded = true;
    await deps.onStreamsSuperseded?.(ids);
  };
  const settle = async () => {
    const rebuild = superseded;
    superseded = false;
    await deps.readModelsCurrent?.({ rebuild });
  };

  const derived = createDerivedStreams({ store, commits: deps.commits, registry: deps.registry, identity: deps.identity });
  const exceptions = createExceptionQueue({ store, records, writeEvent, execute: deps.execute, rebasing, logger, clock });
  const engine = createSyncEngine({
    pull: createSyncPull({ store, commits: deps.commits, records, logger, clock, pullBatch: options.pullBatch ?? MAX_PULL_LIMIT, onStreamsSuperseded, derivedFrom: derived.derivedFrom, exceptions, ...(deps.checkPulled ? { checkPulled: deps.checkPulled } : {}) }),
    rebase: createSyncRebase({ commits: deps.commits, records, exceptions, execute: deps.execute, rebasing, logger }),
    push: createSyncPush({ store, commits: deps.commits, records, exceptions, clock, pushBatch: options.pushBatch ?? 500, isLocalOnly, onStreamsSuperseded }),
    settle,
    logger,
  });
  const [baseMs, maxMs] = options.backoffMs ?? [500, 30_000];
  const runner = createSyncRunner({
    engine,
    connection,
    records,
    appended$: store.appended$,
    logger,
    clock,
    backoff: { baseMs, maxMs },
    random: options.random ?? Math.random,
    onChange: () => void board.publish(),
  });
  const board = createSyncStatus({ records, commits: deps.commits, isLocalOnly, runner: runner.state });
  // The device id is read when used: a workstation that joins a branch takes the gateway's.
  const standIn = createStandInLimits({ store, records, writeEvent, rebasing, get deviceId() { return deps.identity.deviceId; }, timeZone: () => deps.identity.timeZone, clock, online: () => runner.state().online });

  async function configure(input: { gatewayUrl?: string; deviceId?: string; secret?: string; standInLimit?: string; joinedBranch?: string }): Promise<Omit<SyncConfig, 'secret'>> {
    const current = await records.config();
    const config = parseOrThrow(syncConfigSchema, { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
    await records.saveConfig(config);
    const { secret: _secret, ...visible } = config;
    return visible;
  }

  return {
    status$: board.status$,
    status: board.status,
    passes$: runner.passes$,
    isRunning: runner.isRunning,
    gatewayClient: connection.client,

    configure,

    join(input, progress) {
      return joinBranch({ headSeq: () => store.headSeq(), appended$: store.appended$, adoptIdentity: deps.adoptIdentity, configure, joined: records.config, pass: () => runner.pass(), timeoutMs: options.requestTimeoutMs ?? 30_000 }, input, progress);
    },

    joinedBranch: async () => (await records.config())?.joinedBranch,

    start: runner.start,
    stop: runner.stop,
    setNetworkAvailable: runner.setNetworkAvailable,

    syncNow: () =>
      runner.pass().catch((error: unknown) => {
        if (error instanceof DomainError) throw error;
        throw new DomainError('SYNC_UNAVAILABLE', describeSyncError(error));
      }),

    async verify({ repair = true } = {}) {
      const gateway = await connection.client();
      await runner.pass();
      const checkDerived = async () => {
        await deps.settleDerived?.();
        return derived.check((await gateway.streamHeads()).map((h) => h.streamId));
      };
      const first = await verifyAgainstGateway(store, gateway, contentHashChain);
      const derivedFirst = await checkDerived();
      if ((first.differing.length === 0 && derivedFirst.differing.length === 0) || !repair) return { ...first, derived: derivedFirst };
      let after: VerifyReport = first;
      if (first.differing.length > 0) {
        const repaired = await runner.pass({ repair: true });
        const again = await verifyAgainstGateway(store, gateway, contentHashChain);
        after = { ...again, differingBefore: first.differing, repaired: first.differing.length - again.differing.length, pulled: repaired.pulled };
      }
      // Derived streams are rebuilt from their (now repaired) sources once the handlers have caught up.
      const derivedBefore = await checkDerived();
      await derived.repair(derivedBefore.differing);
      const derivedAfter = await checkDerived();
      return { ...after, derived: derivedAfter, derivedRepaired: derivedBefore.differing.length - derivedAfter.differing.length };
    },

    exceptions: exceptions.list,
    async resolveException(commandId, input) {
      const resolved = await exceptions.resolve(commandId, input);
      void board.publish();
      return resolved;
    },

    overrideStandInLimit: standIn.override,
    beforeCommand: standIn.beforeCommand,

    async close() {
      await runner.close();
      board.close();
    },
  };
}

/** Used by verify: the same rolling hash the gateway keeps per stream. */
const contentHashChain = (events: readonly EventEnvelope[]) => chainEvents('', events);
