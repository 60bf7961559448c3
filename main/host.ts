/** The composition root: builds the whole main side for the desktop app, the CLI, browser mode and the tests. */

import { ulid } from 'ulid';
import type { EventEnvelope, EventMeta } from '../shared/events/envelope.js';
import { toAccountView, type AccountView } from '../shared/ledger/account/index.js';
import { commandMetaSchema, commandRequestSchema, type CommandMetaInput } from '../shared/ledger/commands.js';
import { createLedgerEventRegistry } from '../shared/ledger/events.js';
import { parseOrThrow } from '../shared/validation.js';
import { accountSlice } from './ledger/accountSlice.js';
import { runCommand, hashCommand, type CommandOutcome } from './ledger/commandPipeline.js';
import { loadAggregate } from './ledger/loadAggregate.js';
import { createFileLogger, silentLogger, type Logger } from './log.js';
import { inMemorySettings, loadSettings, type Settings } from './settings.js';
import { lockDataDir, type DataDirLock } from './store/dataDirLock.js';
import { createEventStore, type EventStore, type StreamRange } from './store/eventStore.js';
import { inMemoryIndexedDb } from './store/indexedDb/inMemory.js';
import { onDiskIndexedDb } from './store/indexedDb/onDisk.js';
import { openLedgerDatabase, type LedgerDatabase } from './store/ledgerDatabase.js';

export type HostOptions = (
  | { readonly dataDir: string; readonly inMemory?: false }
  | { readonly inMemory: true; readonly dataDir?: undefined }
) & {
  readonly settings?: Partial<Settings>;
  readonly clock?: () => Date;
  readonly logger?: Logger;
};

export interface Host {
  readonly settings: Settings;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Validates and runs a command; resolves once its events are durable. Throws DomainError when refused. */
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  getAccount(accountId: string, range?: StreamRange): Promise<AccountView | undefined>;
  readStream(streamId: string, range?: StreamRange): Promise<EventEnvelope[]>;
  close(): Promise<void>;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const clock = options.clock ?? (() => new Date());
  const registry = createLedgerEventRegistry();
  let lock: DataDirLock | undefined;
  let database: LedgerDatabase | undefined;
  try {
    const { settings, logger, provider } = options.inMemory
      ? { settings: inMemorySettings(options.settings), logger: options.logger ?? silentLogger(), provider: inMemoryIndexedDb() }
      : ((lock = lockDataDir(options.dataDir)),
        {
          settings: loadSettings(options.dataDir, options.settings),
          logger: options.logger ?? createFileLogger(options.dataDir),
          provider: onDiskIndexedDb(options.dataDir),
        });
    database = await openLedgerDatabase(provider);
    const store = await createEventStore(database.collections.commits, clock);
    const pipeline = { store, registry, now: clock, maxConflictRetries: settings.maxConflictRetries };
    logger.info({ location: provider.location, headSeq: store.headSeq(), deviceId: settings.deviceId }, 'ledger opened');

    const openedDatabase = database;
    const openedLock = lock;
    return {
      settings,
      store,
      logger,

      async execute(request, metaInput = {}) {
        const command = parseOrThrow(commandRequestSchema, request);
        const given = parseOrThrow(commandMetaSchema, metaInput);
        const commandId = given.commandId ?? ulid();
        const meta: EventMeta = {
          commandId,
          correlationId: given.correlationId ?? commandId,
          causationId: given.causationId ?? commandId,
          actor: given.actor ?? settings.defaultActor,
          deviceId: settings.deviceId,
          branchId: settings.branchId,
        };
        // The hash identifies the command as sent, before the ledger picks a new account's id.
        const commandHash = hashCommand(command);
        const withIds = command.type === 'OpenAccount' ? { ...command, accountId: command.accountId ?? ulid() } : command;
        const started = performance.now();
        try {
          const outcome = await runCommand(pipeline, accountSlice, withIds, meta, commandHash);
          logger.info({ commandId, type: command.type, streamId: outcome.streamId, version: outcome.version, duplicate: outcome.duplicate, ms: performance.now() - started }, 'command accepted');
          return outcome;
        } catch (error) {
          logger.info({ commandId, type: command.type, error }, 'command refused');
          throw error;
        }
      },

      async getAccount(accountId, range) {
        const { state } = await loadAggregate(store, registry, accountSlice, accountId, range);
        return toAccountView(state);
      },

      readStream: (streamId, range) => store.readStream(streamId, range),

      async close() {
        await store.drain();
        await openedDatabase.close();
        logger.info('ledger closed');
        logger.flush();
        openedLock?.release();
      },
    };
  } catch (error) {
    await database?.close();
    lock?.release();
    throw error;
  }
}
