/**
 * Rebase: decides again, in their original order, the commands whose provisional commits were overtaken or refused.
 * One that still holds lands after the gateway's events under its original id; one that no longer does (funds gone)
 * becomes a visible exception for a supervisor, never a silent loss.
 */

import type { RxCollection } from 'rxdb';
import { isDomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { SyncExceptionQueue } from './exceptionQueue.js';
import { metaOf } from './localCommits.js';
import type { RebasingCommands } from './rebasingCommands.js';
import type { SyncReport } from './syncReport.js';
import type { SyncRecords } from './syncRecords.js';

/** How a rebased commit's events name the process that decided them again for their person. */
export const REBASE_PROCESS = 'sync-rebase';

export interface SyncRebaseDeps {
  readonly commits: RxCollection<CommitDocument>;
  readonly records: SyncRecords;
  readonly exceptions: Pick<SyncExceptionQueue, 'raise'>;
  /** Runs a command through the host, as a teller's would (validation, decide, append). */
  readonly execute: (command: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>;
  readonly rebasing: RebasingCommands;
  readonly logger: Logger;
}

export interface SyncRebase {
  rebasePending(report: SyncReport): Promise<void>;
}

export function createSyncRebase(deps: SyncRebaseDeps): SyncRebase {
  const { records } = deps;
  return {
    async rebasePending(report) {
      for (const { id, record } of await records.archived('rebasing')) {
        const { commit } = record;
        const still = await deps.commits.findOne(commit.id).exec();
        // A crash between archiving and removing: the next pull removes it first.
        if (still && still.events[0]!.id === commit.events[0]!.id) continue;
        const command = commit.events[0]!.meta.command;
        if (!command || typeof command !== 'object') {
          await deps.exceptions.raise(id, record, { code: 'COMMAND_NOT_RECORDED', message: `The command behind ${commit.commandId} was not recorded, so it cannot be decided again.` });
          report.exceptions++;
          continue;
        }
        try {
          const outcome = await deps.rebasing.during(commit.commandId, () => deps.execute(command, { ...metaOf(commit), process: REBASE_PROCESS }));
          await records.updateArchive(id, 'rebased', { rebasedTo: { streamId: outcome.streamId, version: outcome.version } });
          report.rebased++;
          deps.logger.info({ commandId: commit.commandId, streamId: outcome.streamId, version: outcome.version }, 'sync: command rebased');
        } catch (error) {
          if (!isDomainError(error)) throw error;
          await deps.exceptions.raise(id, record, error.toJSON());
          report.exceptions++;
        }
      }
    },
  };
}
