/**
 * Event-store exploration: streams and categories page by page, per-type statistics, type search, an account's
 * history and causation traces. Every scan pages through the store; events of unknown types are shown, marked.
 */

import { redactSecrets } from '@fidelis/shared/staff/redaction.js';
import { categoryOf, streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { EventStore } from '../store/eventStore.js';
import { scanEvents } from './scan.js';
import { causesIn, correlationOf, effectsIn, traceCorrelation, type Trace, type TraceNode } from './tracing.js';

/** A stored event as exploration shows it: as recorded (never upcast), and whether this build can read its type. */
export type ExploredEvent = EventEnvelope & { readonly known: boolean };

export interface EventPage {
  readonly events: readonly ExploredEvent[];
  /** Where the next page starts (`--from`): a version for a stream, a `seq` for a category; null at the end. */
  readonly next: number | null;
}

export interface TypeStats {
  readonly type: string;
  readonly known: boolean;
  readonly events: number;
  readonly streams: number;
  readonly latest: string;
}

export interface CategoryStats {
  readonly category: string;
  readonly events: number;
  readonly streams: number;
  readonly latest: string;
}

export interface StoreStats {
  readonly events: number;
  readonly streams: number;
  readonly unknownEvents: number;
  readonly types: readonly TypeStats[];
  readonly categories: readonly CategoryStats[];
}

export interface HistoryRow {
  readonly version: number;
  readonly type: string;
  readonly known: boolean;
  readonly recordedAt: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly eventId: string;
}

export interface SearchResult {
  readonly total: number;
  readonly events: readonly ExploredEvent[];
}

export interface Explorer {
  /** A stream (`account-<id>`) from a version, or a category (`account`) across its streams from a `seq`, in `seq` order. */
  read(target: string, options?: { from?: number; limit?: number }): Promise<EventPage>;
  readStream(streamId: string, options?: { fromVersion?: number; limit?: number }): Promise<EventPage>;
  readCategory(category: string, options?: { afterSeq?: number; limit?: number }): Promise<EventPage>;
  stats(): Promise<StoreStats>;
  /** Events whose type contains `typePart`, case-insensitively; `total` counts them all, `events` holds the first `limit`. */
  search(query: { typePart: string; limit?: number }): Promise<SearchResult>;
  /** An account's events, oldest first. */
  history(accountId: string): Promise<HistoryRow[]>;
  /** Streams with their version and last event time (the renderer's explorer list). */
  streams(options?: { category?: string | undefined; offset?: number; limit?: number }): Promise<{ total: number; items: { streamId: string; version: number; lastEventAt: string }[] }>;
  trace(correlationId: string): Promise<Trace>;
  /** The chain from the root cause down to a command or event. */
  causes(id: string): Promise<Omit<TraceNode, 'children'>[]>;
  /** A command or event and everything it caused. */
  effects(id: string): Promise<TraceNode>;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

export function createExplorer(store: EventStore, registry: EventRegistry): Explorer {
  // A staff user's password hash is never shown, however the store is explored.
  const explored = (event: EventEnvelope): ExploredEvent => ({ ...event, data: redactSecrets(event.data), known: registry.isKnown(event.type) });

  const limitOf = (limit: number | undefined): number => {
    const value = limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
      throw new DomainError('VALIDATION', `A page holds 1 to ${MAX_LIMIT} events.`, 'limit');
    }
    return value;
  };

  const readStream: Explorer['readStream'] = async (streamId, { fromVersion = 0, limit } = {}) => {
    const size = limitOf(limit);
    const events = await store.readStream(streamId, { fromVersion, toVersion: fromVersion + size - 1 });
    const head = await store.streamVersion(streamId);
    const last = events[events.length - 1];
    return { events: events.map(explored), next: last && last.version < head ? last.version + 1 : null };
  };

  const readCategory: Explorer['readCategory'] = async (category, { afterSeq = 0, limit } = {}) => {
    const size = limitOf(limit);
    const events: ExploredEvent[] = [];
    for await (const event of scanEvents(store, afterSeq)) {
      if (categoryOf(event.streamId) !== category) continue;
      events.push(explored(event));
      if (events.length === size) break;
    }
    const last = events[events.length - 1];
    return { events, next: events.length === size && last && last.seq < store.headSeq() ? last.seq : null };
  };

  const trace = (correlationId: string) => traceCorrelation(store, correlationId);

  const traceOf = async (id: string): Promise<Trace> => {
    const correlationId = await correlationOf(store, id);
    if (correlationId === undefined) throw new DomainError('NOT_FOUND', `No command or event ${id} in this ledger.`, 'id');
    return trace(correlationId);
  };

  return {
    read(target, { from, limit } = {}) {
      // A stream id is `<category>-<id>`; a bare word is a category.
      return target.includes('-')
        ? readStream(target, { ...(from === undefined ? {} : { fromVersion: from }), ...(limit === undefined ? {} : { limit }) })
        : readCategory(target, { ...(from === undefined ? {} : { afterSeq: from }), ...(limit === undefined ? {} : { limit }) });
    },
    readStream,
    readCategory,

    async stats() {
      const types = new Map<string, { events: number; streams: Set<string>; latest: string }>();
      const categories = new Map<string, { events: number; streams: Set<string>; latest: string }>();
      const streams = new Set<string>();
      let events = 0;
      let unknownEvents = 0;
      const count = (map: typeof types, key: string, event: EventEnvelope) => {
        let entry = map.get(key);
        if (!entry) map.set(key, (entry = { events: 0, streams: new Set(), latest: event.recordedAt }));
        entry.events++;
        entry.streams.add(event.streamId);
        if (event.recordedAt > entry.latest) entry.latest = event.recordedAt;
      };
      for await (const event of scanEvents(store)) {
        events++;
        streams.add(event.streamId);
        if (!registry.isKnown(event.type)) unknownEvents++;
        count(types, event.type, event);
        count(categories, categoryOf(event.streamId), event);
      }
      return {
        events,
        streams: streams.size,
        unknownEvents,
        types: [...types]
          .map(([type, e]) => ({ type, known: registry.isKnown(type), events: e.events, streams: e.streams.size, latest: e.latest }))
          .sort((a, b) => b.events - a.events || a.type.localeCompare(b.type)),
        categories: [...categories]
          .map(([category, e]) => ({ category, events: e.events, streams: e.streams.size, latest: e.latest }))
          .sort((a, b) => a.category.localeCompare(b.category)),
      };
    },

    async search({ typePart, limit }) {
      const size = limitOf(limit);
      const needle = typePart.trim().toLowerCase();
      if (needle === '') throw new DomainError('VALIDATION', 'Give part of an event type to look for, such as "deposit".', 'type');
      const found: ExploredEvent[] = [];
      let total = 0;
      for await (const event of scanEvents(store)) {
        if (!event.type.toLowerCase().includes(needle)) continue;
        total++;
        if (found.length < size) found.push(explored(event));
      }
      return { total, events: found };
    },

    async history(accountId) {
      const streamId = streamIdOf(ACCOUNT_CATEGORY, accountId);
      const head = await store.streamVersion(streamId);
      if (head < 0) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`, 'accountId');
      const rows: HistoryRow[] = [];
      for (let from = 0; from <= head; from += 1000) {
        for (const event of await store.readStream(streamId, { fromVersion: from, toVersion: from + 999 })) {
          rows.push({
            version: event.version,
            type: event.type,
            known: registry.isKnown(event.type),
            recordedAt: event.recordedAt,
            occurredAt: event.occurredAt,
            actor: event.meta.actor,
            eventId: event.id,
          });
        }
      }
      return rows;
    },

    async streams({ category, offset = 0, limit = DEFAULT_LIMIT } = {}) {
      const heads = new Map<string, { version: number; lastEventAt: string }>();
      for await (const event of scanEvents(store)) {
        if (category !== undefined && categoryOf(event.streamId) !== category) continue;
        heads.set(event.streamId, { version: event.version, lastEventAt: event.recordedAt });
      }
      const items = [...heads].map(([streamId, head]) => ({ streamId, ...head })).sort((a, b) => a.streamId.localeCompare(b.streamId));
      return { total: items.length, items: items.slice(offset, offset + limit) };
    },

    trace,

    async causes(id) {
      return causesIn(await traceOf(id), id)!;
    },

    async effects(id) {
      return effectsIn(await traceOf(id), id)!;
    },
  };
}
