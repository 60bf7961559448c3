/** The sync module's records in the `syncstate` collection: configuration, cursors, confirmations and the archive. */

import type { RxCollection } from 'rxdb';
import { z } from 'zod';
import type { SyncReason } from '@fidelis/shared/sync/protocol.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { SyncStateDocument } from './syncStateSchema.js';

export const syncConfigSchema = z.object({
  gatewayUrl: z.url('The gateway is a URL such as http://127.0.0.1:8787.'),
  deviceId: z.string().trim().min(1, 'Give the device id the gateway printed.'),
  secret: z.string().trim().min(16, 'Give the secret the gateway printed.'),
  /** Most this workstation may pay out per account and day while offline, in the account's currency (major units). */
  standInLimit: z.string().regex(/^\d+(\.\d+)?$/, 'The stand-in limit is an amount such as 1000.00.').default('1000'),
  /** Set when the workstation joined this branch through the gateway (sync join): its staff are the branch's. */
  joinedBranch: z.string().min(1).optional(),
});

export type SyncConfig = z.infer<typeof syncConfigSchema>;

export interface SyncCursor {
  /** Every commit up to this local seq is confirmed, imported or archived. */
  readonly pushedSeq: number;
  /** The gateway position pulled and applied so far. */
  readonly pulledGpos: number;
  readonly lastSyncedAt: string | null;
}

/** Archived provisional commits: waiting to be decided again, done, turned into an exception, resolved, or replaced by repair. */
export type ArchiveStatus = 'rebasing' | 'rebased' | 'exception' | 'resolved' | 'replaced';

export interface ArchivedCommit {
  readonly commit: CommitDocument;
  readonly reason: SyncReason;
  readonly archivedAt: string;
  readonly rebasedTo?: { streamId: string; version: number };
  readonly exception?: SyncReason;
  readonly resolution?: { resolution: string; supervisor: string; at: string };
}

const INITIAL_CURSOR: SyncCursor = { pushedSeq: 0, pulledGpos: 0, lastSyncedAt: null };

export const confirmedId = (firstEventId: string): string => `confirmed:${firstEventId}`;
export const archivedId = (firstEventId: string): string => `archived:${firstEventId}`;

export function createSyncRecords(collection: RxCollection<SyncStateDocument>) {
  let cursor: SyncCursor | undefined;

  return {
    async config(): Promise<SyncConfig | undefined> {
      const doc = await collection.findOne('config').exec();
      return doc ? syncConfigSchema.parse(doc.toMutableJSON().data) : undefined;
    },
    async saveConfig(config: SyncConfig): Promise<void> {
      await collection.upsert({ id: 'config', kind: 'config', status: 'set', seq: 0, data: { ...config } });
    },

    async cursor(): Promise<SyncCursor> {
      if (cursor) return cursor;
      const doc = await collection.findOne('cursor').exec();
      cursor = doc ? (doc.toMutableJSON().data as unknown as SyncCursor) : INITIAL_CURSOR;
      return cursor;
    },
    async saveCursor(change: Partial<SyncCursor>): Promise<SyncCursor> {
      cursor = { ...(await this.cursor()), ...change };
      await collection.upsert({ id: 'cursor', kind: 'cursor', status: 'set', seq: 0, data: { ...cursor } });
      return cursor;
    },

    /** Marks local commits as accepted by the gateway, with the positions it gave their events. */
    async confirm(entries: readonly { commit: CommitDocument; gpos: readonly number[] }[]): Promise<void> {
      if (entries.length === 0) return;
      await collection.bulkUpsert(
        entries.map(({ commit, gpos }) => ({
          id: confirmedId(commit.events[0]!.id),
          kind: 'confirmed' as const,
          status: 'synced',
          seq: commit.lastSeq,
          data: { commitId: commit.id, streamId: commit.streamId, version: commit.version, gpos: [...gpos] },
        })),
      );
    },
    /** The first event ids among these that the gateway has confirmed. */
    async confirmedAmong(firstEventIds: readonly string[]): Promise<Set<string>> {
      if (firstEventIds.length === 0) return new Set();
      const found = await collection.findByIds(firstEventIds.map(confirmedId)).exec();
      return new Set([...found.keys()].map((id) => id.slice('confirmed:'.length)));
    },

    async archive(entries: readonly { commit: CommitDocument; status: ArchiveStatus; reason: SyncReason; at: string }[]): Promise<void> {
      if (entries.length === 0) return;
      await collection.bulkUpsert(
        entries.map(({ commit, status, reason, at }) => ({
          id: archivedId(commit.events[0]!.id),
          kind: 'archived' as const,
          status,
          seq: commit.lastSeq,
          data: { commit, reason, archivedAt: at } as unknown as Record<string, unknown>,
        })),
      );
    },
    async archived(status: ArchiveStatus): Promise<{ id: string; seq: number; record: ArchivedCommit }[]> {
      const docs = await collection.find({ selector: { kind: 'archived', status }, sort: [{ kind: 'asc' }, { status: 'asc' }, { seq: 'asc' }] }).exec();
      return docs.map((d) => ({ id: d.id, seq: d.seq, record: d.toMutableJSON().data as unknown as ArchivedCommit }));
    },
    async updateArchive(id: string, status: ArchiveStatus, change: Partial<ArchivedCommit>): Promise<void> {
      const doc = await collection.findOne(id).exec();
      if (!doc) return;
      const current = doc.toMutableJSON();
      await collection.upsert({ ...current, status, data: { ...current.data, ...change } as Record<string, unknown> });
    },
    async countArchived(status: ArchiveStatus): Promise<number> {
      return collection.count({ selector: { kind: 'archived', status } }).exec();
    },
  };
}

export type SyncRecords = ReturnType<typeof createSyncRecords>;
