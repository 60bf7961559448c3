/**
 * Device secrets at rest: sealed with AES-256-GCM under the gateway's key, which lives outside the database (a file
 * beside the data, or an environment variable), so a copy of the database alone cannot sign as any device. Request
 * signatures are HMACs, so the gateway needs the secret itself: a one-way verifier would not do.
 */

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'aes256gcm:';

/** A 32-byte key; undefined stores secrets as they are (tests and development only). */
export type SealingKey = Buffer | undefined;

export function sealSecret(secret: string, key: SealingKey): string {
  if (!key) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.')}`;
}

/** The secret back; a secret stored before sealing existed reads as it is. Throws when the key is wrong or missing. */
export function openSecret(stored: string, key: SealingKey): string {
  if (!stored.startsWith(PREFIX)) return stored;
  if (!key) throw new Error('Device secrets are sealed: start the gateway with its key.');
  const [iv, tag, sealed] = stored.slice(PREFIX.length).split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8');
}
