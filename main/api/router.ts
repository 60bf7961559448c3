/**
 * The API router over a Host: validates every input with the contract's zod schema (the renderer is untrusted), runs
 * the handler, and answers ApiResponse — a result, or a typed refusal {code, field, message}. Every transport
 * (WebSocket, Electron IPC, tests) goes through it.
 */

import { filter, map, type Subscription } from 'rxjs';
import { apiMethods, apiTopics, isMethodName, isTopicName, type MethodName, type MethodParsedInput, type MethodResult } from '../../shared/api/contract.js';
import type { ApiErrorBody, ApiResponse } from '../../shared/api/errors.js';
import type { Feature } from '../../shared/api/schemas.js';
import { DomainError, isDomainError } from '../../shared/errors.js';
import { categoryOf } from '../../shared/events/envelope.js';
import { createLedgerEventRegistry } from '../../shared/ledger/events.js';
import { parseOrThrow } from '../../shared/validation.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import { accountTimeline, getAccount, listAccounts } from './accountQueries.js';
import { dashboardActivity } from './dashboardQuery.js';
import type { ApiFeatures, ApiHost } from './hostFeatures.js';

export interface ApiRouter {
  call(method: string, input: unknown): Promise<ApiResponse>;
  /** Starts a live topic; the answer says whether it started, and how to stop it. */
  subscribe(topic: string, params: unknown, listener: (event: unknown) => void): { response: ApiResponse; unsubscribe: () => void };
  /** Resolved: the router reads the host's read models, which are up to date once the host is created. */
  readonly ready: Promise<void>;
  close(): void;
}

type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodResult<M>> | MethodResult<M> };

const FEATURE_OF: Record<Feature, keyof ApiFeatures | undefined> = {
  alerts: 'alertsApi',
  processing: 'processingApi',
  explorer: 'explorerApi',
  tracing: 'tracingApi',
  transfers: 'transfersApi',
  temporal: undefined,
  sync: 'syncApi',
  reports: 'reportsApi',
};

const notAvailable = (feature: Feature) =>
  new DomainError('NOT_AVAILABLE', `This build of Fidelis does not have ${feature} yet.`);

