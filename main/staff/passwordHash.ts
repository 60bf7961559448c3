/**
 * Password hashing with scrypt (memory-hard): a random salt per password, the cost parameters encoded beside the
 * hash so a later change of cost still verifies old hashes, and a constant-time comparison.
 */

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N = 2^15, r = 8, p = 1: about 32 MiB and ~100 ms per hash on a workstation. */
export const DEFAULT_KDF_LOG2_COST = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';
const SEALING_KEY_LENGTH = 32;

export interface KdfParameters {
  readonly log2Cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
}

function derive(password: string, salt: Buffer, parameters: KdfParameters, keyLength: number): Promise<Buffer> {
  const cost = 2 ** parameters.log2Cost;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly the default cost, so leave room.
  const options: ScryptOptions = { N: cost, r: parameters.blockSize, p: parameters.parallelism, maxmem: 256 * cost * parameters.blockSize + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>`. */
export async function hashPassword(password: string, log2Cost: number = DEFAULT_KDF_LOG2_COST): Promise<string> {
  return (await hashPasswordWithKey(password, log2Cost)).hash;
}

/**
 * The stored hash and, from the same scrypt run, a 32-byte key that seals the person's signing key. scrypt ends in
 * PBKDF2, whose output blocks are independent: the first bytes of a longer output are exactly the shorter output, so
 * one run yields both the hash (kept) and the sealing key (never stored), and hashes made before keys still verify.
 */
export async function hashPasswordWithKey(password: string, log2Cost: number = DEFAULT_KDF_LOG2_COST): Promise<{ hash: string; sealingKey: Buffer }> {
  const parameters = { log2Cost, blockSize: BLOCK_SIZE, parallelism: PARALLELISM };
  const salt = randomBytes(SALT_LENGTH);
  const output = await derive(password, salt, parameters, KEY_LENGTH + SEALING_KEY_LENGTH);
  const hash = [PREFIX, log2Cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), output.subarray(0, KEY_LENGTH).toString('base64')].join('$');
  return { hash, sealingKey: output.subarray(KEY_LENGTH) };
}

export interface DecodedHash extends KdfParameters {
  readonly salt: Buffer;
  readonly key: Buffer;
}

export function decodePasswordHash(encoded: string): DecodedHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [log2Cost, blockSize, parallelism] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!valid(log2Cost, 22) || !valid(blockSize, 32) || !valid(parallelism, 16)) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || key.length === 0) return undefined;
  return { log2Cost, blockSize, parallelism, salt, key };
}

/** True when `password` matches `encoded`; a malformed hash never matches. Compares in constant time. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  return (await verifyPasswordWithKey(password, encoded)) !== undefined;
}

/** The sealing key of the person's signing key when `password` matches `encoded` (one scrypt run); undefined otherwise. */
export async function verifyPasswordWithKey(password: string, encoded: string): Promise<Buffer | undefined> {
  const decoded = decodePasswordHash(encoded);
  if (!decoded) return undefined;
  const output = await derive(password, decoded.salt, decoded, decoded.key.length + SEALING_KEY_LENGTH);
  return timingSafeEqual(output.subarray(0, decoded.key.length), decoded.key) ? output.subarray(decoded.key.length) : undefined;
}
