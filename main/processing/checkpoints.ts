/**
 * Where each subscription stands: the last `seq` it handled and, for a projection, the slot it writes. Saves asked for
 * in the same turn (the subscriptions' checkpoint timers fire together) are written together, as one durable write.
 */

import type { RxCollection, RxDocument } from 'rxdb';
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
  const known = new Map<string, RxDocument<CheckpointDocument>>();
  let pending = new Map<string, PendingSave>();
  let scheduled = false;

  async function write(saves: Map<string, PendingSave>): Promise<void> {
    const updatedAt = now().toISOString();
    const inserts: CheckpointDocument[] = [];
    const changes: Promise<unknown>[] = [];
    for (const [name, { checkpoint }] of saves) {
      const fields = { position: checkpoint.position, slot: checkpoint.slot, updatedAt };
      const doc = known.get(name);
      if (doc) changes.push(doc.incrementalPatch(fields).then((next) => known.set(name, next)));
      else inserts.push({ id: name, ...fields });
    }
    const [inserted] = await Promise.all([inserts.length > 0 ? collection.bulkUpsert(inserts) : undefined, Promise.all(changes)]);
    if (inserted && inserted.error.length > 0) throw new Error(`Checkpoint write refused for ${inserted.error.map((e) => e.documentId).join(', ')}.`);
    for (const doc of inserted?.success ?? []) known.set(doc.id, doc);
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
      if (doc) known.set(name, doc);
      else known.delete(name);
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