export function createApiRouter(host: ApiHost): ApiRouter {
  const registry = createLedgerEventRegistry();
  const subscriptions = new Set<Subscription>();
  const has = (feature: Feature): boolean => {
    const key = FEATURE_OF[feature];
    return key === undefined || host[key] !== undefined;
  };
  function need<K extends keyof ApiFeatures>(key: K, feature: Feature): ApiFeatures[K] {
    const value = host[key];
    if (value === undefined) throw notAvailable(feature);
    return value as ApiFeatures[K];
  }

  /** host.execute returns once the inline read models (AccountSummary, AccountDirectory) hold the events: the screen reads its own write. */
  function settledOutcome(outcome: CommandOutcome): MethodResult<'account.open'> {
    return { accountId: outcome.aggregateId, version: outcome.version, duplicate: outcome.duplicate };
  }
  const metaOf = (commandId: string | undefined) => (commandId === undefined ? {} : { commandId });

  const handlers: Handlers = {
    'system.capabilities': () => ({
      features: { processing: has('processing'), alerts: has('alerts'), explorer: has('explorer'), tracing: has('tracing'), transfers: has('transfers'), temporal: true, sync: has('sync'), reports: has('reports') },
      deviceId: host.settings.deviceId,
      branchId: host.settings.branchId,
      actor: host.settings.defaultActor,
    }),

    'accounts.list': (input) => listAccounts(host, input),
    'account.get': (input) => getAccount(host, input),
    'account.timeline': (input) => accountTimeline(host, registry, input),
    'account.open': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'OpenAccount', ...input }, metaOf(commandId))),
    'account.deposit': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'MakeDeposit', ...input }, metaOf(commandId))),
    'account.withdraw': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'MakeWithdrawal', ...input }, metaOf(commandId))),
    'account.close': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'CloseAccount', ...input }, metaOf(commandId))),

    'dashboard.activity': async (input) => {
      const alerts = host.alertsApi;
      const processing = host.processingApi;
      const statuses = processing ? (await processing.subscriptions()).items : undefined;
      return {
        ...(await dashboardActivity(host, input)),
        openAlerts: alerts ? await alerts.openCount() : null,
        subscriptions: statuses
          ? {
              ok: statuses.filter((s) => s.status === 'ok').length,
              lagging: statuses.filter((s) => s.status === 'lagging').length,
              failing: statuses.filter((s) => s.status === 'failing' || s.status === 'stopped').length,
            }
          : null,
      };
    },

    'alerts.list': (input) => need('alertsApi', 'alerts').list(input),
    'alerts.acknowledge': (input) => need('alertsApi', 'alerts').acknowledge({ ...input, actor: host.settings.defaultActor }),

    'ops.subscriptions': () => need('processingApi', 'processing').subscriptions(),
    'ops.deadLetters': (input) => need('processingApi', 'processing').deadLetters(input),
    'ops.replayDeadLetter': ({ id }) => need('processingApi', 'processing').replayDeadLetter(id),
    'ops.replayAllDeadLetters': ({ subscription }) => need('processingApi', 'processing').replayAllDeadLetters(subscription),
    'ops.purgeDeadLetters': ({ subscription }) => need('processingApi', 'processing').purgeDeadLetters(subscription),
    'ops.rebuilds': () => need('processingApi', 'processing').rebuilds(),
    'ops.startRebuild': ({ projection }) => need('processingApi', 'processing').startRebuild(projection),

    'explorer.streams': (input) => need('explorerApi', 'explorer').streams(input),
    'explorer.types': () => need('explorerApi', 'explorer').types(),
    'explorer.search': (input) => need('explorerApi', 'explorer').search(input),
    'explorer.trace': ({ correlationId }) => need('tracingApi', 'tracing').trace(correlationId),

    'transfers.list': (input) => need('transfersApi', 'transfers').list(input),
    'transfers.start': (input) => need('transfersApi', 'transfers').start(input),

    'sync.status': () => need('syncApi', 'sync').status(),
    'sync.now': () => need('syncApi', 'sync').syncNow(),
    'sync.exceptions': (input) => need('syncApi', 'sync').exceptions(input),
    'sync.resolve': (input) => need('syncApi', 'sync').resolve(input),

    'reports.preview': (input) => need('reportsApi', 'reports').preview(input),
    'reports.export': (input) => need('reportsApi', 'reports').startExport(input),
    'reports.job': ({ jobId }) => need('reportsApi', 'reports').job(jobId),
    'reports.folder': () => need('reportsApi', 'reports').folder(),
  };

  function refusal(error: unknown, method: string): ApiErrorBody {
    if (isDomainError(error)) return error.toJSON();
    host.logger.error({ err: error, method }, 'API call failed');
    return { code: 'INTERNAL', message: 'Fidelis could not complete this request; the details are in the log.' };
  }

  return {
    ready: Promise.resolve(),

    async call(method, input) {
      try {
        if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no API method "${method}".` } };
        const spec = apiMethods[method];
        const parsed = parseOrThrow(spec.input, input ?? {});
        const feature = (spec as { feature?: Feature }).feature;
        if (feature && !has(feature)) throw notAvailable(feature);
        const handler = handlers[method] as (value: unknown) => Promise<unknown> | unknown;
        // Results are checked too: a handler that drifts from the contract fails here, not in the renderer.
        const result = spec.result.parse(await handler(parsed));
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: refusal(error, method) };
      }
    },

    subscribe(topic, params, listener) {
      const none = () => {};
      try {
        if (!isTopicName(topic)) return { response: { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no live topic "${topic}".` } }, unsubscribe: none };
        let subscription: Subscription;
        switch (topic) {
          case 'stream': {
            const { streamId } = parseOrThrow(apiTopics.stream.params, params ?? {});
            // store.appended$ emits each durable group, after the inline read models have been handed it.
            subscription = host.store.appended$
              .pipe(
                map((events) => events.filter((e) => e.streamId === streamId)),
                filter((events) => events.length > 0),
              )
              .subscribe((events) => listener({ streamId, version: events.at(-1)!.version, headSeq: events.at(-1)!.seq }));
            break;
          }
          case 'store': {
            const { category } = parseOrThrow(apiTopics.store.params, params ?? {});
            subscription = host.store.appended$
              .pipe(
                map((events) => {
                  const streamIds = new Set(events.map((e) => e.streamId).filter((id) => !category || categoryOf(id) === category));
                  return { headSeq: events.at(-1)?.seq ?? host.store.headSeq(), streamIds: [...streamIds] };
                }),
                filter((change) => change.streamIds.length > 0),
              )
              .subscribe(listener);
            break;
          }
          case 'readModel': {
            const { name } = parseOrThrow(apiTopics.readModel.params, params ?? {});
            const source = host.readModelChanges;
            if (!source) throw new DomainError('NOT_AVAILABLE', 'This build of Fidelis has no read models to follow yet.', 'name');
            subscription = source.readModelChanged$.pipe(filter((change) => change.name === name)).subscribe(listener);
            break;
          }
        }
        subscriptions.add(subscription);
        return {
          response: { ok: true, result: null },
          unsubscribe: () => {
            subscription.unsubscribe();
            subscriptions.delete(subscription);
          },
        };
      } catch (error) {
        return { response: { ok: false, error: refusal(error, `subscribe:${topic}`) }, unsubscribe: none };
      }
    },

    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions.clear();
    },
  };
}
