/** Tells live-stream listeners of a branch that its head moved (one gateway process; several would relay through LISTEN/NOTIFY). */

export type HeadListener = (head: number) => void;

export interface LiveFeed {
  subscribe(branchId: string, listener: HeadListener): () => void;
  publish(branchId: string, head: number): void;
  /** Every listener, for closing them all on shutdown. */
  size(): number;
}

export function createLiveFeed(): LiveFeed {
  const listeners = new Map<string, Set<HeadListener>>();
  return {
    subscribe(branchId, listener) {
      const set = listeners.get(branchId) ?? new Set<HeadListener>();
      listeners.set(branchId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(branchId);
      };
    },
    publish(branchId, head) {
      for (const listener of listeners.get(branchId) ?? []) listener(head);
    },
    size: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
