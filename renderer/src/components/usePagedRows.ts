/**
 * Rows of a long list fetched page by page from main as they scroll into view. A refresh (a live change) re-reads
 * the pages in view and keeps showing the old rows until the new ones arrive, so the list never flickers empty.
 */

import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError } from '../api/ApiProvider.js';
import type { ApiError } from '@fidelis/shared/api/errors.js';

export const PAGE_SIZE = 100;

export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

export interface PagedRows<T> {
  readonly total: number | undefined;
  readonly error: ApiError | undefined;
  rowAt(index: number): T | undefined;
  /** Makes sure the rows from `first` to `last` are loaded (or loading). */
  request(first: number, last: number): void;
  refresh(): void;
}

export function usePagedRows<T>(resetKey: string, loadPage: (offset: number, limit: number) => Promise<Page<T>>): PagedRows<T> {
  const [, setVersion] = useState(0);
  const state = useRef({
    key: resetKey,
    generation: 0,
    total: undefined as number | undefined,
    pages: new Map<number, { generation: number; items: readonly T[] }>(),
    inFlight: new Set<string>(),
    visible: [0, 0] as [number, number],
    error: undefined as ApiError | undefined,
  });
  const load = useRef(loadPage);
  load.current = loadPage;

  const fetchPage = useCallback((page: number) => {
    const s = state.current;
    const flightKey = `${s.key}|${s.generation}|${page}`;
    if (s.inFlight.has(flightKey)) return;
    const cached = s.pages.get(page);
    if (cached && cached.generation === s.generation) return;
    s.inFlight.add(flightKey);
    const { key, generation } = s;
    load.current(page * PAGE_SIZE, PAGE_SIZE).then(
      (result) => {
        s.inFlight.delete(flightKey);
        if (s.key !== key || s.generation < generation) return;
        s.total = result.total;
        s.error = undefined;
        s.pages.set(page, { generation, items: result.items });
        setVersion((v) => v + 1);
      },
      (error: unknown) => {
        s.inFlight.delete(flightKey);
        if (s.key !== key) return;
        s.error = toApiError(error);
        setVersion((v) => v + 1);
      },
    );
  }, []);

  const request = useCallback(
    (first: number, last: number) => {
      const s = state.current;
      s.visible = [first, last];
      const lastRow = s.total === undefined ? first : Math.min(last, Math.max(0, s.total - 1));
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(lastRow / PAGE_SIZE); page++) fetchPage(page);
    },
    [fetchPage],
  );

  const refresh = useCallback(() => {
    const s = state.current;
    s.generation++;
    // Pages out of view are forgotten; pages in view stay until their fresh copy replaces them.
    const [first, last] = s.visible;
    for (const page of [...s.pages.keys()]) {
      if (page < Math.floor(first / PAGE_SIZE) || page > Math.floor(last / PAGE_SIZE)) s.pages.delete(page);
    }
    request(first, last);
  }, [request]);

  // A new key (another search, another account) starts from nothing.
  if (state.current.key !== resetKey) {
    state.current = { ...state.current, key: resetKey, generation: state.current.generation + 1, total: undefined, pages: new Map(), inFlight: new Set(), error: undefined };
  }

  useEffect(() => {
    if (state.current.total === undefined) request(0, PAGE_SIZE - 1);
  }, [resetKey, request]);

  return {
    total: state.current.total,
    error: state.current.error,
    rowAt(index) {
      const page = state.current.pages.get(Math.floor(index / PAGE_SIZE));
      return page?.items[index % PAGE_SIZE];
    },
    request,
    refresh,
  };
}
