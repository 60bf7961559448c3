/**
 * The API router over a Host: validates every input with the contract's zod schema (the renderer is untrusted), runs
 * the handler, and answers ApiResponse — a result, or a typed refusal {code, field, message}. Every transport
 * (WebSocket, Electron IPC, tests) goes through it.
 */

import { filter, map, type Subscription } from 'rxjs';
import { apiMethods, apiTopics, isMethodName, isTopicName, type MethodName, type MethodParsedInput, type MethodResult } from '@fidelis/shared/api/contract.js';
import type { ApiErrorBody, ApiResponse } from '@fidelis/shared/api/errors.js';
import type { Feature } from '@fidelis/shared/api/schemas.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { categoryOf } from '@fidelis/shared/events/envelope.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import { accountTimeline, getAccount, listAccounts } from '../accounts/accountQueries.js';
import { dashboardActivity } from '../dashboard/dashboardQuery.js';
import type { ApiFeatures, ApiHost } from './hostFeatures.js';
import { methodAccess, TOPIC_PERMISSION } from '@fidelis/shared/api/permissions.js';
import { hasPermission, requirePermission, type Principal } from '@fidelis/shared/staff/roles.js';
import type { SessionInfo } from '../staff/sessions.js';

/** One caller (a WebSocket, an Electron window, a test): its own sign-in session, its own live topics. */
export interface ApiConnection {
  call(method: string, input: unknown): Promise<ApiResponse>;
  /** Starts a live topic; the answer says whether it started, and how to stop it. */
  subscribe(topic: string, params: unknown, listener: (event: unknown) => void): { response: ApiResponse; unsubscribe: () => void };
  /** Ends the connection's topics; the session lives on (a reloaded page resumes it with its token). */
  close(): void;
}

export interface ApiRouter {
  /** A new connection, signed out until it signs in (auth.signIn, auth.bootstrap) or resumes a session (auth.resume). */
  connect(): ApiConnection;
  /** Resolved: the router reads the host's read models, which are up to date once the host is created. */
  readonly ready: Promise<void>;
  /** Ends every connection's topics. */
  close(): void;
}

/** What a handler knows of its caller: the signed-in person (always set for a method that is not public). */
interface CallContext {
  readonly principal: Principal | undefined;
  /** The connection's session token: auth.* methods set and clear it. */
  token: string | undefined;
}

type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>, context: CallContext) => Promise<MethodResult<M>> | MethodResult<M> };

/** The person acting, for a method whose permission the router has already checked. */
const actorOf = (context: CallContext): Principal => {
  if (!context.principal) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  return context.principal;
};
const sessionOf = (session: SessionInfo) => ({ username: session.principal.username, displayName: session.principal.displayName, roles: [...session.principal.roles], locked: session.locked, token: session.token });

const FEATURE_OF: Record<Feature, keyof ApiFeatures | undefined> = {
  alerts: 'alertsApi',
  processing: 'processingApi',
  explorer: 'explorerApi',
  tracing: 'tracingApi',
  transfers: 'transfersApi',
  temporal: undefined,
  sync: 'syncApi',
  reports: 'reportsApi',
  payments: 'paymentsApi',
};

