/**
 * Opening a SQLite file encrypted at rest (SQLite3 Multiple Ciphers, the build of better-sqlite3 this project ships):
 * the cipher, the raw 256-bit key handed over as hex (no key derivation per connection), and the test that tells a
 * plain file from an encrypted one by its first bytes.
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3';

/**
 * AEGIS-256 (an authenticated cipher on the CPU's AES instructions): each page carries a tag, so a changed byte is
 * refused rather than decrypted to noise. Measured against ChaCha20-Poly1305 (sqleet, the library's default) on the
 * same file: +8% CPU writing and +12% scanning over plain SQLite, where ChaCha20 cost +45% and +129%.
 */
export const DATA_CIPHER = 'aegis';
export const DATA_CIPHER_ALGORITHM = 'aegis-256';

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
 * Sets the cipher and key on a connection just opened, before its first read (`hexrekey` encrypts a plain file); an
 * attached file takes the same settings. Argon2id, the cipher's key derivation, at its least (one pass over 8 KiB):
 * the key is already 256 random (or scrypt-stretched) bits, and its defaults cost some 120 ms on every connection
 * opened (measured) for no added strength.
 */
export function applyKey(db: Database.Database, key: DataKey, pragma: 'hexkey' | 'hexrekey' = 'hexkey'): void {
  for (const setting of keyPragmas(key, pragma)) db.pragma(setting);
}

/** The pragmas applyKey runs, in order (a worker thread's connection is keyed with them too). */
export const keyPragmas = (key: DataKey, pragma: 'hexkey' | 'hexrekey' = 'hexkey'): string[] => [
  `cipher = '${DATA_CIPHER}'`,
  `algorithm = '${DATA_CIPHER_ALGORITHM}'`,
  'tcost = 1',
  'mcost = 8',
  'pcost = 1',
  `${pragma} = '${key.bytes.toString('hex')}'`,
];

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
