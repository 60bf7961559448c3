/**
 * Nonces seen per device inside the signature window, in the gateway's database: a signed request whose nonce was
 * seen is a replay, also after a restart and across gateways sharing the database. A nonce is forgotten once its
 * timestamp has left the window, where the timestamp check refuses the request anyway.
 */

import type { GatewayDatabase } from './database.js';
import type { Tables } from './migrations.js';

export interface NonceStore {
  /** True the first time a device's nonce is seen inside the window; false for a replay. */
  firstUse(deviceId: string, nonce: string, timestampMs: number): Promise<boolean>;
}

/** Expired nonces are deleted at most this often: one cheap indexed delete, not one per request. */
const PRUNE_EVERY_MS = 30_000;

export function createNonceStore(db: GatewayDatabase, t: Tables, windowMs: number, now: () => number): NonceStore {
  let prunedAt = 0;
  return {
    async firstUse(deviceId, nonce, timestampMs) {
      const at = now();
      if (at - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = at;
        await db.query(`DELETE FROM ${t.nonces} WHERE expires_at <= $1`, [at]);
      }
      // Kept until the latest moment its timestamp would still pass the window check.
      const expiresAt = Math.max(timestampMs + windowMs, at + 1);
      const rows = await db.query(`INSERT INTO ${t.nonces} (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce`, [deviceId, nonce, expiresAt]);
      return rows.length === 1;
    },
  };
}
