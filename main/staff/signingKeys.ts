/**
 * Ed25519 signing keys of people and workstations: a new pair, a person's private key sealed (AES-256-GCM) under the
 * key their password derives and opened again, and signing. The sealed key names its person and public key as
 * associated data, so a sealed key copied onto someone else's record does not open.
 */

import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { StaffSigningKey } from '@fidelis/shared/staff/index.js';

export interface SigningKeyPair {
  readonly privateKey: KeyObject;
  /** Raw 32 bytes, base64url: how the staff stream and device signatures name it. */
  readonly publicKey: string;
}

const SEALED_PREFIX = 'v1';

export function newSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: rawPublicKey(publicKey) };
}

export const rawPublicKey = (key: KeyObject): string => String(key.export({ format: 'jwk' }).x);

export function publicKeyOf(privateKey: KeyObject): string {
  return rawPublicKey(createPublicKey(privateKey));
}

const associatedData = (username: string, publicKey: string) => Buffer.from(`fidelis staff signing key\n${username}\n${publicKey}`);

/** The pair as a staff event records it: the public key, and the private key sealed under the person's password key. */
export function sealSigningKey(username: string, pair: SigningKeyPair, sealingKey: Buffer): StaffSigningKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey, iv);
  cipher.setAAD(associatedData(username, pair.publicKey));
  const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  const sealed = Buffer.concat([cipher.update(der), cipher.final()]);
  return { publicKey: pair.publicKey, sealedPrivateKey: [SEALED_PREFIX, iv, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.') };
}

/** The private key back, or undefined when it does not open (another password's key, a record altered). */
export function openSigningKey(username: string, key: StaffSigningKey, sealingKey: Buffer): KeyObject | undefined {
  const [prefix, iv, tag, sealed] = key.sealedPrivateKey.split('.');
  if (prefix !== SEALED_PREFIX || !iv || !tag || !sealed) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(associatedData(username, key.publicKey));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const der = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return publicKeyOf(privateKey) === key.publicKey ? privateKey : undefined;
  } catch {
    return undefined;
  }
}

/** Ed25519 over the UTF-8 of `message`, base64url. */
export const signWith = (privateKey: KeyObject, message: string): string => sign(null, Buffer.from(message), privateKey).toString('base64url');
