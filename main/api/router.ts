/**
 * The API router: connections over the host's area handlers. Each connection has its own sign-in session
 * (connectionSession.ts) and live topics (liveTopics.ts); calls go through the method dispatch (dispatch.ts). Every
 * transport (WebSocket, Electron IPC, tests) goes through it.
 */

import type { Subscription } from 'rxjs';
import { apiTopics, isTopicName } from '@fidelis/shared/api/contract.js';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { requirePermission } from '@fidelis/shared/staff/roles.js';
import type { Host } from '../host.js';
import { createConnectionSession } from './connectionSession.js';
import { createDispatcher, quoted, refusalOf } from './dispatch.js';
import { openTopic, type TopicListener } from './liveTopics.js';

/** One caller (a WebSocket, an Electron window, a test): its own sign-in session, its own live topics. */
export interface ApiConnection {
  call(method: string, input: unknown): Promise<ApiResponse>;
  /** Starts a live topic; the answer says whether it started, and how to stop it. */
  subscribe(topic: string, params: unknown, listener: TopicListener): { response: ApiResponse; unsubscribe: () => void };
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

/** What the router uses of the host: the area handlers and read-model changes, the store's appends, sessions, the log. */
export type ApiRouterHost = Pick<Host, 'api' | 'store' | 'staff' | 'logger'>;

export function createApiRouter(host: ApiRouterHost): ApiRouter {
  const dispatcher = createDispatcher(host.api.handlers, host.logger);
  const sources = { appended$: host.store.appended$, headSeq: () => host.store.headSeq(), readModelChanged$: host.api.readModelChanged$ };
  /** Every connection's topics, so closing the router ends them all. */
  const open = new Set<Subscription>();

  function connect(): ApiConnection {
    const session = createConnectionSession(host.staff.sessions);
    const own = new Set<Subscription>();
    const stop = (subscription: Subscription) => {
      subscription.unsubscribe();
      open.delete(subscription);
      own.delete(subscription);
    };

    function subscribe(topic: string, params: unknown, listener: TopicListener): { response: ApiResponse; unsubscribe: () => void } {
      const none = () => {};
      try {
        if (!isTopicName(topic)) return { response: { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no live topic ${quoted(topic)}.` } }, unsubscribe: none };
        const reader = session.reader();
        if (!reader) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
        requirePermission(reader, apiTopics[topic].permission);
        const subscription = openTopic(sources, topic, params, listener);
        open.add(subscription);
        own.add(subscription);
        return { response: { ok: true, result: null }, unsubscribe: () => stop(subscription) };
      } catch (error) {
        return { response: { ok: false, error: refusalOf(error, `subscribe:${topic}`, host.logger) }, unsubscribe: none };
      }
    }

    return {
      call: (method, input) => dispatcher.dispatch(method, input, session),
      subscribe,
      close() {
        for (const subscription of [...own]) stop(subscription);
      },
    };
  }

  return {
    ready: Promise.resolve(),
    connect,
    close() {
      for (const subscription of open) subscription.unsubscribe();
      open.clear();
    },
  };
}
