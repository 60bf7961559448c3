/** RxDB schemas of what processing keeps: subscription checkpoints, dead letters, and every read model's documents in one collection. */

import type { RxJsonSchema } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';

const MAX_POSITION = Number.MAX_SAFE_INTEGER;
const position = { type: 'integer', minimum: 0, maximum: MAX_POSITION, multipleOf: 1 } as const;

export interface CheckpointDocument {
  /** The subscription's name. */
  id: string;
  /** The `seq` of the last event it has handled (or parked). */
  position: number;
  /** For a projection: the slot (name, version, build) it writes and readers read — switched with the position in one write. */
  slot: string;
  updatedAt: string;
}

export const checkpointSchema: RxJsonSchema<CheckpointDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    position,
    slot: { type: 'string', maxLength: 200 },
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'position', 'slot', 'updatedAt'],
};

export type DeadLetterStatus = 'parked' | 'held';

export interface DeadLetterDocument {
  /** `<subscription>|<event id>`: parking the same event twice (after a crash) writes one record. */
  id: string;
  subscription: string;
  eventId: string;
  seq: number;
  streamId: string;
  eventType: string;
  event: EventEnvelope;
  /** parked: it failed every retry; held: an earlier event of its stream is parked, so it waits behind it. */
  status: DeadLetterStatus;
  reason: string;
  stack: string;
  retryCount: number;
  failedAt: string;
}

export const deadLetterSchema: RxJsonSchema<DeadLetterDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 300 },
    subscription: { type: 'string', maxLength: 200 },
    eventId: { type: 'string', maxLength: 64 },
    seq: position,
    streamId: { type: 'string', maxLength: 200 },
    eventType: { type: 'string', maxLength: 200 },
    event: { type: 'object' },
    status: { type: 'string', maxLength: 10 },
    reason: { type: 'string' },
    stack: { type: 'string' },
    retryCount: { type: 'integer', minimum: 0, maximum: 1000, multipleOf: 1 },
    failedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'subscription', 'eventId', 'seq', 'streamId', 'eventType', 'event', 'status', 'reason', 'stack', 'retryCount', 'failedAt'],
  indexes: [['subscription', 'seq']],
};

export interface ReadModelDocument {
  /** `<slot>|<key>`. */
  id: string;
  /** `<model>@v<version>#<build>` for projections; a bare name for records staff change (alerts). */
  slot: string;
  key: string;
  /** The `seq` of the last event folded into this document: redelivered events at or below it are skipped. */
  seq: number;
  /** Events applied out of order (dead-letter replays), so a second replay is skipped too. */
  replayed: string[];
  data: Record<string, unknown>;
}

export const readModelSchema: RxJsonSchema<ReadModelDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 500 },
    slot: { type: 'string', maxLength: 200 },
    key: { type: 'string', maxLength: 290 },
    seq: position,
    replayed: { type: 'array', items: { type: 'string' } },
    data: { type: 'object' },
  },
  required: ['id', 'slot', 'key', 'seq', 'replayed', 'data'],
  indexes: [['slot', 'key'], ['slot', 'seq']],
};
