/**
 * `fidelis restore FILE --data-dir EMPTY`: unpacks a backup beside the target, checks every checksum, opens the ledger
 * it holds and verifies its chain against the manifest (head hash, counts), and only then moves the files into the
 * empty data dir. A backup that fails any check is refused and leaves the target as it was.
 */

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';
import type { LedgerVerification, VerifyProgress } from '../integrity/ledgerVerify.js';
import { DATA_FORMAT } from '../store/formatVersion.js';
import { readBackupArchive, readBackupManifest, type BackupManifest } from './backupArchive.js';
import { keyForRestore, writeKeyRecord } from './dataKey.js';
import { verifyLedgerCopy } from './ledgerCopy.js';

export interface RestoreResult {
  readonly dataDir: string;
  readonly manifest: BackupManifest;
  readonly verification: LedgerVerification;
}

const STAGING = '.restoring';

export async function restoreBackup(file: string, dataDir: string, progress?: VerifyProgress): Promise<RestoreResult> {
  const target = resolve(dataDir);
  if (!existsSync(file)) throw new DomainError('NOT_FOUND', `No backup file ${file}.`, 'file');
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new DomainError('RESTORE_TARGET_NOT_EMPTY', `${dataDir} is not empty: a backup is restored only into a new, empty data dir, so nothing in use is overwritten.`, 'dataDir');
  }
  // The manifest first: a file that is no backup, or from a newer Fidelis, is refused before anything is written.
  const announced = await readBackupManifest(file);
  if (announced.dataFormat > DATA_FORMAT) {
    throw new DomainError('DATA_FORMAT_UNSUPPORTED', `${file} was made by a newer Fidelis (data format ${announced.dataFormat}; this one reads up to ${DATA_FORMAT}). Restore it with that version.`, 'file');
  }
  // An encrypted backup needs its key before anything is written (DATA_KEY_MISSING / DATA_KEY_WRONG otherwise).
  const keyed = announced.encryption ? keyForRestore(target, announced.encryption) : undefined;
  const created = !existsSync(target);
  const staging = join(target, STAGING);
  mkdirSync(staging, { recursive: true });
  let restored = false;
  try {
    const manifest = await readBackupArchive(file, staging);
    const verification = await verifyLedgerCopy(staging, manifest.engine, keyed?.key, progress && ((done, total) => progress(done, total, 'Verifying the restored ledger')));
    const mismatch = differences(manifest, verification);
    if (mismatch) throw new DomainError('BACKUP_INVALID', `${file} is not a usable Fidelis backup: the ledger in it ${mismatch}. Nothing was restored.`, 'file');
    for (const entry of manifest.files) renameSync(join(staging, entry.name), join(target, entry.name));
    // Where this machine keeps the key, as found: the restored dir opens with it from now on.
    if (keyed) writeKeyRecord(target, keyed.record);
    restored = true;
    return { dataDir: target, manifest, verification };
  } finally {
    rmSync(restored || !created ? staging : target, { recursive: true, force: true });
  }
}

/** What the ledger in the copy says against what the manifest promised; undefined when they agree. */
function differences(manifest: BackupManifest, found: LedgerVerification): string | undefined {
  if (!found.ok) return `breaks its hash chain (${found.firstBreak?.message ?? 'broken'})`;
  if (!manifest.ledger.intact) return 'was recorded as damaged when the backup was made';
  const expected = manifest.ledger;
  const pairs: [string, unknown, unknown][] = [
    ['ledger head hash', expected.ledgerHeadHash, found.ledgerHeadHash],
    ['head seq', expected.headSeq, found.headSeq],
    ['commits', expected.commits, found.commits],
    ['events', expected.events, found.events],
    ['streams', expected.streams, found.streams],
  ];
  const wrong = pairs.find(([, a, b]) => a !== b);
  return wrong ? `does not match its manifest (${wrong[0]}: ${String(wrong[2])}, the manifest says ${String(wrong[1])})` : undefined;
}
