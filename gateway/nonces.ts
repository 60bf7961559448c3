/**
 * Nonces seen per device inside the signature window: a signed request whose nonce was seen is a replay. A nonce is
 * forgotten once its timestamp has left the window, where the timestamp check refuses the request anyway.
 */

export interface NonceMemory {
  /** True the first time a device's nonce is seen inside the window; false for a replay. */
  firstUse(deviceId: string, nonce: string, timestampMs: number): boolean;
  readonly size: number;
}

export function createNonceMemory(windowMs: number, now: () => number): NonceMemory {
  /** `device nonce` → when it may be forgotten. Insertion order is close to expiry order, so pruning stops early. */
  const seen = new Map<string, number>();

  function prune(): void {
    const at = now();
    for (const [key, expiresAt] of seen) {
      if (expiresAt > at) break;
      seen.delete(key);
    }
  }

  return {
    firstUse(deviceId, nonce, timestampMs) {
      prune();
      const key = `${deviceId} ${nonce}`;
      if (seen.has(key)) return false;
      // Kept until the latest moment its timestamp would still pass the window check.
      seen.set(key, Math.max(timestampMs + windowMs, now() + 1));
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
