/**
 * `fidelis backup` and the workstation's own backups: each SQLite file copied with SQLite's online backup (the commits
 * last, pinned at one moment), the ledger in the copy verified, and the whole written as one compressed, checksummed
 * file with its manifest (backupArchive.ts). From a running host the commits are pinned between two appends; from the
 * files alone (the CLI, while a workstation may be running) the copy itself is opened and verified.
 */

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import type { LedgerVerification, VerifyProgress } from '../integrity/ledgerVerify.js';
import { verifyLedger } from '../integrity/ledgerVerify.js';
import type { EventStore } from '../store/eventStore.js';
import { lockDataDir, type DataDirLock } from '../store/dataDirLock.js';
import { DATA_FORMAT, FORMAT_FILE } from '../store/formatVersion.js';
import type { DiskEngine } from '../store/indexedDb/diskProvider.js';
import type { DataKey } from '../store/sqliteCipher.js';
import { writeBackupArchive, type BackupManifest } from './backupArchive.js';
import { encryptionOf, keyOfEncryptedStore } from './dataKey.js';
import { backupOrder, DATA_DIR_EXTRAS, isCommitsFile, ledgerFiles, writtenEngine } from './ledgerFiles.js';
import { verifyLedgerCopy } from './ledgerCopy.js';
import { backupSqliteFile, pinSqliteFile, type PinnedFile } from './sqliteBackup.js';
import { WHAT_TO_DO } from './sqliteFileCheck.js';

export interface BackupResult {
  readonly file: string;
  readonly manifest: BackupManifest;
  /** True when the workstation was running and the copy was taken beside it. */
  readonly online: boolean;
}

interface Identity {
  readonly branchId: string;
  readonly deviceId: string;
}

/** Pages of the verification, on the progress line. */
const VERIFY_LABEL = 'Verifying the backed-up ledger';

/** A backup of the running host's data dir (Operations screen, scheduled backups, the CLI when the dir is free). */
export async function backupFromHost(
  deps: { readonly dataDir: string; readonly engine: DiskEngine; readonly files: () => readonly string[]; readonly store: EventStore; readonly identity: Identity; readonly clock: () => Date },
  out: string,
  progress?: VerifyProgress,
): Promise<BackupResult> {
  // The copy is encrypted with the dir's own key (the manifest says how the dir is keyed).
  const key = deps.engine === 'sqlite' ? keyOfEncryptedStore(deps.dataDir) : undefined;
  return withStaging(out, async (staging) => {
    const files = backupOrder(deps.files());
    const into = (file: string) => join(staging, basename(file));
    for (const file of files.filter((f) => !isCommitsFile(f))) await backupSqliteFile(file, into(file), key);
    // Between two appends: every acknowledged command is in the pinned copy, and none after headSeq is.
    const { pinned, headSeq } = await deps.store.exclusive(async () => ({ pinned: files.filter(isCommitsFile).map((file) => pinSqliteFile(file, into(file), key)), headSeq: deps.store.headSeq() }));
    await copyPinned(pinned);
    // The live store up to the pinned head is what the copy holds; the restore verifies the copy itself against this.
    const ledger = await verifyLedger(deps.store, progressAs(progress), undefined, headSeq);
    return archive({ dataDir: deps.dataDir, engine: deps.engine, staging, files, identity: deps.identity, ledger, now: deps.clock(), out, online: true });
  });
}

/**
 * A backup from the files alone: the dir is locked while copied when no workstation holds it; when one does, the copy
 * is taken online beside it. The ledger in the copy is opened and verified (this process must have opened no other).
 */
