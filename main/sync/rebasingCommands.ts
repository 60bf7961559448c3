/** The commands sync is deciding again right now: the offline stand-in limit does not apply to what was already paid out. */

export interface RebasingCommands {
  has(commandId: string): boolean;
  /** Runs `work` with the command marked as being decided again. */
  during<T>(commandId: string, work: () => Promise<T>): Promise<T>;
}

export function createRebasingCommands(): RebasingCommands {
  const ids = new Set<string>();
  return {
    has: (commandId) => ids.has(commandId),
    async during(commandId, work) {
      ids.add(commandId);
      try {
        return await work();
      } finally {
        ids.delete(commandId);
      }
    },
  };
}
