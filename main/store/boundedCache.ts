/** A Map that forgets its least recently used entries past a size: the store's caches stay bounded, not ledger-sized. */

export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    /** Told of each entry dropped for room, so a caller can track what it no longer knows. */
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) {
      const [oldestKey, oldestValue] = this.#entries.entries().next().value!;
      this.#entries.delete(oldestKey);
      this.onEvict?.(oldestKey, oldestValue);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
