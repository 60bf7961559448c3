/** The RxDB schema of a commit: the events one command appended to one stream, stored as a single atomic document. */

import type { RxJsonSchema } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';

export interface CommitDocument {
  /** `<streamId>|<first version, zero-padded>`: two writers after the same head collide on this key. */
  id: string;
  streamId: string;
  /** Version of the first event in the commit. */
  version: number;
  /** `seq` of the last event: commits are contiguous in `seq`, so this orders them too. */
  lastSeq: number;
  commandId: string;
  /** SHA-256 of the command's canonical payload, to tell a retry from a different command reusing an id. */
  commandHash: string;
  events: EventEnvelope[];
  /**
   * The stream's rolling hash after this commit's last event, chained from the previous commit's (see
   * shared/integrity/ledgerChain.ts). Optional in the schema only because a dir written before format 3 gets it from
   * the data-dir migration after RxDB's schema migration; every commit written since carries it.
   */
  hash?: string;
}

const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** Version 1 added `hash` (see main/store/formatVersion.ts, format 3, which fills it in stream order). */
export const commitSchema: RxJsonSchema<CommitDocument> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 220 },
    streamId: { type: 'string', maxLength: 200 },
    version: { type: 'integer', minimum: 0, maximum: MAX_POSITION, multipleOf: 1 },
    lastSeq: { type: 'integer', minimum: 0, maximum: MAX_POSITION, multipleOf: 1 },
    commandId: { type: 'string', maxLength: 128 },
    commandHash: { type: 'string', maxLength: 64 },
    events: { type: 'array', items: { type: 'object' } },
    hash: { type: 'string', maxLength: 64 },
  },
  required: ['id', 'streamId', 'version', 'lastSeq', 'commandId', 'commandHash', 'events'],
  indexes: ['lastSeq', ['streamId', 'version'], 'commandId'],
};

/**
 * RxDB's schema migration only copies documents: a chain needs each stream's commits in order, which a per-document
 * strategy does not see, so the hashes are computed afterwards by the data-dir migration to format 3.
 */
export const commitMigrationStrategies = {
  1: (doc: CommitDocument): CommitDocument => doc,
};

export const commitId = (streamId: string, version: number): string => `${streamId}|${String(version).padStart(12, '0')}`;
