/** Commit documents and signed requests for gateway tests, built with the shared registry so they follow the domain. */

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { DomainEvent } from '@fidelis/shared/decider.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { SYNC_HEADERS, signingString, type PushCommit } from '@fidelis/shared/sync/protocol.js';

const registry = createLedgerEventRegistry();

export interface DeviceCredentials {
  readonly deviceId: string;
  readonly secret: string;
  readonly branchId: string;
}

let seq = 0;

/** A commit of one command on one stream, as a workstation would push it. */
export function commitOf(streamId: string, version: number, events: readonly DomainEvent[], branchId = 'BR001', commandId = ulid()): PushCommit {
  return {
    streamId,
    version,
    commandId,
    commandHash: createHash('sha256').update(commandId).digest('hex'),
    events: events.map(
      (event, i): EventEnvelope => ({
        ...registry.encode(event),
        id: ulid(),
        streamId,
        version: version + i,
        seq: ++seq,
        gpos: null,
        occurredAt: '2026-11-26T10:00:00.000Z',
        recordedAt: '2026-11-26T10:00:00.000Z',
        meta: { commandId, correlationId: commandId, causationId: commandId, actor: 'teller', deviceId: 'ws-test', branchId },
      }),
    ),
  };
}

export const opened = (accountId: string, openingDeposit = '10000', overdraftLimit = '0'): DomainEvent => ({
  type: 'AccountOpened',
  data: { accountId, number: accountId.slice(0, 20), holder: 'Ada Lovelace', owners: [`acct-${accountId}`], currency: 'USD', openingDeposit, openingDepositSource: 'cash', overdraftLimit },
});
export const deposited = (accountId: string, amount: string): DomainEvent => ({ type: 'DepositMade', data: { accountId, amount, sourceType: 'cash', currency: 'USD', channel: 'counter' } });
export const withdrew = (accountId: string, amount: string): DomainEvent => ({ type: 'WithdrawalMade', data: { accountId, amount, channel: 'cash' } });
export const closed = (accountId: string): DomainEvent => ({ type: 'AccountClosed', data: { accountId } });

/** A signed request, with ways to break it: another secret, an old timestamp, a body changed after signing. */
export async function signedFetch(
  baseUrl: string,
  device: { deviceId: string; secret: string },
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  tamper: { secret?: string; timestamp?: number; nonce?: string; sendBody?: string; omit?: boolean } = {},
): Promise<{ status: number; json: unknown }> {
  const timestamp = String(tamper.timestamp ?? Date.now());
  const nonce = tamper.nonce ?? randomBytes(16).toString('base64url');
  const hash = createHash('sha256').update(body ?? '').digest('hex');
  const signature = createHmac('sha256', tamper.secret ?? device.secret).update(signingString(method, path, timestamp, nonce, hash)).digest('hex');
  const headers: Record<string, string> = tamper.omit
    ? {}
    : { [SYNC_HEADERS.device]: device.deviceId, [SYNC_HEADERS.timestamp]: timestamp, [SYNC_HEADERS.nonce]: nonce, [SYNC_HEADERS.signature]: signature };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: tamper.sendBody ?? body } : {}) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}
