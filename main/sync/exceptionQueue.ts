/**
 * Sync exceptions: commands the gateway refused, or that no longer hold once decided again, kept for a supervisor.
 * Raising one records an event (it syncs like any other) and marks the archived commit; resolving one settles it.
 */

import { z } from 'zod';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { SyncReason } from '@fidelis/shared/sync/protocol.js';
import { SYNC_EXCEPTION_CATEGORY } from '@fidelis/shared/sync/syncEvents.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { sha256Hex } from '../integrity/chainHash.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { EventStore } from '../store/eventStore.js';
import { acceptIntoSuspense } from './acceptIntoSuspense.js';
import { metaOf } from './localCommits.js';
import type { RebasingCommands } from './rebasingCommands.js';
import type { SyncEventWriter } from './syncEventWriter.js';
import type { ArchivedCommit, SyncRecords } from './syncRecords.js';

/** A supervisor's resolution as typed (the CLI hands it over raw): checked before anything is read or written. */
const resolveInputSchema = z.object({
  resolution: z.enum(['retry', 'reverse', 'accept'], 'Choose retry, reverse or accept.'),
  supervisor: z.string().trim().min(1, "Enter the supervisor's name.").max(100, "A supervisor's name has at most 100 characters."),
  note: z.string().trim().max(280, 'A note has at most 280 characters.').optional(),
});

export type ResolveExceptionInput = z.input<typeof resolveInputSchema>;

export interface SyncExceptionView {
  readonly commandId: string;
  readonly streamId: string;
  readonly commandType: string;
  readonly command: Record<string, unknown> | null;
  readonly code: string;
  readonly message: string;
  readonly archivedAt: string;
  readonly status: 'open' | 'resolved';
}

export interface ResolvedException {
  readonly commandId: string;
  readonly resolution: 'retry' | 'reverse' | 'accept';
  /** Where the command landed (retry) or the suspense posting (accept). */
  readonly streamId?: string;
  readonly version?: number;
  readonly suspenseAccountId?: string;
}

export interface SyncExceptionQueue {
  /** Turns an archived commit into an open exception, for `reason`. */
  raise(archiveId: string, record: ArchivedCommit, reason: SyncReason): Promise<void>;
  list(options?: { includeResolved?: boolean }): Promise<SyncExceptionView[]>;
  /**
   * A supervisor settles an exception: retry decides the command again now; reverse records that it will not be
   * applied; accept books what already happened (cash paid out or taken in) to a suspense account of its own, so the
   * customer's account keeps its floor, the gateway's checks stay whole, and the loss or gain is a balanced,
   * attributable entry someone must clear (see acceptIntoSuspense.ts).
   */
  resolve(commandId: string, input: ResolveExceptionInput): Promise<ResolvedException>;
}

export interface ExceptionQueueDeps {
  readonly store: EventStore;
  readonly records: SyncRecords;
  readonly writeEvent: SyncEventWriter;
  readonly execute: (command: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>;
  readonly rebasing: RebasingCommands;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export function createExceptionQueue(deps: ExceptionQueueDeps): SyncExceptionQueue {
  const { records } = deps;

  async function findOpen(commandId: string) {
    const found = (await records.archived('exception')).find((a) => a.record.commit.commandId === commandId);
    if (!found) throw new DomainError('NOT_FOUND', `No open sync exception for command ${commandId}.`, 'commandId');
    return found;
  }

  return {
    async raise(archiveId, record, reason) {
      const { commit } = record;
      const meta = commit.events[0]!.meta;
      const command = meta.command && typeof meta.command === 'object' ? (meta.command as Record<string, unknown>) : undefined;
      const raisedBy = `sync-exception:${commit.commandId}`;
      await deps.writeEvent(
        streamIdOf(SYNC_EXCEPTION_CATEGORY, commit.commandId),
        {
          type: 'SyncExceptionRaised',
          data: {
            commandId: commit.commandId,
            streamId: commit.streamId,
            commandType: typeof command?.type === 'string' ? command.type : commit.events[0]!.type,
            ...(command ? { command } : {}),
            code: reason.code,
            message: reason.message,
            supersededEventIds: commit.events.map((e) => e.id),
          },
        },
        { commandId: raisedBy, correlationId: meta.correlationId, causationId: commit.commandId, actor: 'sync', commandHash: sha256Hex(raisedBy) },
      );
      await records.updateArchive(archiveId, 'exception', { exception: reason });
      deps.logger.warn({ commandId: commit.commandId, reason }, 'sync: command became an exception');
    },

    async list(options = {}) {
      const open = await records.archived('exception');
      const resolved = options.includeResolved ? await records.archived('resolved') : [];
      return [...open.map((a) => ({ a, status: 'open' as const })), ...resolved.map((a) => ({ a, status: 'resolved' as const }))].map(({ a, status }) => {
        const { commit } = a.record;
        const command = commit.events[0]!.meta.command;
        const commandObject = command && typeof command === 'object' ? (command as Record<string, unknown>) : null;
        return {
          commandId: commit.commandId,
          streamId: commit.streamId,
          commandType: typeof commandObject?.type === 'string' ? commandObject.type : commit.events[0]!.type,
          command: commandObject,
          code: a.record.exception?.code ?? a.record.reason.code,
          message: a.record.exception?.message ?? a.record.reason.message,
          archivedAt: a.record.archivedAt,
          status,
        };
      });
    },

    async resolve(commandId, raw) {
      const input = parseOrThrow(resolveInputSchema, raw);
      const { id, record } = await findOpen(commandId);
      const { commit } = record;
      let landed: { streamId: string; version: number } | undefined;
      let suspense: { suspenseAccountId: string; amount: string } | undefined;
      if (input.resolution === 'retry') {
        const command = commit.events[0]!.meta.command;
        if (!command) throw new DomainError('VALIDATION', 'The command was not recorded; it can only be reversed.', 'resolution');
        const outcome = await deps.rebasing.during(commit.commandId, () => deps.execute(command, { ...metaOf(commit), actor: input.supervisor }));
        landed = { streamId: outcome.streamId, version: outcome.version };
      } else if (input.resolution === 'accept') {
        const accepted = await acceptIntoSuspense(deps, commit, input.supervisor);
        landed = accepted.landed;
        suspense = { suspenseAccountId: accepted.suspenseAccountId, amount: accepted.amount };
      }
      const resolution = input.resolution === 'retry' ? 'retried' : input.resolution === 'reverse' ? 'reversed' : 'accepted';
      await deps.writeEvent(
        streamIdOf(SYNC_EXCEPTION_CATEGORY, commit.commandId),
        {
          type: 'SyncExceptionResolved',
          data: { commandId: commit.commandId, resolution, supervisor: input.supervisor, ...(input.note ? { note: input.note } : {}), ...(landed ?? {}), ...(suspense ?? {}) },
        },
        { commandId: `sync-resolve:${commit.commandId}`, actor: input.supervisor },
      );
      await records.updateArchive(id, 'resolved', { resolution: { resolution: input.resolution, supervisor: input.supervisor, at: deps.clock().toISOString() } });
      return { commandId, resolution: input.resolution, ...(landed ?? {}), ...(suspense ? { suspenseAccountId: suspense.suspenseAccountId } : {}) };
    },
  };
}