export async function backupFromFiles(dataDir: string, out: string, now: () => Date, progress?: VerifyProgress): Promise<BackupResult> {
  const engine = writtenEngine(dataDir);
  if (!engine) throw new DomainError('NOT_FOUND', `${dataDir} holds no Fidelis ledger: nothing to back up.`, 'dataDir');
  let lock: DataDirLock | undefined;
  try {
    lock = lockDataDir(dataDir);
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'DATA_DIR_LOCKED') throw error;
  }
  try {
    const identity = readIdentity(dataDir);
    return await withStaging(out, async (staging) => {
      const files = backupOrder(ledgerFiles(dataDir, engine));
      const key = engine === 'sqlite' ? keyOfEncryptedStore(dataDir) : undefined;
      for (const file of files) await copyOrRefuse(file, staging, key);
      const ledger = await verifyLedgerCopy(staging, engine, key, progressAs(progress));
      return archive({ dataDir, engine, staging, files, identity, ledger, now: now(), out, online: lock === undefined });
    });
  } finally {
    lock?.release();
  }
}

async function copyPinned(pinned: readonly PinnedFile[]): Promise<void> {
  try {
    for (const pin of pinned) await pin.copy();
  } finally {
    for (const pin of pinned) pin.release();
  }
}

/** A file SQLite cannot copy is damaged: said as such, with what to do, not as a library's error. */
async function copyOrRefuse(file: string, staging: string, key: DataKey | undefined): Promise<void> {
  try {
    await backupSqliteFile(file, join(staging, basename(file)), key);
  } catch (error) {
    throw new DomainError('LEDGER_DAMAGED', `${basename(file)} cannot be copied (${(error as Error).message}): the ledger file is damaged. ${WHAT_TO_DO}`, 'dataDir');
  }
}

async function withStaging<T>(out: string, work: (staging: string) => Promise<T>): Promise<T> {
  const target = resolve(out);
  if (existsSync(target)) throw new DomainError('VALIDATION', `${out} exists already: a backup never overwrites a file. Name a new one.`, 'out');
  mkdirSync(dirname(target), { recursive: true });
  // Beside the target: the finished archive is renamed into place on the same file system.
  const staging = mkdtempSync(join(dirname(target), '.fidelis-backup-'));
  try {
    return await work(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

interface ArchiveInput {
  readonly dataDir: string;
  readonly engine: DiskEngine;
  readonly staging: string;
  readonly files: readonly string[];
  readonly identity: Identity;
  readonly ledger: LedgerVerification;
  readonly now: Date;
  readonly out: string;
  readonly online: boolean;
}

async function archive(input: ArchiveInput): Promise<BackupResult> {
  const names = input.files.map((file) => basename(file));
  for (const extra of DATA_DIR_EXTRAS) {
    if (!existsSync(join(input.dataDir, extra))) continue;
    copyFileSync(join(input.dataDir, extra), join(input.staging, extra));
    names.push(extra);
  }
  const { ledger } = input;
  const encryption = encryptionOf(input.dataDir);
  const manifest = await writeBackupArchive(
    resolve(input.out),
    {
      kind: 'fidelis-backup',
      version: 1,
      createdAt: input.now.toISOString(),
      dataFormat: dataFormatOf(input.dataDir),
      engine: input.engine,
      branchId: input.identity.branchId,
      deviceId: input.identity.deviceId,
      ledger: { headSeq: ledger.headSeq, commits: ledger.commits, events: ledger.events, streams: ledger.streams, ledgerHeadHash: ledger.ledgerHeadHash, intact: ledger.ok },
      ...(encryption ? { encryption } : {}),
    },
    input.staging,
    names,
  );
  return { file: resolve(input.out), manifest, online: input.online };
}

function dataFormatOf(dataDir: string): number {
  try {
    return (JSON.parse(readFileSync(join(dataDir, FORMAT_FILE), 'utf8')) as { format: number }).format;
  } catch {
    return DATA_FORMAT;
  }
}

function readIdentity(dataDir: string): Identity {
  try {
    const settings = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Partial<Identity>;
    return { branchId: settings.branchId ?? '', deviceId: settings.deviceId ?? '' };
  } catch {
    return { branchId: '', deviceId: '' };
  }
}

const progressAs = (progress: VerifyProgress | undefined): VerifyProgress | undefined => progress && ((done, total) => progress(done, total, VERIFY_LABEL));
