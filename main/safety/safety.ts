/**
 * Data safety of a running workstation, composed for the host: the SQLite files' check at open, the background
 * verification of the hash chain (and the guard refusing damaged streams), and backups — made now or on schedule.
 */

import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { basename } from 'node:path';
import type { RxCollection } from 'rxdb';
import type { Logger } from '../log.js';
import type { Settings } from '../settings.js';
import type { CommitDocument } from '../store/commitSchema.js';
import { createCommitIndexReader } from '../store/commitIndexReader.js';
import type { EventStore } from '../store/eventStore.js';
import type { DiskEngine } from '../store/indexedDb/diskProvider.js';
import { backupFromHost, type BackupResult } from './backup.js';
import { backupHistoryStore, type BackupHistory } from './backupHistory.js';
import { createScheduledBackups } from './backupSchedule.js';
import { keyOfEncryptedStore } from './dataKey.js';
import { createIntegrityMonitor, type IntegrityMonitor, type IntegrityStatus } from './integrityMonitor.js';
import { fileIntegrityStorage, memoryIntegrityStorage } from './integrityRecord.js';
import { ledgerFiles, writtenEngine } from './ledgerFiles.js';
import { checkSqliteFilesEdges, checkSqliteFilesInBackground, refuseDamagedFiles, SHORT_WHAT_TO_DO, WHAT_TO_DO, type BackgroundFileCheck, type FileCheck } from './sqliteFileCheck.js';

export interface SafetyStatus {
  /**
   * The SQLite files as checked: at open (header, schema, both ends of each table and index), then replaced by the
   * whole-file check run in the background once it has finished (empty for an in-memory ledger).
   */
  readonly files: readonly FileCheck[];
  readonly integrity: IntegrityStatus;
  readonly backups: BackupHistory & {
    readonly folder: string | null;
    readonly everyHours: number;
    readonly keep: number;
    readonly running: boolean;
    readonly nextAt: string | null;
  };
  /** What to do while anything is damaged; null when all is well. */
  readonly whatToDo: string | null;
}

export interface Safety {
  readonly integrity: IntegrityMonitor;
  status(): SafetyStatus;
  /** A backup into the configured folder now, pruning old ones (the Operations screen; `by` is who asked). */
  backupNow(by: string): Promise<BackupResult>;
  /** Starts the background verification and the backup schedule (once the host is up). */
  start(): void;
  /** Resolves when the background checks started so far (hash chain, whole files) have finished (tests, benchmarks). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface SafetyDeps {
  /** The data dir and its engine; undefined for an in-memory ledger (nothing to back up). */
  readonly disk: { readonly dataDir: string; readonly engine: DiskEngine; readonly files: () => readonly string[] } | undefined;
  /** The checks at open (checkLedgerFilesAtOpen). */
  readonly fileChecks: readonly FileCheck[];
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly settings: Settings;
  readonly clock: () => Date;
  readonly logger: Logger;
}

const HOUR_MS = 3_600_000;

export async function createSafety(deps: SafetyDeps): Promise<Safety> {
  const { disk, store, settings, clock, logger } = deps;
  const integrity = createIntegrityMonitor({
    source: await createCommitIndexReader(deps.commits),
    headSeq: store.headSeq,
    storage: disk ? fileIntegrityStorage(disk.dataDir) : memoryIntegrityStorage(),
    clock,
    logger,
    passEveryMs: settings.integrityPassEveryHours * HOUR_MS,
  });
  const history = backupHistoryStore(disk?.dataDir);
  let schedule: ReturnType<typeof createScheduledBackups> | undefined;
  let fileChecks = deps.fileChecks;
  let wholeFiles: BackgroundFileCheck | undefined;
  let closing = false;

  /** The whole files checked off the main thread; a damaged page found there refuses every command, as at open. */
  const checkWholeFiles = (dataDir: string, engine: DiskEngine) => {
    wholeFiles = checkSqliteFilesInBackground(ledgerFiles(dataDir, engine), engine === 'sqlite' ? keyOfEncryptedStore(dataDir) : undefined);
    wholeFiles.done.then(
      (checks) => {
        if (closing) return;
        fileChecks = checks;
        const damaged = checks.find((check) => !check.ok);
        if (damaged) integrity.refuseLedger(`The ledger file ${basename(damaged.file)} is damaged (${damaged.problems[0]}). ${WHAT_TO_DO}`);
        else logger.info({ files: checks.length }, 'ledger files checked whole');
      },
      (error: unknown) => {
        if (!closing) logger.error({ err: error }, 'the ledger files could not be checked whole');
      },
    );
  };

  const backup = (out: string): Promise<BackupResult> => {
    if (!disk) return Promise.reject(new DomainError('VALIDATION', 'This ledger is in memory: it has no files to back up.', 'backupFolder'));
    return backupFromHost({ ...disk, store, identity: settings, clock }, out);
  };

  return {
    integrity,
    status() {
      const checked = integrity.status();
      const damaged = fileChecks.some((check) => !check.ok) || checked.damaged.length > 0 || checked.ledger !== null;
      return {
        files: fileChecks,
        integrity: checked,
        backups: {
          ...history.read(),
          folder: settings.backupFolder ?? null,
          everyHours: settings.backupEveryHours,
          keep: settings.backupKeep,
          running: schedule?.running ?? false,
          nextAt: schedule?.nextAt() ?? null,
        },
        whatToDo: damaged ? WHAT_TO_DO : null,
      };
    },
    backupNow(by) {
      if (!schedule) throw new DomainError('VALIDATION', 'Backups start once the ledger is open.', 'backupFolder');
      return schedule.backupNow(by);
    },
    start() {
      integrity.start();
      if (disk) checkWholeFiles(disk.dataDir, disk.engine);
      schedule = createScheduledBackups({ settings, history, backup, clock, logger });
    },
    async idle() {
      await Promise.all([integrity.idle(), wholeFiles?.done.then(() => undefined, () => undefined)]);
    },
    async close() {
      closing = true;
      await wholeFiles?.stop();
      await schedule?.stop();
      await integrity.close();
    },
  };
}

/**
 * The check at open, bounded whatever the ledger's size: every SQLite file the dir holds (of the engine that wrote them)
 * opens, and its schema and the ends of its tables and indexes read, or the ledger is refused with LEDGER_DAMAGED naming
 * the file, before anything opens it. The rest of each file is checked in the background once the host runs (start).
 */
export function checkLedgerFilesAtOpen(dataDir: string): FileCheck[] {
  const engine = writtenEngine(dataDir);
  // An encrypted dir's key is found (or refused: DATA_KEY_MISSING, DATA_KEY_WRONG) before its files are read.
  const checks = engine ? checkSqliteFilesEdges(ledgerFiles(dataDir, engine), engine === 'sqlite' ? keyOfEncryptedStore(dataDir) : undefined) : [];
  refuseDamagedFiles(checks);
  return checks;
}

/** Opening a ledger whose files passed the check can still meet damage inside a record: said as such, not as a trace. */
export async function openingLedger<T>(onDisk: boolean, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!onDisk || isDomainError(error)) throw error;
    throw new DomainError('LEDGER_DAMAGED', `The ledger could not be opened (${(error as Error).message}); nothing was changed. ${SHORT_WHAT_TO_DO}`, 'dataDir');
  }
}
