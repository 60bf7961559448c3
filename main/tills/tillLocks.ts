/**
 * One command at a time per till: a till belongs to one workstation, and this process is that workstation's only
 * writer, so holding the till while its position is read, the movement appended and the book updated makes the
 * check and the booking one step (two withdrawals cannot both spend the same cash).
 */

export interface TillLocks {
  holding<T>(tillId: string, work: () => Promise<T>): Promise<T>;
}

export function createTillLocks(): TillLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async holding(tillId, work) {
      const before = tails.get(tillId) ?? Promise.resolve();
      const turn = before.then(work);
      // The next waiter starts after this turn whatever its outcome; the map forgets a till nobody waits on.
      const settled = turn.then(
        () => undefined,
        () => undefined,
      );
      tails.set(tillId, settled);
      void settled.then(() => {
        if (tails.get(tillId) === settled) tails.delete(tillId);
      });
      return turn;
    },
  };
}
