/**
 * Where a data dir's encryption key comes from, and the record of how the dir is keyed (data-key.json: cipher, key id,
 * where the key is kept; never the key). In the app, a random key sealed by the OS keychain (Electron safeStorage)
 * in data-key.sealed; for the CLI and browser mode FIDELIS_DATA_KEY (64 hex digits, or a passphrase stretched once
 * at open with scrypt) or a key file (FIDELIS_DATA_KEY_FILE; by default `<data dir>.key` beside the dir, mode 0600).
 */

import { randomBytes, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';
import { DATA_CIPHER_ALGORITHM, dataKeyOf, isPlainSqliteFile, KEY_BYTES, type DataKey } from '../store/sqliteCipher.js';
import { SQLITE_FILE_NAME } from '../store/sqliteIndexedDb/engine.js';

export type { DataKey } from '../store/sqliteCipher.js';

export const KEY_RECORD_FILE = 'data-key.json';
export const SEALED_KEY_FILE = 'data-key.sealed';

export type KeySource = 'keychain' | 'key-file' | 'hex' | 'passphrase';

export interface KeyRecord {
  readonly cipher: string;
  readonly keyId: string;
  readonly source: KeySource;
  /** The key file the dir was keyed with (source key-file). */
  readonly keyFile?: string;
  /** scrypt's salt (source passphrase): kept with the dir so the same passphrase gives the same key after a restore. */
  readonly salt?: string;
}

/** The OS keychain's sealing, as the Electron app offers it (safeStorage); absent in the CLI and browser mode. */
export interface KeySealer {
  seal(key: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

let keychain: KeySealer | undefined;

/** The app hands over the keychain before it opens the data dir. */
export function useKeychain(sealer: KeySealer | undefined): void {
  keychain = sealer;
}

/** Set to 1, a new or plain data dir stays unencrypted (benchmarks' plain rows; disks encrypted as a whole). */
export const plainDataDirsWanted = (env: NodeJS.ProcessEnv = process.env): boolean => env.FIDELIS_PLAIN_DATA_DIR === '1';

const PASSPHRASE_MIN = 12;
/** scrypt at 2^15 × 8: about 32 MiB and a tenth of a second, paid once per opening of the dir. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const derived = new Map<string, Buffer>();

export const defaultKeyFile = (dataDir: string): string => `${resolve(dataDir)}.key`;

export function readKeyRecord(dataDir: string): KeyRecord | undefined {
  const path = join(dataDir, KEY_RECORD_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as KeyRecord;
  } catch {
    throw new DomainError('DATA_KEY_MISSING', `${path}, which says how the data dir is keyed, is not readable JSON: restore it from a backup; nothing was opened.`, 'dataKey');
  }
}

export function writeKeyRecord(dataDir: string, record: KeyRecord): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, KEY_RECORD_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Whether the dir's SQLite engine file is encrypted (an empty file, just created, counts as neither). */
export function storeIsEncrypted(dataDir: string): boolean {
  const file = join(dataDir, SQLITE_FILE_NAME);
  return existsSync(file) && statSync(file).size > 0 && !isPlainSqliteFile(file);
}

/**
 * The key to open `dataDir` with: found where its record says, or — for a dir not yet encrypted — made now and
 * recorded. Undefined only when plain dirs are wanted and the dir is not encrypted. DATA_KEY_MISSING when an
 * encrypted dir's key is nowhere to be found; DATA_KEY_WRONG when the key found is not the dir's.
 */
export function dataKeyFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): DataKey | undefined {
  const dir = resolve(dataDir);
  const record = readKeyRecord(dir);
  const encrypted = storeIsEncrypted(dir);
  if (!record && !encrypted && plainDataDirsWanted(env)) return undefined;
  const found = findKey(dir, record, env);
  if (found) {
    if (record && found.key.id !== record.keyId) throw wrongKey(dir, record, found.source);
    // Recorded for a dir about to be encrypted with it; an encrypted dir without its record proves the key by opening.
    if (!record && !encrypted) writeKeyRecord(dir, recordOf(found));
    return found.key;
  }
  if (record || encrypted) throw missingKey(dir, record);
  const made = makeKey(dir, env);
  writeKeyRecord(dir, recordOf(made));
  return made.key;
}

/** The key a backup was made with, for restoring it into `dataDir`: from the same places, never made anew. */
export function keyForRestore(dataDir: string, record: KeyRecord, env: NodeJS.ProcessEnv = process.env): { key: DataKey; record: KeyRecord } {
  const found = findKey(resolve(dataDir), record, env);
  if (!found) throw missingKey(dataDir, record, 'The backup');
  if (found.key.id !== record.keyId) throw wrongKey(dataDir, record, found.source, 'The backup');
  return { key: found.key, record: recordOf(found) };
}

interface Found {
  readonly key: DataKey;
  readonly source: KeySource;
  readonly keyFile?: string;
  readonly salt?: string;
}

const recordOf = (found: Found): KeyRecord => ({
  cipher: DATA_CIPHER_ALGORITHM,
  keyId: found.key.id,
  source: found.source,
  ...(found.keyFile ? { keyFile: found.keyFile } : {}),
  ...(found.salt ? { salt: found.salt } : {}),
});

function findKey(dir: string, record: KeyRecord | undefined, env: NodeJS.ProcessEnv): Found | undefined {
  const fromEnv = env.FIDELIS_DATA_KEY;
  if (fromEnv) return keyFromEnv(dir, fromEnv, record?.salt);
  const sealed = join(dir, SEALED_KEY_FILE);
  if (keychain && existsSync(sealed)) return { key: dataKeyOf(keychain.unseal(readFileSync(sealed))), source: 'keychain' };
  for (const keyFile of [env.FIDELIS_DATA_KEY_FILE, record?.keyFile, defaultKeyFile(dir)]) {
    if (keyFile && existsSync(keyFile)) return { key: readKeyFile(keyFile), source: 'key-file', keyFile: resolve(keyFile) };
  }
  return undefined;
}

function makeKey(dir: string, env: NodeJS.ProcessEnv): Found {
  const bytes = randomBytes(KEY_BYTES);
  if (keychain) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, SEALED_KEY_FILE), keychain.seal(bytes), { mode: 0o600, flag: 'wx' });
    return { key: dataKeyOf(bytes), source: 'keychain' };
  }
  const keyFile = resolve(env.FIDELIS_DATA_KEY_FILE ?? defaultKeyFile(dir));
  mkdirSync(dirname(keyFile), { recursive: true });
  // 'wx': never overwrites a key file, which may be another dir's only key.
  writeFileSync(keyFile, `${bytes.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key: dataKeyOf(bytes), source: 'key-file', keyFile };
}

function keyFromEnv(dir: string, value: string, recordedSalt: string | undefined): Found {
  if (/^[0-9a-f]{64}$/i.test(value)) return { key: dataKeyOf(Buffer.from(value, 'hex')), source: 'hex' };
  if (value.length < PASSPHRASE_MIN) {
    throw new DomainError('DATA_KEY_WRONG', `FIDELIS_DATA_KEY must be 64 hex digits or a passphrase of at least ${PASSPHRASE_MIN} characters; nothing in ${dir} was opened.`, 'dataKey');
  }
  const salt = recordedSalt ?? randomBytes(16).toString('hex');
  const memo = `${salt}\u0000${value}`;
  let bytes = derived.get(memo);
  if (!bytes) {
    bytes = scryptSync(value, Buffer.from(salt, 'hex'), KEY_BYTES, SCRYPT);
    derived.set(memo, bytes);
  }
  return { key: dataKeyOf(bytes), source: 'passphrase', salt };
}

function readKeyFile(path: string): DataKey {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new DomainError('DATA_KEY_WRONG', `The key file ${path} does not hold a data key (64 hex digits); nothing was opened.`, 'dataKey');
  return dataKeyOf(Buffer.from(text, 'hex'));
}

/** Where the record says the key is kept, as a person would look for it. */
function whereKept(dir: string, record: KeyRecord | undefined): string {
  switch (record?.source) {
    case 'keychain':
      return `its key is sealed by this computer's keychain for the Fidelis app (${SEALED_KEY_FILE}): open it with the app`;
    case 'hex':
    case 'passphrase':
      return `it was keyed with FIDELIS_DATA_KEY (a ${record.source === 'hex' ? 'hex key' : 'passphrase'}): set it again`;
    default:
      return `put its key file at ${record?.keyFile ?? defaultKeyFile(dir)} (or name it with FIDELIS_DATA_KEY_FILE), or set FIDELIS_DATA_KEY`;
  }
}

