/**
 * Who is reading which read-model slot. A rebuild switches readers to its new build and then deletes the old one; a
 * screen's read that named the old slot just before the switch (a search is a count and then a page) must still find
 * it whole, so an old build is deleted only once no read of it is in flight and none began for a quiet spell.
 */

interface Reads {
  inFlight: number;
  lastStart: number;
}

export class SlotReaders {
  readonly #reads = new Map<string, Reads>();

  constructor(
    private readonly quietMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs a read of `slot`, counted from the moment it is asked for. */
  async read<T>(slot: string, work: () => Promise<T>): Promise<T> {
    const reads = this.#reads.get(slot) ?? { inFlight: 0, lastStart: 0 };
    reads.inFlight++;
    reads.lastStart = this.now();
    this.#reads.set(slot, reads);
    try {
      return await work();
    } finally {
      reads.inFlight--;
    }
  }

  /** Resolves once `slot` has no read in flight and none began in the last quiet spell; it is forgotten then. */
  async quiet(slot: string): Promise<void> {
    for (;;) {
      const reads = this.#reads.get(slot);
      if (!reads) return;
      const since = this.now() - reads.lastStart;
      if (reads.inFlight === 0 && since >= this.quietMs) {
        this.#reads.delete(slot);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, this.quietMs - since)));
    }
  }
}
