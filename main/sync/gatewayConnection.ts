/** The signed gateway client for this workstation's sync configuration, made again only when the configuration changes. */

import { DomainError } from '@fidelis/shared/errors.js';
import { createGatewayClient, GatewayHttpError, type GatewayClient } from './gatewayClient.js';
import type { SyncRecords } from './syncRecords.js';

export interface GatewayConnection {
  /** The client for the configured gateway; SYNC_NOT_CONFIGURED without a configuration. */
  client(): Promise<GatewayClient>;
}

export function createGatewayConnection(records: Pick<SyncRecords, 'config'>, timeoutMs: number): GatewayConnection {
  let current: { key: string; client: GatewayClient } | undefined;
  return {
    async client() {
      const config = await records.config();
      if (!config) throw notConfigured();
      const key = `${config.gatewayUrl}|${config.deviceId}|${config.secret}`;
      if (current?.key !== key) current = { key, client: createGatewayClient(config, { timeoutMs }) };
      return current.client;
    },
  };
}

export const notConfigured = () => new DomainError('SYNC_NOT_CONFIGURED', 'Sync is not configured: run fidelis sync configure --gateway URL --device-id ID --secret S.');

/** What a person is told when a pass or the live stream failed: the gateway's answer, or why it could not be reached. */
export function describeSyncError(error: unknown): string {
  if (error instanceof GatewayHttpError) return error.message;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `The gateway cannot be reached (${cause.code}).` : (error as Error).message;
}