function missingKey(dir: string, record: KeyRecord | undefined, what = `The data dir ${dir}`): DomainError {
  const id = record ? ` (key id ${record.keyId})` : '';
  return new DomainError('DATA_KEY_MISSING', `${what} is encrypted${id} and its key was not found: ${whereKept(dir, record)}. Nothing was changed.`, 'dataKey');
}

function wrongKey(dir: string, record: KeyRecord, source: KeySource, what = `The data dir ${dir}`): DomainError {
  const from = source === 'key-file' ? 'the key file' : source === 'keychain' ? 'the keychain' : 'FIDELIS_DATA_KEY';
  return new DomainError('DATA_KEY_WRONG', `${what} is encrypted with key id ${record.keyId}, and the key from ${from} is another; ${whereKept(dir, record)}. Nothing was changed.`, 'dataKey');
}

/** The key of a dir whose store is encrypted (what checks, backups and doctor need); undefined for a plain one. */
export const keyOfEncryptedStore = (dataDir: string): DataKey | undefined => (storeIsEncrypted(dataDir) ? dataKeyFor(dataDir) : undefined);

/** How the dir is keyed, for a backup's manifest; undefined when its store is plain. */
export const encryptionOf = (dataDir: string): KeyRecord | undefined => (storeIsEncrypted(dataDir) ? readKeyRecord(dataDir) : undefined);
