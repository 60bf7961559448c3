/** The sync area's API handlers: status, sync now, and the exception queue a supervisor resolves, over host.sync. */

import type { SyncExceptionRow, syncMethods } from '@fidelis/shared/sync/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { SyncExceptionView, SyncModule } from './syncModule.js';

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

export function createSyncApi(sync: Pick<SyncModule, 'status' | 'syncNow' | 'exceptions' | 'resolveException'>): AreaHandlers<typeof syncMethods> {
  return {
    'sync.status': async () => {
      const { pulledGpos: _pulled, ...status } = await sync.status();
      return status;
    },
    'sync.now': async () => {
      const { pushed, pulled, rebased, exceptions } = await sync.syncNow();
      return { pushed, pulled, rebased, exceptions };
    },
    'sync.exceptions': async ({ includeResolved }) => ({ items: (await sync.exceptions({ includeResolved })).map(toRow) }),
    // The supervisor on record is the one signed in, whatever name the form typed.
    'sync.resolve': async ({ commandId, resolution, note }, { principal }) => {
      const done = await sync.resolveException(commandId, { resolution, supervisor: principal.username, ...(note ? { note } : {}) });
      const landed = done as { streamId?: string; version?: number; suspenseAccountId?: string };
      return { commandId, resolution, streamId: landed.streamId ?? null, version: landed.version ?? null, suspenseAccountId: landed.suspenseAccountId ?? null };
    },
  };
}
