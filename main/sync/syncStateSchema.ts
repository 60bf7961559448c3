/** The RxDB schema of the sync module's own records: its settings, cursors, confirmations and archived provisional commits. */

import type { RxJsonSchema } from 'rxdb';

export type SyncRecordKind = 'config' | 'cursor' | 'confirmed' | 'archived';

export interface SyncStateDocument {
  /** `config`, `cursor`, `confirmed:<first event id>`, `archived:<first event id>`. */
  id: string;
  kind: SyncRecordKind;
  /** Archived: `rebasing` | `rebased` | `exception` | `resolved` | `replaced`; confirmed: `synced`. */
  status: string;
  /** The local `seq` of the commit it is about (orders rebases); 0 for config and cursor. */
  seq: number;
  /** The record itself (shape per kind, see syncRecords.ts). */
  data: Record<string, unknown>;
}

export const syncStateSchema: RxJsonSchema<SyncStateDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    kind: { type: 'string', maxLength: 20 },
    status: { type: 'string', maxLength: 20 },
    seq: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, multipleOf: 1 },
    data: { type: 'object' },
  },
  required: ['id', 'kind', 'status', 'seq', 'data'],
  indexes: [['kind', 'status', 'seq']],
};
