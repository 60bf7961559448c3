/** The last backup made of this data dir (and the last that failed), kept in backups.json for the Operations screen and doctor. */

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BackupRecord {
  readonly file: string;
  readonly at: string;
  readonly headSeq: number;
  readonly ledgerHeadHash: string;
  readonly intact: boolean;
  /** Who made it: the schedule, a person from the Operations screen, or the CLI. */
  readonly by: string;
}

export interface BackupHistory {
  readonly last: BackupRecord | null;
  readonly lastFailure: { readonly at: string; readonly message: string } | null;
}

const FILE = 'backups.json';
const NONE: BackupHistory = { last: null, lastFailure: null };

export interface BackupHistoryStore {
  read(): BackupHistory;
  succeeded(record: BackupRecord): void;
  failed(at: string, message: string): void;
}

export function backupHistoryStore(dataDir: string | undefined): BackupHistoryStore {
  let kept = NONE;
  const path = dataDir === undefined ? undefined : join(dataDir, FILE);
  const read = (): BackupHistory => {
    if (!path || !existsSync(path)) return kept;
    try {
      return { ...NONE, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<BackupHistory>) };
    } catch {
      return NONE;
    }
  };
  const write = (history: BackupHistory) => {
    kept = history;
    if (!path) return;
    writeFileSync(`${path}.tmp`, `${JSON.stringify(history, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  };
  return {
    read,
    succeeded: (record) => write({ ...read(), last: record }),
    failed: (at, message) => write({ ...read(), lastFailure: { at, message } }),
  };
}
