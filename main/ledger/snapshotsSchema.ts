/** The RxDB schema of a snapshot: an aggregate's folded state at one version, a cache that may be dropped at any time. */

import type { RxJsonSchema } from 'rxdb';

export interface SnapshotDocument {
  /** `<streamId>|<version, zero-padded>`: several per stream, so a temporal load can start from an older one. */
  id: string;
  streamId: string;
  /** The stream category, i.e. the aggregate type (`account`). */
  category: string;
  /** Version of the last event folded into the state. */
  version: number;
  /** The state's schema version when it was taken; a snapshot of another schema is ignored. */
  stateVersion: string;
  /** The state as JSON text, bigints as decimal strings (see shared/json/bigintJson.ts). */
  state: string;
  /** Stream facts recorded up to `version`, so events after it can still be upcast. */
  facts: Record<string, string>;
  /** `recordedAt` of the event at `version`: an as-of load may start here when this is not after its time. */
  lastRecordedAt: string;
  takenAt: string;
}

const MAX_POSITION = Number.MAX_SAFE_INTEGER;

export const snapshotSchema: RxJsonSchema<SnapshotDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 220 },
    streamId: { type: 'string', maxLength: 200 },
    category: { type: 'string', maxLength: 100 },
    version: { type: 'integer', minimum: 0, maximum: MAX_POSITION, multipleOf: 1 },
    stateVersion: { type: 'string', maxLength: 100 },
    state: { type: 'string' },
    facts: { type: 'object' },
    lastRecordedAt: { type: 'string', maxLength: 40 },
    takenAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'streamId', 'category', 'version', 'stateVersion', 'state', 'facts', 'lastRecordedAt', 'takenAt'],
  indexes: [['streamId', 'version'], 'category'],
};

export const snapshotId = (streamId: string, version: number): string => `${streamId}|${String(version).padStart(12, '0')}`;
