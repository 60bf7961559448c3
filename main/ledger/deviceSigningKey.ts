/**
 * The workstation's own Ed25519 key, which signs the steps a process runs for someone: kept in the data dir (0600)
 * beside the ledger, made at the first start; an in-memory ledger gets a key for its lifetime.
 */

import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSigningKeyPair, publicKeyOf, type SigningKeyPair } from '../staff/signingKeys.js';

export const DEVICE_KEY_FILE = 'device-signing.key';

export function loadDeviceSigningKey(dataDir: string | undefined): SigningKeyPair {
  if (dataDir === undefined) return newSigningKeyPair();
  const file = join(dataDir, DEVICE_KEY_FILE);
  if (existsSync(file)) {
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    return { privateKey, publicKey: publicKeyOf(privateKey) };
  }
  const pair = newSigningKeyPair();
  writeFileSync(file, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return pair;
}
