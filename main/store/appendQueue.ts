/**
 * The single writer: appends queue up and are written in groups (group commit, at most `maxGroup` per write), one
 * group at a time; sync's remote writes take their turn between groups, so nothing else writes while they run.
 * A group stays open for one turn of the event loop after its first append, so appends made in that turn (a batch's
 * fact events, a background write riding on a command's) are written with it, in one durable write.
 */

import type { GroupWriter, PendingAppend } from './groupWriter.js';
import type { AppendRequest, AppendResult } from './storeContract.js';

export interface AppendQueue {
  append(request: AppendRequest): Promise<AppendResult>;
  /** Runs `task` once the group being written (if any) is done; groups queued meanwhile wait for it. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Waits until nothing is queued or being written. */
  drain(): Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `opening` is told when an append opens the next group: writes started in the same turn can join its durable write. */
export function createAppendQueue(writeGroup: GroupWriter, maxGroup: number, opening: () => void = () => {}): AppendQueue {
  let pending: PendingAppend[] = [];
  let flushing: Promise<void> | undefined;
  // An exclusive task in progress: flushes wait for it, and it waits for the flush it found running.
  let importing: Promise<unknown> | undefined;

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      await nextTurn();
      const group = pending.slice(0, maxGroup);
      pending = pending.slice(maxGroup);
      try {
        await writeGroup(group);
      } catch (error) {
        for (const item of group) item.reject(error);
      }
    }
  }

  function schedule(): void {
    if (flushing) return;
    flushing = (importing ? importing.then(flush, flush) : flush()).finally(() => {
      flushing = undefined;
      // An append can arrive after the loop saw an empty queue but before this ran: it must not be stranded.
      if (pending.length > 0) schedule();
    });
  }

  return {
    append(request) {
      const result = new Promise<AppendResult>((resolve, reject) => pending.push({ request, resolve, reject }));
      if (pending.length === 1) opening();
      schedule();
      return result;
    },

    exclusive(task) {
      const runningFlush = flushing;
      const previousImport = importing;
      const run = (async () => {
        await previousImport?.catch(() => undefined);
        await runningFlush?.catch(() => undefined);
        return task();
      })();
      importing = run;
      void run
        .finally(() => {
          if (importing === run) importing = undefined;
        })
        .catch(() => undefined);
      return run;
    },

    async drain() {
      while (flushing || importing) await (flushing ?? importing)!.catch(() => undefined);
    },
  };
}
