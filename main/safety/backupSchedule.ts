/**
 * Backups to the configured folder: made on schedule (settings.backupEveryHours after the last one, and at start when
 * one is overdue) or when staff start one, named by branch, device and time; once a new intact one is written, only
 * the newest settings.backupKeep of this workstation's are kept.
 */

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';
import type { Logger } from '../log.js';
import type { Settings } from '../settings.js';
import type { BackupResult } from './backup.js';
import type { BackupHistoryStore } from './backupHistory.js';

export const BACKUP_EXTENSION = '.fidelis-backup';
/** A start leaves the workstation this long before an overdue backup begins. */
const OVERDUE_DELAY_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface ScheduledBackups {
  /** Makes a backup into the folder now (staff from the Operations screen, or the schedule); prunes old ones. */
  backupNow(by: string): Promise<BackupResult>;
  readonly running: boolean;
  /** When the next scheduled one is due; null without a folder. */
  nextAt(): string | null;
  /** Stops the schedule and waits for a backup under way. */
  stop(): Promise<void>;
}

export interface ScheduleDeps {
  readonly settings: Pick<Settings, 'backupFolder' | 'backupEveryHours' | 'backupKeep' | 'branchId' | 'deviceId'>;
  readonly history: BackupHistoryStore;
  readonly backup: (out: string) => Promise<BackupResult>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

const prefixOf = (settings: ScheduleDeps['settings']) => `fidelis-${settings.branchId}-${settings.deviceId.slice(0, 8)}-`;

export function backupFileName(settings: ScheduleDeps['settings'], at: Date): string {
  return `${prefixOf(settings)}${at.toISOString().replace(/[-:.]/g, '')}${BACKUP_EXTENSION}`;
}

/** Removes this workstation's oldest backups past `keep` (by the time in their names); other files are never touched. */
export function pruneBackups(folder: string, settings: ScheduleDeps['settings'], keep: number): string[] {
  const prefix = prefixOf(settings);
  const ours = readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith(BACKUP_EXTENSION))
    .sort()
    .reverse();
  const removed = ours.slice(keep);
  for (const name of removed) rmSync(join(folder, name), { force: true });
  return removed;
}

export function createScheduledBackups(deps: ScheduleDeps): ScheduledBackups {
  const { settings, history, clock, logger } = deps;
  let running: Promise<BackupResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let due: Date | null = null;
  let stopped = false;

  async function make(by: string): Promise<BackupResult> {
    const folder = settings.backupFolder;
    if (!folder) throw new DomainError('VALIDATION', 'No backup folder is set: set backupFolder in the settings, or run fidelis backup --out FILE.', 'backupFolder');
    const at = clock();
    try {
      const result = await deps.backup(join(folder, backupFileName(settings, at)));
      const { ledger } = result.manifest;
      history.succeeded({ file: result.file, at: result.manifest.createdAt, headSeq: ledger.headSeq, ledgerHeadHash: ledger.ledgerHeadHash, intact: ledger.intact, by });
      // A damaged ledger's backup is kept, but never makes room by removing older, sound ones.
      if (ledger.intact) {
        const removed = pruneBackups(folder, settings, settings.backupKeep);
        if (removed.length > 0) logger.info({ removed }, 'old backups removed');
      }
      logger.info({ file: result.file, headSeq: ledger.headSeq, by }, 'backup written');
      return result;
    } catch (error) {
      history.failed(at.toISOString(), (error as Error).message);
      logger.error({ err: error, by }, 'backup failed');
      throw error;
    }
  }

  function backupNow(by: string): Promise<BackupResult> {
    // One at a time: a second request while one runs gets that one's result.
    running ??= make(by).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped || !settings.backupFolder) return;
    timer = undefined;
    const last = history.read().last;
    const next = last ? new Date(Date.parse(last.at) + settings.backupEveryHours * HOUR_MS) : clock();
    const wait = Math.max(next.getTime() - clock().getTime(), OVERDUE_DELAY_MS);
    due = new Date(clock().getTime() + wait);
    timer = setTimeout(() => {
      void backupNow('schedule')
        .catch(() => undefined)
        .finally(schedule);
    }, wait);
    timer.unref();
  }

  schedule();
  return {
    backupNow,
    get running() {
      return running !== undefined;
    },
    nextAt: () => (settings.backupFolder && due ? due.toISOString() : null),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
