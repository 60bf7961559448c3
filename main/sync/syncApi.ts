/** Sync in the API's shapes: host.sync (status, sync now, the exception queue a supervisor resolves) behind the router's SyncFeature. */

import type { SyncExceptionRow } from '@fidelis/shared/api/schemas.js';
import type { SyncExceptionView, SyncModule } from './syncModule.js';
import type { SyncFeature } from '../api/hostFeatures.js';

function toRow(view: SyncExceptionView): SyncExceptionRow {
  const { command } = view;
  return {
    commandId: view.commandId,
    streamId: view.streamId,
    commandType: view.commandType,
    accountId: typeof command?.accountId === 'string' ? command.accountId : null,
    amount: typeof command?.amount === 'string' ? command.amount : null,
    code: view.code,
    message: view.message,
    archivedAt: view.archivedAt,
    status: view.status,
  };
}

export function createSyncFeature(sync: Pick<SyncModule, 'status' | 'syncNow' | 'exceptions' | 'resolveException'>): SyncFeature {
  return {
    async status() {
      const { pulledGpos: _pulled, ...status } = await sync.status();
      return status;
    },
    async syncNow() {
      const { pushed, pulled, rebased, exceptions } = await sync.syncNow();
      return { pushed, pulled, rebased, exceptions };
    },
    async exceptions({ includeResolved }) {
      return { items: (await sync.exceptions({ includeResolved })).map(toRow) };
    },
    async resolve({ commandId, resolution, supervisor, note }) {
      const done = await sync.resolveException(commandId, { resolution, supervisor, ...(note ? { note } : {}) });
      const landed = done as { streamId?: string; version?: number; suspenseAccountId?: string };
      return { commandId, resolution, streamId: landed.streamId ?? null, version: landed.version ?? null, suspenseAccountId: landed.suspenseAccountId ?? null };
    },
  };
}
