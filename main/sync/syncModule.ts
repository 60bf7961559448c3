/**
 * The sync part of the host: configuration, the background loop (pull, rebase, push; live over SSE; retry with
 * backoff; start and stop with the network), status for the UI and CLI, the exception queue, stand-in limits, verify.
 */

import { createHash } from 'node:crypto';
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { RxCollection } from 'rxdb';
import { categoryOf, streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { parseAmount, parseEnteredAmount } from '@fidelis/shared/money/money.js';
import { STAND_IN_CATEGORY, SYNC_EXCEPTION_CATEGORY } from '@fidelis/shared/sync/syncEvents.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import { hashCommand } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { EventStore } from '../store/eventStore.js';
import { createGatewayClient, GatewayHttpError, type GatewayClient } from './gatewayClient.js';
import { accountCurrency, checkStandInLimit, utcDay } from './standInLimit.js';
import { createSyncEngine, emptyReport, metaOf, notConfigured, type SyncReport } from './syncEngine.js';
import { chainEvents } from '../integrity/chainHash.js';
import { createSyncRecords, syncConfigSchema, type SyncConfig } from './syncRecords.js';
import type { SyncStateDocument } from './syncStateSchema.js';
import { verifyAgainstGateway, type VerifyReport } from './syncVerify.js';

/** A supervisor's override or resolution as typed (the CLI hands it over raw): checked before anything is read or written. */
const supervisorName = z.string().trim().min(1, "Enter the supervisor's name.").max(100, "A supervisor's name has at most 100 characters.");
const overrideInputSchema = z.object({
  accountId: z.string().trim().min(1, 'Choose an account.').max(128),
  amount: z.string().max(40, 'That amount is too long.'),
  supervisor: supervisorName,
  reason: z.string().trim().max(280, 'A reason has at most 280 characters.').optional(),
});
const resolveInputSchema = z.object({
  resolution: z.enum(['retry', 'reverse', 'accept'], 'Choose retry, reverse or accept.'),
  supervisor: supervisorName,
  note: z.string().trim().max(280, 'A note has at most 280 characters.').optional(),
});

export interface SyncStatus {
  readonly configured: boolean;
  readonly gatewayUrl: string | null;
  readonly running: boolean;
  readonly online: boolean;
  /** Local events the gateway has not confirmed yet. */
  readonly pendingEvents: number;
  readonly lastSyncedAt: string | null;
  readonly lastError: string | null;
  readonly pulledGpos: number;
  readonly openExceptions: number;
}

export interface SyncExceptionView {
  readonly commandId: string;
  readonly streamId: string;
  readonly commandType: string;
  readonly command: Record<string, unknown> | null;
  readonly code: string;
  readonly message: string;
  readonly archivedAt: string;
  readonly status: 'open' | 'resolved';
}

export interface SyncModuleDeps {
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly syncstate: RxCollection<SyncStateDocument>;
  readonly registry: EventRegistry;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly identity: { readonly deviceId: string; readonly branchId: string };
  readonly execute: (command: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>;
  readonly onStreamsSuperseded?: (streamIds: readonly string[]) => Promise<void>;
  readonly options?: SyncOptions;
}

export interface SyncOptions {
  readonly pushBatch?: number;
  readonly pullBatch?: number;
  readonly requestTimeoutMs?: number;
  /** Backoff after failures: doubles from the first to the last, with jitter. */
  readonly backoffMs?: readonly [number, number];
  /** Stream categories each workstation derives for itself (default: `fact`, the account-facts handler's): not replicated. */
  readonly localOnlyCategories?: readonly string[];
}

export type SyncModule = ReturnType<typeof createSyncModule>;

export function createSyncModule(deps: SyncModuleDeps) {
  const { store, logger } = deps;
  const records = createSyncRecords(deps.syncstate);
  const [minBackoff, maxBackoff] = deps.options?.backoffMs ?? [500, 30_000];
  const localOnly = new Set(deps.options?.localOnlyCategories ?? ['fact']);
  const isLocalOnly = (streamId: string) => localOnly.has(categoryOf(streamId));
  const superseded = async (ids: readonly string[]) => deps.onStreamsSuperseded?.(ids);
  const engine = createSyncEngine({
    store,
    commits: deps.commits,
    records,
    registry: deps.registry,
    logger,
    clock: deps.clock,
    identity: deps.identity,
    execute: deps.execute,
    onStreamsSuperseded: superseded,
    pushBatch: deps.options?.pushBatch ?? 500,
    pullBatch: deps.options?.pullBatch ?? 1000,
    isLocalOnly,
  });

  let online = false;
  let running = false;
  let networkAvailable = true;
  let lastError: string | null = null;
  let client: { key: string; client: GatewayClient } | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let live: AbortController | undefined;
  let liveLoop: Promise<void> | undefined;
  let appendedSub: Subscription | undefined;
  let wake: (() => void) | undefined;
  const status$ = new BehaviorSubject<SyncStatus | undefined>(undefined);
  /** Each successful pass: modules that read more from the gateway (the PayFlow inbox) follow it. */
  const passes$ = new Subject<SyncReport>();

  const now = () => deps.clock().toISOString();

  async function clientFor(): Promise<GatewayClient> {
    const config = await records.config();
    if (!config) throw notConfigured();
    const key = `${config.gatewayUrl}|${config.deviceId}|${config.secret}`;
    if (client?.key !== key) client = { key, client: createGatewayClient(config, { timeoutMs: deps.options?.requestTimeoutMs ?? 30_000 }) };
    return client.client;
  }

  /** Sync passes never overlap: each waits for the one before. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  }

  function describe(error: unknown): string {
    if (error instanceof GatewayHttpError) return error.message;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `The gateway cannot be reached (${cause.code}).` : (error as Error).message;
  }

  async function pass(options: { repair?: boolean } = {}): Promise<SyncReport> {
    return exclusive(async () => {
      try {
        const report = await engine.run(await clientFor(), options);
        // A pass that began before the network went away does not make the workstation online again.
        online = networkAvailable;
        lastError = null;
        await records.saveCursor({ lastSyncedAt: now() });
        passes$.next(report);
        return report;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'SYNC_NOT_CONFIGURED') throw error;
        online = false;
        lastError = describe(error);
        logger.warn({ err: error }, 'sync pass failed');
        throw error;
      } finally {
        void publishStatus();
      }
    });
  }

  function schedule(delayMs: number): void {
    if (!running || !networkAvailable) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!running || !networkAvailable) return;
      pass().then(
        () => {
          failures = 0;
        },
        () => {
          failures++;
          schedule(backoff(failures));
        },
      );
    }, delayMs);
  }

  const backoff = (attempt: number) => {
    const base = Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempt - 1, 16));
    return base / 2 + Math.random() * (base / 2);
  };

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** The live stream: RESYNC on every (re)connect pulls what was missed; a moved head pulls the news. */
  async function runLive(): Promise<void> {
    let attempt = 0;
    while (running && networkAvailable) {
      live = new AbortController();
      try {
        const gateway = await clientFor();
        await gateway.live((type, data) => {
          attempt = 0;
          if (type === 'resync') schedule(0);
          else if (type === 'head' && typeof (data as { head?: unknown }).head === 'number') {
            void records.cursor().then((c) => {
              if ((data as { head: number }).head > c.pulledGpos) schedule(0);
            });
          }
        }, live.signal);
      } catch (error) {
        if (!running) break;
        online = false;
        lastError = describe(error);
        void publishStatus();
      }
      if (!running || !networkAvailable) break;
      await sleep(backoff(++attempt));
    }
  }

  /** Paged: RxDB over IndexedDB answers bounded queries fast and unbounded ones slowly. */
  async function pendingEvents(): Promise<number> {
    let after = (await records.cursor()).pushedSeq;
    let pending = 0;
    for (;;) {
      const page = (await deps.commits.find({ selector: { lastSeq: { $gt: after } }, sort: [{ lastSeq: 'asc' }], limit: 1000 }).exec()).map((d) => d.toMutableJSON());
      if (page.length === 0) return pending;
      after = page[page.length - 1]!.lastSeq;
      const local = page.filter((d) => d.events[0]!.gpos === null && !isLocalOnly(d.streamId));
      const confirmed = await records.confirmedAmong(local.map((d) => d.events[0]!.id));
      pending += local.filter((d) => !confirmed.has(d.events[0]!.id)).reduce((n, d) => n + d.events.length, 0);
    }
  }

  async function status(): Promise<SyncStatus> {
    const config = await records.config();
    const cursor = await records.cursor();
    return {
      configured: config !== undefined,
      gatewayUrl: config?.gatewayUrl ?? null,
      running,
      online,
      pendingEvents: await pendingEvents(),
      lastSyncedAt: cursor.lastSyncedAt,
      lastError,
      pulledGpos: cursor.pulledGpos,
      openExceptions: await records.countArchived('exception'),
    };
  }

  async function publishStatus(): Promise<void> {
    // Counting pending events costs a scan: only when someone (the UI) watches.
    if (!status$.observed) return;
    try {
      status$.next(await status());
    } catch {
      // The database may be closing; the next change publishes again.
    }
  }

  async function findException(commandId: string) {
    const found = (await records.archived('exception')).find((a) => a.record.commit.commandId === commandId);
    if (!found) throw new DomainError('NOT_FOUND', `No open sync exception for command ${commandId}.`, 'commandId');
    return found;
  }

  async function appendSyncEvent(streamId: string, event: { type: string; data: Record<string, unknown> }, actor: string, commandId: string, correlationId = commandId) {
    const encoded = deps.registry.encode(event);
    return store.append({
      streamId,
      expected: 'any',
      events: [{ ...encoded, occurredAt: now() }],
      meta: { commandId, correlationId, causationId: correlationId, actor, deviceId: deps.identity.deviceId, branchId: deps.identity.branchId },
      commandHash: hashCommand(event),
    });
  }

  /**
   * Accept with override: the movement happened in the world (the teller paid out or took in cash) but the account can
   * no longer carry it. It is booked, under the supervisor's name, to a suspense account opened for this exception:
   * a withdrawal there (its overdraft is exactly the amount, granted in the same decision) is the branch's visible
   * loss until recovered; a deposit there is money owed back. Every step is an ordinary command with a derived id, so a
   * crash half-way is finished by resolving again, and the gateway checks these like any other events.
   */
  async function acceptIntoSuspense(commit: CommitDocument, supervisor: string) {
    const command = commit.events[0]!.meta.command as { type?: unknown; accountId?: unknown; amount?: unknown } | undefined;
    const type = command?.type;
    if (!command || (type !== 'MakeWithdrawal' && type !== 'MakeDeposit') || typeof command.accountId !== 'string' || typeof command.amount !== 'string') {
      throw new DomainError('VALIDATION', 'Only a withdrawal or a deposit can be accepted into suspense; retry or reverse this one.', 'resolution');
    }
    const currency = await accountCurrency(store, command.accountId);
    if (!currency) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${command.accountId}.`, 'accountId');
    const minor = parseAmount(command.amount, currency, 'amount');
    const key = createHash('sha256').update(commit.commandId).digest('hex');
    const suspenseAccountId = `suspense-${key.slice(0, 24)}`;
    const reference = `Sync exception ${commit.commandId} accepted by ${supervisor}`.slice(0, 140);
    const meta = (step: string) => ({ commandId: `sync-accept-${step}:${commit.commandId}`, correlationId: metaOf(commit).correlationId, causationId: commit.commandId, actor: supervisor });
    await deps.execute(
      {
        type: 'OpenAccount',
        accountId: suspenseAccountId,
        number: `SX-${key.slice(0, 12).toUpperCase()}`,
        holder: `Sync suspense (${supervisor})`.slice(0, 100),
        currency,
        overdraftLimit: type === 'MakeWithdrawal' ? command.amount : '0',
      },
      meta('open'),
    );
    // The supervisor's decision is the authority: the offline stand-in limit does not apply to booking it.
    const postId = meta('post').commandId;
    engine.rebasing.add(postId);
    try {
      const outcome = await deps.execute({ type, accountId: suspenseAccountId, amount: command.amount, reference }, meta('post'));
      return { landed: { streamId: outcome.streamId, version: outcome.version }, suspenseAccountId, amount: minor.toString() };
    } finally {
      engine.rebasing.delete(postId);
    }
  }

  return {
    status$: status$.asObservable() as Observable<SyncStatus | undefined>,
    status,
    /** Emits after each successful sync pass. */
    passes$: passes$.asObservable() as Observable<SyncReport>,
    /** Whether the background loop runs (and the network is there): other modules' timers sync only then. */
    isRunning: (): boolean => running && networkAvailable,
    /** The signed client for this workstation's gateway (other modules' calls, e.g. the PayFlow inbox); SYNC_NOT_CONFIGURED without one. */
    gatewayClient: clientFor,

    async configure(input: { gatewayUrl?: string; deviceId?: string; secret?: string; standInLimit?: string }): Promise<Omit<SyncConfig, 'secret'>> {
      const current = await records.config();
      const config = parseOrThrow(syncConfigSchema, { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
      await records.saveConfig(config);
      const { secret: _secret, ...visible } = config;
      return visible;
    },

    /** Starts the background loop (the app does this; the CLI runs one pass with syncNow). */
    async start(): Promise<void> {
      if (running) return;
      if (!(await records.config())) throw notConfigured();
      running = true;
      appendedSub = store.appended$.subscribe((events) => {
        if (events.some((e) => e.gpos === null)) schedule(50);
      });
      schedule(0);
      liveLoop = runLive();
    },

    async stop(): Promise<void> {
      running = false;
      online = false;
      clearTimeout(timer);
      appendedSub?.unsubscribe();
      live?.abort();
      wake?.();
      await liveLoop;
      await chain;
      // A pass in flight when stop began ends by marking the workstation online: stopped is offline.
      online = false;
      void publishStatus();
    },

    /** The network came or went (the app hears it from the OS): offline stops the loop and the stand-in limits apply. */
    setNetworkAvailable(available: boolean): void {
      networkAvailable = available;
      if (!available) {
        online = false;
        clearTimeout(timer);
        live?.abort();
        wake?.();
      } else if (running) {
        schedule(0);
        if (!liveLoop || live?.signal.aborted) liveLoop = runLive();
      }
      void publishStatus();
    },

    /** One full pass now: pull, rebase, push. Rejects with SYNC_UNAVAILABLE when the gateway cannot be reached or refuses. */
    syncNow: (): Promise<SyncReport> =>
      pass().catch((error: unknown) => {
        if (error instanceof DomainError) throw error;
        throw new DomainError('SYNC_UNAVAILABLE', describe(error));
      }),

    async verify(options: { repair?: boolean } = {}): Promise<VerifyReport> {
      const gateway = await clientFor();
      await pass();
      const first = await verifyAgainstGateway(store, gateway, contentHashChain);
      if (first.differing.length === 0 || options.repair === false) return first;
      const repair = await pass({ repair: true });
      const after = await verifyAgainstGateway(store, gateway, contentHashChain);
      return { ...after, differingBefore: first.differing, repaired: first.differing.length - after.differing.length, pulled: repair.pulled };
    },

    async exceptions(options: { includeResolved?: boolean } = {}): Promise<SyncExceptionView[]> {
      const open = await records.archived('exception');
      const resolved = options.includeResolved ? await records.archived('resolved') : [];
      return [...open.map((a) => ({ a, status: 'open' as const })), ...resolved.map((a) => ({ a, status: 'resolved' as const }))].map(({ a, status: state }) => {
        const command = a.record.commit.events[0]!.meta.command;
        const commandObject = command && typeof command === 'object' ? (command as Record<string, unknown>) : null;
        return {
          commandId: a.record.commit.commandId,
          streamId: a.record.commit.streamId,
          commandType: typeof commandObject?.type === 'string' ? commandObject.type : a.record.commit.events[0]!.type,
          command: commandObject,
          code: a.record.exception?.code ?? a.record.reason.code,
          message: a.record.exception?.message ?? a.record.reason.message,
          archivedAt: a.record.archivedAt,
          status: state,
        };
      });
    },

    /**
     * A supervisor settles an exception: retry decides the command again now; reverse records that it will not be
     * applied; accept books what already happened (cash paid out or taken in) to a suspense account of its own, so the
     * customer's account keeps its floor, the gateway's checks stay whole, and the loss or gain is a balanced,
     * attributable entry someone must clear (see acceptIntoSuspense).
     */
    async resolveException(commandId: string, input: { resolution: 'retry' | 'reverse' | 'accept'; supervisor: string; note?: string }) {
      input = parseOrThrow(resolveInputSchema, input);
      const { id, record } = await findException(commandId);
      const { commit } = record;
      let landed: { streamId: string; version: number } | undefined;
      let suspense: { suspenseAccountId: string; amount: string } | undefined;
      if (input.resolution === 'retry') {
        const command = commit.events[0]!.meta.command;
        if (!command) throw new DomainError('VALIDATION', 'The command was not recorded; it can only be reversed.', 'resolution');
        engine.rebasing.add(commit.commandId);
        try {
          const outcome = await deps.execute(command, { ...metaOf(commit), actor: input.supervisor });
          landed = { streamId: outcome.streamId, version: outcome.version };
        } finally {
          engine.rebasing.delete(commit.commandId);
        }
      } else if (input.resolution === 'accept') {
        const accepted = await acceptIntoSuspense(commit, input.supervisor);
        landed = accepted.landed;
        suspense = { suspenseAccountId: accepted.suspenseAccountId, amount: accepted.amount };
      }
      const resolution = input.resolution === 'retry' ? 'retried' : input.resolution === 'reverse' ? 'reversed' : 'accepted';
      await appendSyncEvent(
        streamIdOf(SYNC_EXCEPTION_CATEGORY, commit.commandId),
        {
          type: 'SyncExceptionResolved',
          data: { commandId: commit.commandId, resolution, supervisor: input.supervisor, ...(input.note ? { note: input.note } : {}), ...(landed ?? {}), ...(suspense ?? {}) },
        },
        input.supervisor,
        `sync-resolve:${commit.commandId}`,
      );
      await records.updateArchive(id, 'resolved', { resolution: { resolution: input.resolution, supervisor: input.supervisor, at: now() } });
      void publishStatus();
      return { commandId, resolution: input.resolution, ...(landed ?? {}), ...(suspense ? { suspenseAccountId: suspense.suspenseAccountId } : {}) };
    },

    /** Records a supervisor's override: today, this account may pay out `amount` more while offline. */
    async overrideStandInLimit(input: { accountId: string; amount: string; supervisor: string; reason?: string }) {
      input = parseOrThrow(overrideInputSchema, input);
      const currency = await accountCurrency(store, input.accountId);
      if (!currency) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${input.accountId}.`, 'accountId');
      const minor = parseEnteredAmount(input.amount, currency);
      const day = utcDay(deps.clock());
      await appendSyncEvent(
        streamIdOf(STAND_IN_CATEGORY, input.accountId),
        { type: 'StandInLimitOverridden', data: { accountId: input.accountId, day, amount: minor.toString(), supervisor: input.supervisor, ...(input.reason ? { reason: input.reason } : {}) } },
        input.supervisor,
        ulid(),
      );
      return { accountId: input.accountId, day, amount: input.amount, currency };
    },

    /** Called by the host before a command runs: refuses offline withdrawals past the stand-in limit. */
    async beforeCommand(command: { type: string; accountId?: string; amount?: string }, commandId: string): Promise<void> {
      if (command.type !== 'MakeWithdrawal' || online || engine.rebasing.has(commandId) || !command.accountId || command.amount === undefined) return;
      const config = await records.config();
      if (!config) return;
      await checkStandInLimit({ store, records, deviceId: deps.identity.deviceId, now: deps.clock(), limit: config.standInLimit }, { accountId: command.accountId, amount: command.amount });
    },

    async close(): Promise<void> {
      await this.stop();
      status$.complete();
      passes$.complete();
    },
  };
}

/** Used by verify: the same rolling hash the gateway keeps per stream. */
const contentHashChain = (events: readonly EventEnvelope[]) => chainEvents('', events);

export { emptyReport };
