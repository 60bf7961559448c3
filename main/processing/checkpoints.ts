/** Where each subscription stands: the last `seq` it handled and, for a projection, the slot it writes. */

import type { RxCollection } from 'rxdb';
import type { CheckpointDocument } from './processingSchemas.js';

export interface Checkpoint {
  readonly position: number;
  readonly slot: string;
}

export interface Checkpoints {
  load(name: string): Promise<Checkpoint | undefined>;
  save(name: string, checkpoint: Checkpoint): Promise<void>;
  remove(name: string): Promise<void>;
}

export function createCheckpoints(collection: RxCollection<CheckpointDocument>, now: () => Date): Checkpoints {
  return {
    async load(name) {
      const doc = await collection.findOne(name).exec();
      return doc ? { position: doc.position, slot: doc.slot } : undefined;
    },
    async save(name, { position, slot }) {
      await collection.upsert({ id: name, position, slot, updatedAt: now().toISOString() });
    },
    async remove(name) {
      await collection.findOne(name).remove();
    },
  };
}
