/**
 * Where each subscription stands: the last `seq` it handled and, for a projection, the slot it writes. Saves asked for
 * in the same turn (the subscriptions' checkpoint timers fire together) are written together, as one durable write.
 */

import type { RxCollection, RxDocumentData } from 'rxdb';
import { writeDocuments } from '../store/documentWrite.js';
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

interface PendingSave {
  readonly checkpoint: Checkpoint;
  readonly done: { resolve: () => void; reject: (error: unknown) => void }[];
}

export function createCheckpoints(collection: RxCollection<CheckpointDocument>, now: () => Date): Checkpoints {
  /** The stored documents as last read or written: a save changes them in place, without reading them first. */
  const known = new Map<string, RxDocumentData<CheckpointDocument> | undefined>();
  let pending = new Map<string, PendingSave>();
  let scheduled = false;

  async function write(saves: Map<string, PendingSave>): Promise<void> {
    const updatedAt = now().toISOString();
    const changes = [...saves].map(([name, { checkpoint }]) => ({ previous: known.get(name), data: { id: name, position: checkpoint.position, slot: checkpoint.slot, updatedAt } }));
    for (const [name, doc] of await writeDocuments(collection, changes, 'fidelis-checkpoints')) known.set(name, doc);
  }

  function flush(): void {
    scheduled = false;
    const saves = pending;
    pending = new Map();
    write(saves).then(
      () => saves.forEach((s) => s.done.forEach((d) => d.resolve())),
      (error: unknown) => {
        // Memory may no longer match the disk: read the documents again next time.
        known.clear();
        saves.forEach((s) => s.done.forEach((d) => d.reject(error)));
      },
    );
  }

  return {
    async load(name) {
      const doc = await collection.findOne(name).exec();
      known.set(name, doc?._data);
      return doc ? { position: doc.position, slot: doc.slot } : undefined;
    },
    save(name, checkpoint) {
      return new Promise<void>((resolve, reject) => {
        const done = [...(pending.get(name)?.done ?? []), { resolve, reject }];
        pending.set(name, { checkpoint, done });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async remove(name) {
      known.delete(name);
      await collection.findOne(name).remove();
    },
  };
}
