/** Device provisioning and lookup: each device has a branch and a random secret it signs its requests with. */

import { randomBytes, randomUUID } from 'node:crypto';
import type { GatewayDatabase } from './database.js';
import type { Tables } from './migrations.js';

export interface DeviceRecord {
  readonly deviceId: string;
  readonly branchId: string;
  readonly secret: string;
}

const BRANCH = /^[A-Za-z0-9_-]{1,64}$/;

export async function addDevice(db: GatewayDatabase, t: Tables, branchId: string): Promise<DeviceRecord> {
  if (!BRANCH.test(branchId)) throw new Error('A branch id is 1 to 64 letters, digits, - or _.');
  const device = { deviceId: randomUUID(), branchId, secret: randomBytes(32).toString('base64url') };
  await db.query(`INSERT INTO ${t.devices} (device_id, branch_id, secret) VALUES ($1, $2, $3)`, [device.deviceId, device.branchId, device.secret]);
  return device;
}

/** Devices are read once and kept: a request never waits on the database to learn who is asking. */
export function createDeviceDirectory(db: GatewayDatabase, t: Tables) {
  const known = new Map<string, DeviceRecord>();
  return {
    async find(deviceId: string): Promise<DeviceRecord | undefined> {
      const cached = known.get(deviceId);
      if (cached) return cached;
      const rows = await db.query<{ device_id: string; branch_id: string; secret: string }>(`SELECT device_id, branch_id, secret FROM ${t.devices} WHERE device_id = $1`, [deviceId]);
      const row = rows[0];
      if (!row) return undefined;
      const device = { deviceId: row.device_id, branchId: row.branch_id, secret: row.secret };
      known.set(deviceId, device);
      return device;
    },
  };
}