/** A caller's name for a method or topic, quoted and cut short: a megabyte-long name must not come back whole. */
const quoted = (name: string): string => JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);

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
  const sessions = host.staff.sessions;
  /** The connection's session, for auth.* methods that act on it. */
  const tokenOf = (context: CallContext): string => {
    if (context.token === undefined) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
    return context.token;
  };

  const handlers: Handlers = {
    'system.capabilities': () => ({
      features: { processing: has('processing'), alerts: has('alerts'), explorer: has('explorer'), tracing: has('tracing'), transfers: has('transfers'), temporal: true, sync: has('sync'), reports: has('reports'), payments: has('payments') },
      deviceId: host.settings.deviceId,
      branchId: host.settings.branchId,
      // Public: nothing beyond device and branch. Who acts is the signed-in person (auth.status), never the OS account.
      actor: '',
    }),

    'auth.status': async (_input, context) => {
      const session = context.token === undefined ? undefined : await sessions.peek(context.token);
      const { principal } = session ?? {};
      return {
        staffExists: await host.staff.exists(),
        session: session && principal ? { username: principal.username, displayName: principal.displayName, roles: [...principal.roles], locked: session.locked } : null,
        idleLockMinutes: host.settings.sessionIdleMinutes,
      };
    },
    'auth.bootstrap': async (input, context) => {
      await host.staff.bootstrap(input);
      const session = await sessions.signIn(input.username, input.password);
      context.token = session.token;
      return sessionOf(session);
    },
    'auth.signIn': async ({ username, password }, context) => {
      // Signing in as someone else ends the connection's earlier session.
      if (context.token !== undefined) sessions.signOut(context.token);
      context.token = undefined;
      const session = await sessions.signIn(username, password);
      context.token = session.token;
      return sessionOf(session);
    },
    'auth.signOut': (_input, context) => {
      if (context.token !== undefined) sessions.signOut(context.token);
      context.token = undefined;
      return { signedOut: true as const };
    },
    'auth.unlock': async ({ password }, context) => sessionOf(await sessions.unlock(tokenOf(context), password)),
    // Locking in main, not only on the screen: a second window or a forged frame on this session is refused until unlock.
    'auth.lock': async (_input, context) => {
      const token = tokenOf(context);
      sessions.lock(token);
      const session = await sessions.peek(token);
      if (!session) throw new DomainError('UNAUTHENTICATED', 'That session has ended: sign in again.');
      return sessionOf(session);
    },
    'auth.resume': async ({ token }, context) => {
      const session = await sessions.peek(token);
      if (!session) throw new DomainError('UNAUTHENTICATED', 'That session has ended: sign in again.', 'token');
      context.token = token;
      return sessionOf(session);
    },

    'staff.list': async () => ({ users: (await host.staff.list()).map(({ username, displayName, roles, disabled }) => ({ username, displayName, roles, disabled })) }),
    'staff.provision': (input, context) => host.staff.provision(actorOf(context), input),
    'staff.disable': ({ username }, context) => host.staff.disable(actorOf(context), username),

    'accounts.list': (input) => listAccounts(host, input),
    'account.get': (input) => getAccount(host, input),
    'account.timeline': (input) => accountTimeline(host, registry, input),
    'account.open': async ({ commandId, ...input }, context) => settledOutcome(await host.executeAs(actorOf(context), { type: 'OpenAccount', ...input }, metaOf(commandId))),
    'account.deposit': async ({ commandId, ...input }, context) => settledOutcome(await host.executeAs(actorOf(context), { type: 'MakeDeposit', ...input }, metaOf(commandId))),
    'account.withdraw': async ({ commandId, approval, ...input }, context) =>
      settledOutcome(await host.executeAs(actorOf(context), { type: 'MakeWithdrawal', ...input }, metaOf(commandId), approval)),
    'account.close': async ({ commandId, ...input }, context) => settledOutcome(await host.executeAs(actorOf(context), { type: 'CloseAccount', ...input }, metaOf(commandId))),
    // The caller names the movement; main reads its amount and kind from the account's stream (main/ledger/commandRouter.ts).
    'account.reverse': async ({ commandId, eventId, ...input }, context) =>
      settledOutcome(await host.executeAs(actorOf(context), { type: 'ReverseMovement', ...input, originalEventId: eventId }, metaOf(commandId))),

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
    'alerts.acknowledge': (input, context) => need('alertsApi', 'alerts').acknowledge({ ...input, actor: actorOf(context).username }),

    'ops.subscriptions': () => need('processingApi', 'processing').subscriptions(),
    'ops.deadLetters': (input) => need('processingApi', 'processing').deadLetters(input),
    'ops.replayDeadLetter': ({ id }) => need('processingApi', 'processing').replayDeadLetter(id),
    'ops.replayAllDeadLetters': ({ subscription }) => need('processingApi', 'processing').replayAllDeadLetters(subscription),
    'ops.purgeDeadLetters': ({ subscription }) => need('processingApi', 'processing').purgeDeadLetters(subscription),
    'ops.rebuilds': () => need('processingApi', 'processing').rebuilds(),
    'ops.startRebuild': ({ projection }) => need('processingApi', 'processing').startRebuild(projection),
    'ops.verify': () => host.verify(),

    'explorer.streams': (input) => need('explorerApi', 'explorer').streams(input),
    'explorer.types': () => need('explorerApi', 'explorer').types(),
    'explorer.search': (input) => need('explorerApi', 'explorer').search(input),
    'explorer.trace': ({ correlationId }) => need('tracingApi', 'tracing').trace(correlationId),

    'transfers.list': (input) => need('transfersApi', 'transfers').list(input),
    'transfers.start': ({ commandId, approval, ...input }, context) =>
      host.transfers.start(input, metaOf(commandId), (request, meta) => host.executeAs(actorOf(context), request, meta, approval)),

    'sync.status': () => need('syncApi', 'sync').status(),
    'sync.now': () => need('syncApi', 'sync').syncNow(),
    'sync.exceptions': (input) => need('syncApi', 'sync').exceptions(input),
    // The supervisor on record is the one signed in, whatever name the form typed.
    'sync.resolve': (input, context) => need('syncApi', 'sync').resolve({ ...input, supervisor: actorOf(context).username }),

    'reports.preview': (input) => need('reportsApi', 'reports').preview(input),
    'reports.export': (input) => need('reportsApi', 'reports').startExport(input),
    'reports.job': ({ jobId }) => need('reportsApi', 'reports').job(jobId),
    'reports.folder': () => need('reportsApi', 'reports').folder(),

    'payments.list': (input) => need('paymentsApi', 'payments').list(input),
    'payments.send': (input, context) => need('paymentsApi', 'payments').send(input, actorOf(context)),
    'payments.status': () => need('paymentsApi', 'payments').status(),
    'payments.reconcile': (input, context) => need('paymentsApi', 'payments').reconcile(input, actorOf(context)),
    'payments.reconciliation': (input) => need('paymentsApi', 'payments').reconciliation(input),
    'payments.resolveItem': (input, context) => need('paymentsApi', 'payments').resolveItem(input, actorOf(context)),
  };

  function refusal(error: unknown, method: string): ApiErrorBody {
    if (isDomainError(error)) return error.toJSON();
    host.logger.error({ err: error, method }, 'API call failed');
    return { code: 'INTERNAL', message: 'Fidelis could not complete this request; the details are in the log.' };
  }

  /** The signed-in person behind a connection's token: touches the session (idle lock), or refuses the call. */
  async function principalFor(token: string | undefined): Promise<Principal> {
    if (token === undefined) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
    return sessions.touch(token);
  }

  function connect(): ApiConnection {
    /** `reader`: the person of the last call, when their role may follow live topics (topics answer synchronously). */
    const state: { token: string | undefined; reader: Principal | undefined } = { token: undefined, reader: undefined };
    const own = new Set<Subscription>();

    async function call(method: string, input: unknown): Promise<ApiResponse> {
      try {
        if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no API method ${quoted(method)}.` } };
        const access = methodAccess(method);
        // A method nobody mapped to a permission is refused for everyone: fail closed.
        if (access === undefined) throw new DomainError('FORBIDDEN', 'This method has no permission yet: nobody may call it.', 'role');
        // Who is calling is settled before the input is looked at: an unauthenticated caller learns nothing from it.
        let principal: Principal | undefined;
        if (access !== 'public') {
          // A topic frame may arrive while this call waits: the reader stays who it was until the session answers.
          principal = await principalFor(state.token).catch((error: unknown) => {
            state.reader = undefined;
            throw error;
          });
          state.reader = hasPermission(principal, TOPIC_PERMISSION) ? principal : undefined;
          requirePermission(principal, access);
        }
        const spec = apiMethods[method];
        const parsed = parseOrThrow(spec.input, input ?? {});
        const feature = (spec as { feature?: Feature }).feature;
        if (feature && !has(feature)) throw notAvailable(feature);
        const handler = handlers[method] as (value: unknown, context: CallContext) => Promise<unknown> | unknown;
        const context: CallContext = { principal, token: state.token };
        // Results are checked too: a handler that drifts from the contract fails here, not in the renderer.
        const result = spec.result.parse(await handler(parsed, context));
        if (method.startsWith('auth.')) {
          state.token = context.token;
          const session = state.token === undefined ? undefined : await sessions.peek(state.token);
          state.reader = session && !session.locked && hasPermission(session.principal, TOPIC_PERMISSION) ? session.principal : undefined;
        }
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: refusal(error, method) };
      }
    }

    function subscribe(topic: string, params: unknown, listener: (event: unknown) => void): { response: ApiResponse; unsubscribe: () => void } {
      const none = () => {};
      try {
        if (!isTopicName(topic)) return { response: { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no live topic ${quoted(topic)}.` } }, unsubscribe: none };
        if (!state.reader) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
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
        own.add(subscription);
        return {
          response: { ok: true, result: null },
          unsubscribe: () => {
            subscription.unsubscribe();
            subscriptions.delete(subscription);
            own.delete(subscription);
          },
        };
      } catch (error) {
        return { response: { ok: false, error: refusal(error, `subscribe:${topic}`) }, unsubscribe: none };
      }
    }

    return {
      call,
      subscribe,
      close() {
        for (const subscription of own) {
          subscription.unsubscribe();
          subscriptions.delete(subscription);
        }
        own.clear();
      },
    };
  }

  return {
    ready: Promise.resolve(),
    connect,
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions.clear();
    },
  };
}
