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
import { createAccountsIndex, type AccountsIndex } from './accountsIndex.js';
import { dashboardActivity } from './dashboardQuery.js';
import type { ApiFeatures, ApiHost } from './hostFeatures.js';

export interface ApiRouter {
  call(method: string, input: unknown): Promise<ApiResponse>;
  /** Starts a live topic; the answer says whether it started, and how to stop it. */
  subscribe(topic: string, params: unknown, listener: (event: unknown) => void): { response: ApiResponse; unsubscribe: () => void };
  /** Resolves once the accounts index has caught up with the store. */
  readonly ready: Promise<void>;
  readonly index: AccountsIndex;
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
};

const notAvailable = (feature: Feature) =>
  new DomainError('NOT_AVAILABLE', `This build of Fidelis does not have ${feature} yet.`);

export function createApiRouter(host: ApiHost): ApiRouter {
  const registry = createLedgerEventRegistry();
  const index = createAccountsIndex(host.store, registry);
  const has = (feature: Feature): boolean => {
    const key = FEATURE_OF[feature];
    return key === undefined || host[key] !== undefined;
  };
  function need<K extends keyof ApiFeatures>(key: K, feature: Feature): ApiFeatures[K] {
    const value = host[key];
    if (value === undefined) throw notAvailable(feature);
    return value as ApiFeatures[K];
  }

  /** Commands answer once their events are also in the index, so the screen that asked reads its own write. */
  async function settledOutcome(outcome: CommandOutcome): Promise<MethodResult<'account.open'>> {
    const last = outcome.events.at(-1);
    if (last) await index.settled(last.seq);
    return { accountId: outcome.aggregateId, version: outcome.version, duplicate: outcome.duplicate };
  }
  const metaOf = (commandId: string | undefined) => (commandId === undefined ? {} : { commandId });

  const handlers: Handlers = {
    'system.capabilities': () => ({
      features: { processing: has('processing'), alerts: has('alerts'), explorer: has('explorer'), tracing: has('tracing'), transfers: has('transfers'), temporal: true },
      deviceId: host.settings.deviceId,
      branchId: host.settings.branchId,
      actor: host.settings.defaultActor,
    }),

    'accounts.list': async (input) => {
      await index.ready;
      return listAccounts(index, input);
    },
    'account.get': async (input) => {
      await index.ready;
      return getAccount(host, index, input);
    },
    'account.timeline': async (input) => {
      await index.ready;
      return accountTimeline(host, index, registry, input);
    },
    'account.open': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'OpenAccount', ...input }, metaOf(commandId))),
    'account.deposit': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'MakeDeposit', ...input }, metaOf(commandId))),
    'account.withdraw': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'MakeWithdrawal', ...input }, metaOf(commandId))),
    'account.close': async ({ commandId, ...input }) => settledOutcome(await host.execute({ type: 'CloseAccount', ...input }, metaOf(commandId))),

    'dashboard.activity': async (input) => {
      await index.ready;
      const alerts = host.alertsApi;
      const processing = host.processingApi;
      const statuses = processing ? (await processing.subscriptions()).items : undefined;
      return {
        ...dashboardActivity(index, input),
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
  };

  function refusal(error: unknown, method: string): ApiErrorBody {
    if (isDomainError(error)) return error.toJSON();
    host.logger.error({ err: error, method }, 'API call failed');
    return { code: 'INTERNAL', message: 'Fidelis could not complete this request; the details are in the log.' };
  }

  return {
    ready: index.ready,
    index,

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
            subscription = index.changes$
              .pipe(filter((change) => change.streamIds.includes(streamId)))
              .subscribe((change) => {
                const accountId = streamId.slice(streamId.indexOf('-') + 1);
                listener({ streamId, version: index.get(accountId)?.state.version ?? -1, headSeq: change.headSeq });
              });
            break;
          }
          case 'store': {
            const { category } = parseOrThrow(apiTopics.store.params, params ?? {});
            subscription = index.changes$
              .pipe(
                map((change) => ({ headSeq: change.headSeq, streamIds: category ? change.streamIds.filter((id) => categoryOf(id) === category) : [...change.streamIds] })),
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
        return { response: { ok: true, result: null }, unsubscribe: () => subscription.unsubscribe() };
      } catch (error) {
        return { response: { ok: false, error: refusal(error, `subscribe:${topic}`) }, unsubscribe: none };
      }
    },

    close() {
      index.close();
    },
  };
}
