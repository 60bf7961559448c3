/**
 * The data dir's format version (format.json): a dir written by an older Fidelis is backed up (a copy of its
 * SQLite files) and migrated at start-up with progress shown; a dir written by a newer Fidelis is refused, since
 * this build cannot know what that one changed.
 */

import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';
import type { Logger } from '../log.js';
import type { EventStore } from './eventStore.js';
import { ledgerFilesWithCompanions, shimFiles, sqliteEngineFiles } from './indexedDb/diskFiles.js';

/**
 * Format 1: commits only, no format.json (the first release). Format 2: snapshots beside the commits, format.json.
 * Format 3: every commit carries its chain hash (tamper evidence, `fidelis verify`).
 */
export const DATA_FORMAT = 3;

export const FORMAT_FILE = 'format.json';

export interface FormatFile {
  readonly format: number;
  readonly writtenAt: string;
  /** Migrations applied to this dir, oldest first, with the backup each started from. */
  readonly migrations: readonly { from: number; to: number; at: string; backup: string }[];
}

export type Progress = (done: number, total: number, label: string) => void;

export interface MigrationContext {
  readonly store: EventStore;
  readonly progress: Progress;
  readonly logger: Logger;
}

export interface DataDirMigration {
  readonly from: number;
  readonly to: number;
  readonly describe: string;
  run(context: MigrationContext): Promise<void>;
}

/** Pages through every commit once: the old store is proven readable before it is stamped with the new format. */
const verifyEveryEvent = async ({ store, progress }: MigrationContext): Promise<void> => {
  const total = store.headSeq();
  let done = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll(after, 1000);
    if (page.length === 0) break;
    after = page[page.length - 1]!.seq;
    done = after;
    progress(done, total, 'Checking the ledger for format 2');
  }
  if (done < total) progress(total, total, 'Checking the ledger for format 2');
};

export const DATA_DIR_MIGRATIONS: readonly DataDirMigration[] = [
  {
    from: 1,
    to: 2,
    // Stored events are never rewritten; the snapshots collection is created empty when the database opens.
    describe: 'adds snapshots and format.json; every stored event is read once to prove the old store is sound',
    run: verifyEveryEvent,
  },
  {
    from: 2,
    to: 3,
    // RxDB's schema migration (commit schema v1) copied the commits as they were; the chain needs stream order.
    describe: 'computes the chain hash of every commit, stream by stream in version order (stored events are not changed)',
    async run({ store, progress, logger }) {
      const hashed = await store.fillChainHashes((done, total) => progress(done, total, 'Computing the ledger hash chain'));
      logger.info({ hashed }, 'data dir migration: chain hashes computed');
    },
  },
];

export interface FormatPlan {
  readonly dataDir: string;
  /** The format found: 0 for a new, empty data dir. */
  readonly found: number;
  readonly migrations: readonly DataDirMigration[];
  readonly file: FormatFile | undefined;
}

/** Reads the dir's format and decides what start-up must do; refuses a newer format before anything is opened. */
export function planDataDirFormat(dataDir: string, migrations: readonly DataDirMigration[] = DATA_DIR_MIGRATIONS, current = DATA_FORMAT): FormatPlan {
  const path = join(dataDir, FORMAT_FILE);
  let file: FormatFile | undefined;
  if (existsSync(path)) {
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as FormatFile;
    } catch {
      throw new DomainError('DATA_FORMAT_UNSUPPORTED', `${path} is not readable JSON: restore it from a backup, or remove it only if this data dir is from the first Fidelis release.`, 'dataDir');
    }
    if (!Number.isInteger(file.format) || file.format < 1) {
      throw new DomainError('DATA_FORMAT_UNSUPPORTED', `${path} names no valid format (found ${JSON.stringify(file.format)}).`, 'dataDir');
    }
  }
  const found = file?.format ?? (shimFiles(dataDir).length + sqliteEngineFiles(dataDir).length > 0 ? 1 : 0);
  if (found > current) {
    throw new DomainError(
      'DATA_FORMAT_UNSUPPORTED',
      `The data dir ${dataDir} was written by a newer Fidelis (data format ${found}; this build reads up to ${current}). Update Fidelis to open it; nothing was changed.`,
      'dataDir',
    );
  }
  if (found === 0 || found === current) return { dataDir, found, migrations: [], file };
  const steps: DataDirMigration[] = [];
  for (let format = found; format < current; format++) {
    const step = migrations.find((m) => m.from === format && m.to === format + 1);
    if (!step) throw new Error(`No data-dir migration from format ${format} to ${format + 1}: this build cannot open format ${found}.`);
    steps.push(step);
  }
  return { dataDir, found, migrations: steps, file };
}

/** Copies the SQLite files (with their WAL) aside before anything is migrated; the database must not be open. */
export function backupDataDir(plan: FormatPlan, now: Date): string {
  const backup = join(plan.dataDir, 'backups', `format-${plan.found}-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(backup, { recursive: true });
  for (const file of ledgerFilesWithCompanions(plan.dataDir)) copyFileSync(file, join(backup, basename(file)));
  if (plan.file) copyFileSync(join(plan.dataDir, FORMAT_FILE), join(backup, FORMAT_FILE));
  return backup;
}

/** Runs the planned migrations on the opened store, then records the current format (atomically, by rename). */
export async function migrateDataDir(plan: FormatPlan, context: MigrationContext & { backup: string | undefined; now: () => Date }, current = DATA_FORMAT): Promise<void> {
  const applied = [...(plan.file?.migrations ?? [])];
  for (const migration of plan.migrations) {
    context.logger.info({ from: migration.from, to: migration.to, backup: context.backup }, `data dir migration: ${migration.describe}`);
    await migration.run(context);
    applied.push({ from: migration.from, to: migration.to, at: context.now().toISOString(), backup: context.backup ?? '' });
  }
  if (plan.found === current && plan.file) return;
  writeFormatFile(plan.dataDir, { format: current, writtenAt: context.now().toISOString(), migrations: applied });
}

export function writeFormatFile(dataDir: string, file: FormatFile): void {
  const path = join(dataDir, FORMAT_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
