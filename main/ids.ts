/**
 * ULIDs whose random part comes from a pooled CSPRNG: the ulid package's default asks the system generator for one
 * byte per character, sixteen calls per id (measured: ~2.5 % of a deposit's CPU, a command minting several ids).
 */

import { randomFillSync } from 'node:crypto';
import { monotonicFactory, ulid as ulidWith } from 'ulid';

const pool = new Uint8Array(4096);
let next = pool.length;

/** A uniform number in [0, 1) in steps of 1/256: ulid takes floor(x · 32), so every character is equally likely. */
function pooledRandom(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

export const ulid = (): string => ulidWith(undefined, pooledRandom);

/** A source of ids that sort in the order they were made, even within one millisecond. */
export const monotonicUlid = (): (() => string) => monotonicFactory(pooledRandom);
