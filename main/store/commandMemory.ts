/**
 * Idempotency without a read per append: the commits this process wrote most recently, by command id, and the command
 * ids a look-up found absent, both bounded. `recent` holds every commit this process wrote with a `seq` above
 * `knownAfter` (evicting one raises it); `absent` holds ids with the `seq` the store was at when it looked. A command
 * found absent at or after `knownAfter` and not in `recent` was never committed.
 */

import { BoundedCache } from './boundedCache.js';
import type { CommitDocument } from './commitSchema.js';
import type { CommitIndexReader } from './commitIndexReader.js';

export interface CommandMemory {
  /** The commits these commands made, where any: from memory, and in one read for the ids memory cannot vouch for. */
  lookup(commandIds: readonly string[]): Promise<Map<string, CommitDocument>>;
  /** One command's commit, if it was appended; an absence found is remembered. */
  find(commandId: string): Promise<CommitDocument | undefined>;
  /** These commits were just written through the append queue. */
  remember(docs: readonly CommitDocument[]): void;
  /** Something wrote outside the append queue (sync) or a write failed: nothing remembered holds any longer. */
  forget(): void;
}

export function createCommandMemory(reader: CommitIndexReader, lastSeq: () => number, capacity: number): CommandMemory {
  let knownAfter = lastSeq();
  const recent = new BoundedCache<string, CommitDocument>(capacity, (_, doc) => (knownAfter = Math.max(knownAfter, doc.lastSeq)));
  const absent = new BoundedCache<string, number>(capacity);
  const knownAbsent = (commandId: string) => !recent.has(commandId) && (absent.get(commandId) ?? -1) >= knownAfter;

  return {
    async lookup(commandIds) {
      const found = new Map<string, CommitDocument>();
      const unknown: string[] = [];
      for (const commandId of commandIds) {
        const doc = recent.get(commandId);
        if (doc) found.set(commandId, doc);
        else if (!knownAbsent(commandId)) unknown.push(commandId);
      }
      if (unknown.length > 0) for (const [commandId, doc] of await reader.commitsByCommand(unknown)) found.set(commandId, doc);
      return found;
    },

    async find(commandId) {
      const cached = recent.get(commandId);
      if (cached) return cached;
      // Taken before the read: anything committed later went through this process's queue and is in `recent`.
      const lookedAt = lastSeq();
      const doc = (await reader.commitsByCommand([commandId])).get(commandId);
      if (!doc) absent.set(commandId, lookedAt);
      return doc;
    },

    remember(docs) {
      for (const doc of docs) {
        recent.set(doc.commandId, doc);
        absent.delete(doc.commandId);
      }
    },

    forget() {
      recent.clear();
      absent.clear();
      knownAfter = lastSeq();
    },
  };
}
