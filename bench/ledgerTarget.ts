/**
 * What a benchmark scenario drives: the whole host (its execute with everything wired around the store), the on-disk
 * event store alone behind the command pipeline, or the raw better-sqlite3 baseline behind the same pipeline.
 */

import { join } from 'node:path';
import { ulid } from 'ulid';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { toAccountView, type AccountView } from '@fidelis/shared/accounts/index.js';
import { commandMetaSchema, commandRequestSchema, type CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { createHost, type Host } from '../main/host.js';
import { accountSlice } from '../main/accounts/accountSlice.js';
import { hashCommand, runCommand, type CommandOutcome } from '../main/ledger/commandPipeline.js';
import { loadAggregate } from '../main/ledger/loadAggregate.js';
import { lockDataDir } from '../main/store/dataDirLock.js';
import { openDiskIndexedDb } from '../main/store/engineMigration.js';
import { createEventStore, type EventStore } from '../main/store/eventStore.js';
import { openLedgerDatabase } from '../main/store/ledgerDatabase.js';
import { openRawSqliteStore } from './rawSqliteStore.js';

export type TargetKind = 'host' | 'store' | 'raw';

export interface LedgerTarget {
  readonly store: EventStore;
  /** The whole host, when the target is one (its processing: catch-up, rebuilds). */
  readonly host?: Host;
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  getAccount(accountId: string): Promise<AccountView | undefined>;
  close(): Promise<void>;
}

export async function openTarget(kind: TargetKind, dataDir: string): Promise<LedgerTarget> {
  if (kind === 'host') {
    const host = await createHost({ dataDir });
    return { store: host.store, host, execute: host.execute, getAccount: (id) => host.getAccount(id), close: () => host.close() };
  }
  if (kind === 'raw') {
    const store = openRawSqliteStore(join(dataDir, 'raw.sqlite'));
    return pipelineTarget(store, async () => store.close());
  }
  const lock = lockDataDir(dataDir);
  // FIDELIS_IDB picks the IndexedDB engine and FIDELIS_PLAIN_DATA_DIR encryption at rest, as for the host (bench/run.ts
  // sets them per scenario with --idb and --at-rest).
  const database = await openLedgerDatabase(await openDiskIndexedDb(dataDir));
  const store = await createEventStore(database.collections.commits);
  return pipelineTarget(store, async () => {
    await database.close();
    lock.release();
  });
}

/** The host's execute without what the host wires around it (processing, read models, logs): validate, hash, decide, append. */
function pipelineTarget(store: EventStore, release: () => Promise<void>): LedgerTarget {
  const registry = createLedgerEventRegistry();
  const pipeline = { store, registry, now: () => new Date(), maxConflictRetries: 3 };
  return {
    store,
    async execute(request, metaInput = {}) {
      const command = parseOrThrow(commandRequestSchema, request);
      const given = parseOrThrow(commandMetaSchema, metaInput);
      const commandId = given.commandId ?? ulid();
      const meta: EventMeta = { commandId, correlationId: commandId, causationId: commandId, actor: 'bench', deviceId: 'bench', branchId: 'BR001' };
      const commandHash = hashCommand(command);
      const withIds = command.type === 'OpenAccount' ? { ...command, accountId: command.accountId ?? ulid() } : command;
      return runCommand(pipeline, accountSlice, withIds, meta, commandHash);
    },
    async getAccount(accountId) {
      const { state } = await loadAggregate(store, registry, accountSlice, accountId);
      return toAccountView(state);
    },
    async close() {
      await store.drain();
      await release();
    },
  };
}
