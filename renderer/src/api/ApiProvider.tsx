/** React access to the API: the client in context, queries with loading / error / data, and live topics that trigger re-reads. */

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { MethodInput, MethodName, MethodResult, TopicName, TopicParams } from '@fidelis/shared/api/contract.js';
import { ApiError } from '@fidelis/shared/api/errors.js';
import type { ApiClient } from './apiClient.js';

const ApiContext = createContext<ApiClient | undefined>(undefined);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi needs an <ApiProvider>.');
  return client;
}

export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });

export type QueryState<T> =
  | { readonly status: 'loading'; readonly data: T | undefined; readonly error: undefined }
  | { readonly status: 'ready'; readonly data: T; readonly error: undefined }
  | { readonly status: 'error'; readonly data: T | undefined; readonly error: ApiError };

/**
 * Runs a query and re-runs it when its input changes or `reload` is called. The last data stays on screen while a
 * re-read is in flight, and an answer that arrives after a newer request is dropped.
 */
export function useQuery<M extends MethodName>(method: M, input: MethodInput<M> | null): QueryState<MethodResult<M>> & { reload: () => void } {
  const api = useApi();
  const [state, setState] = useState<QueryState<MethodResult<M>>>({ status: 'loading', data: undefined, error: undefined });
  const [tick, setTick] = useState(0);
  const key = input === null ? null : JSON.stringify(input);
  const latest = useRef(0);

  useEffect(() => {
    if (key === null) return;
    const request = ++latest.current;
    setState((previous) => ({ status: 'loading', data: previous.data, error: undefined }));
    api.call(method, JSON.parse(key) as MethodInput<M>).then(
      (data) => {
        if (latest.current === request) setState({ status: 'ready', data, error: undefined });
      },
      (error: unknown) => {
        if (latest.current === request) setState((previous) => ({ status: 'error', data: previous.data, error: toApiError(error) }));
      },
    );
  }, [api, method, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Calls `onChange` (at most once per animation frame) whenever the topic reports a change. */
export function useLive<T extends TopicName>(topic: T, params: TopicParams<T> | null, onChange: () => void): void {
  const api = useApi();
  const handler = useRef(onChange);
  handler.current = onChange;
  const key = params === null ? null : JSON.stringify(params);

  useEffect(() => {
    if (key === null) return;
    let scheduled: ReturnType<typeof setTimeout> | undefined;
    const stop = api.subscribe(topic, JSON.parse(key) as TopicParams<T>, () => {
      scheduled ??= setTimeout(() => {
        scheduled = undefined;
        handler.current();
      }, 16);
    });
    return () => {
      stop();
      if (scheduled) clearTimeout(scheduled);
    };
  }, [api, topic, key]);
}
