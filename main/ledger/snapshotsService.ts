/** Manual snapshots: for one aggregate, every aggregate of one type, or all of them; listing and deleting. */

import type { DomainEvent } from '@fidelis/shared/decider.js';
import { categoryOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { scanEvents } from '../events/scan.js';
import type { EventStore } from '../store/eventStore.js';
import type { AggregateSlice } from './aggregateSlice.js';
import { loadAggregate, snapshotOf } from './loadAggregate.js';
import type { Snapshot, SnapshotFilter, SnapshotStore } from './snapshots.js';

export interface SnapshotTarget {
  /** Aggregate type (stream category): `account`. With `id` alone, `account` is assumed. */
  readonly type?: string | undefined;
  readonly id?: string | undefined;
}

export interface CreatedSnapshots {
  /** Snapshots written (a stream whose newest snapshot is already at its head needs none). */
  readonly created: number;
  readonly streams: number;
}

export interface SnapshotService {
  create(target?: SnapshotTarget, progress?: (done: number, total: number, label: string) => void): Promise<CreatedSnapshots>;
  list(filter?: SnapshotFilter): Promise<Snapshot[]>;
  /** Deleting changes no result: the next loads replay further and leave new snapshots. */
  remove(filter?: SnapshotFilter): Promise<number>;
  /** The snapshot cache itself, for loads outside the host (diagnostics, tests). */
  readonly cache: SnapshotStore;
}

type AnySlice = AggregateSlice<{ type: string }, DomainEvent, unknown>;

export function createSnapshotService(deps: {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly snapshots: SnapshotStore;
  readonly slices: readonly AnySlice[];
}): SnapshotService {
  const sliceOf = (type: string): AnySlice => {
    const slice = deps.slices.find((s) => s.category === type);
    if (!slice) {
      throw new DomainError('VALIDATION', `No aggregate type "${type}": choose one of ${deps.slices.map((s) => s.category).join(', ')}.`, 'type');
    }
    return slice;
  };

  /** Streams of the given categories, found by paging through the store. */
  const streamsOf = async (categories: ReadonlySet<string>): Promise<string[]> => {
    const streams = new Set<string>();
    for await (const event of scanEvents(deps.store)) if (categories.has(categoryOf(event.streamId))) streams.add(event.streamId);
    return [...streams];
  };

  const snapshotStream = async (slice: AnySlice, streamId: string): Promise<boolean> => {
    const aggregateId = streamId.slice(slice.category.length + 1);
    const loaded = await loadAggregate(deps.store, deps.registry, slice, aggregateId, {}, deps.snapshots);
    const last = loaded.events[loaded.events.length - 1];
    // A state that left out events this build cannot read is not kept (main/ledger/loadAggregate.ts).
    if (!last || loaded.unreadable.length > 0) return false;
    await deps.snapshots.save(snapshotOf(slice, streamId, loaded, last.recordedAt));
    return true;
  };

  return {
    async create({ type, id } = {}, progress) {
      if (id !== undefined) {
        const slice = sliceOf(type ?? 'account');
        const streamId = `${slice.category}-${id}`;
        if ((await deps.store.streamVersion(streamId)) < 0) throw new DomainError('NOT_FOUND', `No ${slice.category} ${id}.`, 'id');
        return { created: (await snapshotStream(slice, streamId)) ? 1 : 0, streams: 1 };
      }
      const slices = type === undefined ? deps.slices : [sliceOf(type)];
      const streams = await streamsOf(new Set(slices.map((s) => s.category)));
      let created = 0;
      for (const [index, streamId] of streams.entries()) {
        if (await snapshotStream(sliceOf(categoryOf(streamId)), streamId)) created++;
        progress?.(index + 1, streams.length, 'Taking snapshots');
      }
      await deps.snapshots.drain();
      return { created, streams: streams.length };
    },
    list: (filter) => deps.snapshots.list(filter),
    cache: deps.snapshots,
    async remove(filter) {
      await deps.snapshots.drain();
      return deps.snapshots.remove(filter);
    },
  };
}
