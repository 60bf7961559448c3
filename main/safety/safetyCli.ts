/**
 * `fidelis doctor`, `fidelis backup` and `fidelis restore`: commands on the data dir's files (no sign-in; see
 * FilesContext), for the moments the ledger cannot be opened, or a workstation holds it.
 */

import type { FilesCommand } from '../cli/cliCommand.js';
import { UsageError } from '../cli/cliCommand.js';
import { backupFromFiles, type BackupResult } from './backup.js';
import { backupHistoryStore } from './backupHistory.js';
import { diagnose, type DoctorReport } from './doctor.js';
import { restoreBackup, type RestoreResult } from './restore.js';

const EXIT_DAMAGED = 2;

function doctorText(report: DoctorReport): string {
  if (!report.ledger) return report.whatToDo.join('\n');
  const { chain } = report;
  const lines = [
    `Data dir ${report.dataDir}: data format ${report.dataFormat ?? 'unknown'}, ${report.engine === 'sqlite' ? 'SQLite engine' : 'indexeddbshim'}, ${report.runningPid ? `in use by a workstation (pid ${report.runningPid})` : 'not in use'}.`,
    `Files: ${report.files.filter((f) => f.ok).length} of ${report.files.length} pass SQLite's check.`,
    chain.checkedBy === 'now'
      ? `Hash chain: ${chain.commits} commit(s) up to seq ${chain.headSeq} verified now; ${chain.damaged.length} stream(s) damaged.`
      : chain.checkedBy === 'workstation'
        ? `Hash chain, as the running workstation last verified it${chain.lastPass ? ` (whole pass finished ${chain.lastPass.finishedAt}, up to seq ${chain.lastPass.headSeq})` : ' (no whole pass finished yet)'}: ${chain.damaged.length} stream(s) damaged.`
        : 'Hash chain: not checked (the files are damaged, or the ledger cannot be opened).',
    report.backups.last
      ? `Last backup: ${report.backups.last.file} at ${report.backups.last.at} (seq ${report.backups.last.headSeq}${report.backups.last.intact ? '' : ', of a damaged ledger'}).`
      : 'Last backup: none recorded in this data dir.',
    ...(report.backups.lastFailure ? [`Last failed backup: ${report.backups.lastFailure.at}: ${report.backups.lastFailure.message}`] : []),
  ];
  if (report.healthy) return [...lines, 'Healthy: nothing to do.'].join('\n');
  return [...lines, '', ...report.whatToDo].join('\n');
}

const backupText = (result: BackupResult): string => {
  const { ledger } = result.manifest;
  return [
    `Backup written: ${result.file}${result.online ? ' (taken beside the running workstation)' : ''}.`,
    `Ledger: ${ledger.commits} commit(s), ${ledger.events} event(s) in ${ledger.streams} stream(s) up to seq ${ledger.headSeq}; head hash ${ledger.ledgerHeadHash}.`,
    ...(ledger.intact ? [] : ['WARNING: the ledger in this backup is damaged (its hash chain breaks): keep your older backups; run fidelis doctor.']),
  ].join('\n');
};

const restoreText = (result: RestoreResult): string =>
  [
    `Restored into ${result.dataDir}: ${result.verification.commits} commit(s) up to seq ${result.verification.headSeq}, verified against the backup's manifest.`,
    `Ledger head hash: ${result.verification.ledgerHeadHash} (backup of ${result.manifest.createdAt}, branch ${result.manifest.branchId}).`,
    `Open it with --data-dir ${result.dataDir}.`,
  ].join('\n');

export const safetyCommands: FilesCommand[] = [
  {
    words: ['doctor'],
    args: [],
    options: {},
    access: 'files',
    summary:
      'Say what is damaged in the data dir and what to do: SQLite\'s check of each file, every stream\'s hash chain (or, while a workstation runs, its own findings), events this release cannot read, the last backup. Changes nothing; exit 2 when anything is damaged.',
    runOnFiles: ({ dataDir, progress }) => diagnose(dataDir, progress),
    text: doctorText,
    exitCode: (report: DoctorReport) => (report.healthy ? 0 : EXIT_DAMAGED),
  },
  {
    words: ['backup'],
    args: [],
    options: { out: { type: 'string', value: 'FILE', help: 'The backup file to write (never overwritten).' } },
    required: ['out'],
    access: 'files',
    summary:
      "Write a consistent, compressed, checksummed copy of the data dir (SQLite's online backup, also while a workstation runs) with a manifest: ledger head hash, counts, format. Works on the files: no sign-in.",
    async runOnFiles({ dataDir, options, progress }) {
      const result = await backupFromFiles(dataDir, String(options['out']), () => new Date(), progress);
      if (!result.online) {
        const { ledger, createdAt } = result.manifest;
        backupHistoryStore(dataDir).succeeded({ file: result.file, at: createdAt, headSeq: ledger.headSeq, ledgerHeadHash: ledger.ledgerHeadHash, intact: ledger.intact, by: 'cli' });
      }
      return result;
    },
    text: backupText,
    exitCode: (result: BackupResult) => (result.manifest.ledger.intact ? 0 : EXIT_DAMAGED),
  },
  {
    words: ['restore'],
    args: ['FILE'],
    options: {},
    access: 'files',
    summary: "Restore a backup into a new, empty data dir (--data-dir), checking every checksum and the ledger's hash chain against the manifest before it is used.",
    runOnFiles: ({ dataDir, args, progress }) => {
      const [file] = args;
      if (!file) throw new UsageError('Name the backup file: fidelis restore FILE --data-dir EMPTY_DIR.');
      return restoreBackup(file, dataDir, progress);
    },
    text: restoreText,
  },
];
