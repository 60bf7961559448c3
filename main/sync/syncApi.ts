/** The sync area's API handlers: status, configuration, sync now, and the exception queue a supervisor resolves, over host.sync. */

import type { SyncExceptionRow, syncMethods } from '@fidelis/shared/sync/api.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { ReadModels } from '../projections/readModels.js';
import type { SyncExceptionView, SyncModule } from './syncModule.js';

/** The account an exception names, as the screen shows it (number and currency), when this workstation knows it. */
type AccountLookup = Pick<ReadModels['accountSummaries'], 'get'>;

async function toRow(view: SyncExceptionView, accounts: AccountLookup): Promise<SyncExceptionRow> {
  const { command } = view;
  const accountId = typeof command?.accountId === 'string' ? command.accountId : null;
  const account = accountId === null ? undefined : await accounts.get(accountId);
  return {
    commandId: view.commandId,
    streamId: view.streamId,
    commandType: view.commandType,
    accountId,
    accountNumber: account?.number ?? null,
    currency: account?.currency ?? null,
    amount: typeof command?.amount === 'string' ? command.amount : null,
    code: view.code,
    message: view.message,
    archivedAt: view.archivedAt,
    status: view.status,
  };
}

export function createSyncApi(sync: Pick<SyncModule, 'status' | 'configure' | 'join' | 'start' | 'syncNow' | 'exceptions' | 'resolveException'>, accounts: AccountLookup): AreaHandlers<typeof syncMethods> {
  // One join at a time per workstation; its progress is read by the first screen's bar while the call runs.
  let joining: { done: number; total: number } | undefined;
  return {
    'sync.join': async (input) => {
      if (joining) throw new DomainError('CONCURRENCY_CONFLICT', 'This workstation is already joining a branch: wait for it to finish.');
      joining = { done: 0, total: 0 };
      try {
        const joined = await sync.join(input, (done, total) => (joining = { done, total }));
        // Joined from the running app, the background loop starts at once, as after configuring.
        await sync.start();
        return joined;
      } finally {
        joining = undefined;
      }
    },
    'sync.joinProgress': () => ({ joining: joining !== undefined, done: joining?.done ?? 0, total: joining?.total ?? 0 }),
    'sync.status': async () => {
      const { pulledGpos: _pulled, ...status } = await sync.status();
      return status;
    },
    'sync.now': async () => {
      const { pushed, pulled, rebased, exceptions } = await sync.syncNow();
      return { pushed, pulled, rebased, exceptions };
    },
    'sync.exceptions': async ({ includeResolved }) => ({ items: await Promise.all((await sync.exceptions({ includeResolved })).map((view) => toRow(view, accounts))) }),
    // The same checks as `fidelis sync configure`: main's configuration schema, whichever door it came in by. Configured
    // from the running app, the background loop starts at once (the app starts it at launch only when configured).
    'sync.configure': async (input) => {
      const { gatewayUrl, deviceId, standInLimit } = await sync.configure(input);
      await sync.start();
      return { gatewayUrl, deviceId, standInLimit };
    },
    // The supervisor on record is the one signed in, whatever name the form typed.
    'sync.resolve': async ({ commandId, resolution, note }, { principal }) => {
      const done = await sync.resolveException(commandId, { resolution, supervisor: principal.username, ...(note ? { note } : {}) });
      const landed = done as { streamId?: string; version?: number; suspenseAccountId?: string };
      return { commandId, resolution, streamId: landed.streamId ?? null, version: landed.version ?? null, suspenseAccountId: landed.suspenseAccountId ?? null };
    },
  };
}
