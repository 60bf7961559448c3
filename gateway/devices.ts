/** Device provisioning, listing, revocation and lookup: each device has a branch and a random secret it signs its requests with. */

import { randomBytes, randomUUID } from 'node:crypto';
import type { GatewayDatabase } from './database.js';
import type { Tables } from './migrations.js';
import { openSecret, sealSecret, type SealingKey } from './secretSealing.js';

export interface DeviceRecord {
  readonly deviceId: string;
  readonly branchId: string;
  readonly secret: string;
}

/** What an operator sees of a device: never its secret. */
export interface DeviceListing {
  readonly deviceId: string;
  readonly branchId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

const BRANCH = /^[A-Za-z0-9_-]{1,64}$/;

/** A new device; its secret is shown once (here) and stored sealed under `key`. */
export async function addDevice(db: GatewayDatabase, t: Tables, branchId: string, key: SealingKey): Promise<DeviceRecord> {
  if (!BRANCH.test(branchId)) throw new Error('A branch id is 1 to 64 letters, digits, - or _.');
  const device = { deviceId: randomUUID(), branchId, secret: randomBytes(32).toString('base64url') };
  await db.query(`INSERT INTO ${t.devices} (device_id, branch_id, secret) VALUES ($1, $2, $3)`, [device.deviceId, device.branchId, sealSecret(device.secret, key)]);
  return device;
}

export async function listDevices(db: GatewayDatabase, t: Tables): Promise<DeviceListing[]> {
  const rows = await db.query<{ device_id: string; branch_id: string; created_at: Date | string; revoked_at: Date | string | null }>(
    `SELECT device_id, branch_id, created_at, revoked_at FROM ${t.devices} ORDER BY branch_id, created_at, device_id`,
  );
  const iso = (value: Date | string) => new Date(value).toISOString();
  return rows.map((r) => ({ deviceId: r.device_id, branchId: r.branch_id, createdAt: iso(r.created_at), revokedAt: r.revoked_at === null ? null : iso(r.revoked_at) }));
}

/** Marks a device revoked (once: the first time stays); false when there is no such device. */
export async function revokeDevice(db: GatewayDatabase, t: Tables, deviceId: string): Promise<boolean> {
  const rows = await db.query<{ device_id: string }>(`UPDATE ${t.devices} SET revoked_at = coalesce(revoked_at, now()) WHERE device_id = $1 RETURNING device_id`, [deviceId]);
  return rows.length > 0;
}

export interface DeviceDirectory {
  /** The device, unless unknown or revoked. */
  find(deviceId: string): Promise<DeviceRecord | undefined>;
  /** Drops a device from memory: its next request reads the database again (after a revocation, and is refused). */
  forget(deviceId: string): void;
}

/** Devices are read once and kept: a request never waits on the database to learn who is asking. */
export function createDeviceDirectory(db: GatewayDatabase, t: Tables, key: SealingKey): DeviceDirectory {
  const known = new Map<string, DeviceRecord>();
  return {
    async find(deviceId) {
      const cached = known.get(deviceId);
      if (cached) return cached;
      const rows = await db.query<{ device_id: string; branch_id: string; secret: string }>(
        `SELECT device_id, branch_id, secret FROM ${t.devices} WHERE device_id = $1 AND revoked_at IS NULL`,
        [deviceId],
      );
      const row = rows[0];
      if (!row) return undefined;
      const device = { deviceId: row.device_id, branchId: row.branch_id, secret: openSecret(row.secret, key) };
      known.set(deviceId, device);
      return device;
    },
    forget(deviceId) {
      known.delete(deviceId);
    },
  };
}
