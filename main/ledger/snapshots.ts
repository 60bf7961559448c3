/**
 * Snapshots: an aggregate's state saved at a version so loads replay only the events after it. A cache, never the
 * truth: deleting every snapshot changes no result, and one taken under another state schema is ignored.
 */

import type { RxCollection } from 'rxdb';
import type { StreamFacts } from '@fidelis/shared/events/registry.js';
import type { Logger } from '../log.js';
import { stateSchemaVersion } from './snapshotsCodec.js';
import { snapshotId, type SnapshotDocument } from './snapshotsSchema.js';

export interface Snapshot {
  readonly streamId: string;
  readonly category: string;
  readonly version: number;
  readonly stateVersion: string;
  /** JSON text, bigints tagged (shared/json/bigintJson.ts). */
  readonly state: string;
  readonly facts: StreamFacts;
  readonly lastRecordedAt: string;
  readonly takenAt: string;
}

/** A snapshot as a load makes it; the store stamps when it was taken. */
export type NewSnapshot = Omit<Snapshot, 'takenAt'>;

export interface SnapshotQuery {
  readonly stateVersion: string;
  /** The snapshot must not be past this version (a load at a version). */
  readonly maxVersion?: number;
  /** The snapshot's last event must be recorded no later than this (a load as of a time). */
  readonly maxRecordedAt?: string;
}

export interface SnapshotFilter {
  readonly streamId?: string;
  readonly category?: string;
}

export interface SnapshotStore {
  /** How many events a load may replay past the last snapshot before it saves a new one. */
  thresholdFor(category: string): number;
  /** The newest usable snapshot of a stream for the query, if any. */
  latest(streamId: string, query: SnapshotQuery): Promise<Snapshot | undefined>;
  /** Saves in the background: a load never waits for its snapshot to be written. */
  saveLater(snapshot: NewSnapshot): void;
  save(snapshot: NewSnapshot): Promise<void>;
  list(filter?: SnapshotFilter): Promise<Snapshot[]>;
  /** Removes snapshots (all of them without a filter); returns how many. */
  remove(filter?: SnapshotFilter): Promise<number>;
  /** Waits for background saves. */
  drain(): Promise<void>;
}

export interface SnapshotSettings {
  readonly snapshotThreshold: number;
  readonly snapshotThresholds: Readonly<Record<string, number>>;
}

export function createSnapshotStore(
  collection: RxCollection<SnapshotDocument>,
  settings: SnapshotSettings,
  logger: Logger,
  now: () => Date = () => new Date(),
): SnapshotStore {
  const inFlight = new Set<Promise<void>>();

  const save = async (snapshot: NewSnapshot): Promise<void> => {
    // Upsert: two loads racing to snapshot the same version write the same state.
    await collection.incrementalUpsert({
      ...snapshot,
      facts: { ...snapshot.facts },
      id: snapshotId(snapshot.streamId, snapshot.version),
      takenAt: now().toISOString(),
    });
  };

  const selectorOf = (filter: SnapshotFilter = {}) => ({
    ...(filter.streamId === undefined ? {} : { streamId: filter.streamId }),
    ...(filter.category === undefined ? {} : { category: filter.category }),
  });

  return {
    thresholdFor: (category) => settings.snapshotThresholds[category] ?? settings.snapshotThreshold,

    async latest(streamId, { stateVersion, maxVersion, maxRecordedAt }) {
      const doc = await collection
        .findOne({
          selector: {
            streamId,
            stateVersion,
            ...(maxVersion === undefined ? {} : { version: { $lte: maxVersion } }),
            ...(maxRecordedAt === undefined ? {} : { lastRecordedAt: { $lte: maxRecordedAt } }),
          },
          sort: [{ streamId: 'desc' }, { version: 'desc' }],
        })
        .exec();
      return doc ? toSnapshot(doc.toMutableJSON()) : undefined;
    },

    saveLater(snapshot) {
      const pending = save(snapshot)
        .catch((error: unknown) => logger.warn({ error, streamId: snapshot.streamId, version: snapshot.version }, 'snapshot not saved'))
        .finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    },

    save,

    async list(filter) {
      const docs = await collection.find({ selector: selectorOf(filter), sort: [{ id: 'asc' }] }).exec();
      return docs.map((doc) => toSnapshot(doc.toMutableJSON()));
    },

    async remove(filter) {
      const removed = await collection.find({ selector: selectorOf(filter) }).remove();
      return removed.length;
    },

    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

function toSnapshot(doc: SnapshotDocument): Snapshot {
  const { id: _id, ...snapshot } = doc;
  return snapshot;
}

/**
 * Bump an aggregate type's number when its evolve changes meaning (a fix to how an event is folded): its old
 * snapshots are then ignored. A change to the state's shape is caught without it (snapshotsCodec.ts).
 */
const STATE_REVISIONS: Readonly<Record<string, number>> = { account: 1 };

/** The state schema version of an aggregate type, as snapshots record it (cheap: the shape of a small object). */
export const stateVersionOf = (category: string, initialState: unknown): string =>
  stateSchemaVersion(STATE_REVISIONS[category] ?? 1, initialState);
