/**
 * Opening a SQLite file encrypted at rest (SQLite3 Multiple Ciphers, the build of better-sqlite3 this project ships):
 * the cipher, the raw 256-bit key handed over as hex (no key derivation per connection), and the test that tells a
 * plain file from an encrypted one by its first bytes.
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3';

/** ChaCha20-Poly1305 (sqleet): each page carries a MAC, so a changed byte is refused rather than decrypted to noise. */
export const DATA_CIPHER = 'chacha20';

export interface DataKey {
  readonly bytes: Buffer;
  /** Names the key without revealing it (an HMAC of a fixed label): what the key record and backups carry. */
  readonly id: string;
}

export const KEY_BYTES = 32;

export function dataKeyOf(bytes: Buffer): DataKey {
  if (bytes.length !== KEY_BYTES) throw new Error(`A data key is ${KEY_BYTES} bytes, not ${bytes.length}.`);
  return { bytes, id: createHmac('sha256', bytes).update('fidelis data key id').digest('hex').slice(0, 16) };
}

/**
 * Sets the cipher and key on a connection just opened, before its first read (`hexrekey` encrypts a plain file).
 * One PBKDF2 round: the key is already 256 random (or scrypt-stretched) bits, and the cipher's default 64,007 rounds
 * would cost some 40 ms on every connection opened (measured) for no added strength.
 */
export function applyKey(db: Database.Database, key: DataKey, pragma: 'hexkey' | 'hexrekey' = 'hexkey'): void {
  db.pragma(`cipher = '${DATA_CIPHER}'`);
  db.pragma('kdf_iter = 1');
  db.pragma(`${pragma} = '${key.bytes.toString('hex')}'`);
}

/** A connection to `path`, keyed when a key is given (a plain file is opened without one). */
export function openSqlite(path: string, key: DataKey | undefined, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  if (key) {
    try {
      applyKey(db, key);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts as every unencrypted SQLite database does; false for an encrypted (or empty) one. */
export function isPlainSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(PLAIN_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}
