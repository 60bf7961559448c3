/**
 * `fidelis doctor`: what is damaged in a data dir and what to do. It works on the files, so it answers when the ledger
 * cannot be opened and beside a running workstation (then it reports that workstation's own findings); with the dir
 * free it verifies every stream itself. It changes and deletes nothing.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import { createCommitIndexReader } from '../store/commitIndexReader.js';
import { dataDirHolder, lockDataDir } from '../store/dataDirLock.js';
import { FORMAT_FILE } from '../store/formatVersion.js';
import { diskIndexedDb } from '../store/indexedDb/diskProvider.js';
import { openLedgerDatabase } from '../store/ledgerDatabase.js';
import { backupHistoryStore, type BackupHistory } from './backupHistory.js';
import { keyOfEncryptedStore, type DataKey } from './dataKey.js';
import { fileIntegrityStorage, type IntegrityRecord } from './integrityRecord.js';
import { examineLedger, type UnreadableStream } from './ledgerExamination.js';
import { ledgerFiles, writtenEngine } from './ledgerFiles.js';
import { checkSqliteFiles, WHAT_TO_DO, type FileCheck } from './sqliteFileCheck.js';

export interface DamagedStreamReport {
  readonly streamId: string;
  readonly kind: string;
  readonly version: number;
  readonly seq: number;
  readonly message: string;
}

export interface DoctorReport {
  readonly dataDir: string;
  /** False when the dir holds no ledger at all. */
  readonly ledger: boolean;
  readonly engine: string | null;
  readonly dataFormat: number | null;
  /** The workstation holding the dir, when one does. */
  readonly runningPid: number | null;
  readonly files: readonly FileCheck[];
  readonly chain: {
    /** now: verified by this run; workstation: as the running workstation's background verification last recorded it; not-checked: the files are damaged. */
    readonly checkedBy: 'now' | 'workstation' | 'not-checked';
    readonly headSeq: number | null;
    readonly commits: number | null;
    readonly damaged: readonly DamagedStreamReport[];
    /** Damage no single stream owns (commits that cannot be read, a ledger cut short). */
    readonly ledgerProblem: string | null;
    readonly lastPass: IntegrityRecord['lastPass'];
  };
  readonly unreadable: readonly UnreadableStream[] | null;
  readonly backups: BackupHistory;
  readonly healthy: boolean;
  readonly whatToDo: readonly string[];
}

export async function diagnose(dataDir: string, progress?: (done: number, total: number, label: string) => void): Promise<DoctorReport> {
  const engine = existsSync(dataDir) ? writtenEngine(dataDir) : undefined;
  const backups = backupHistoryStore(existsSync(dataDir) ? dataDir : undefined).read();
  if (!engine) {
    return {
      dataDir, ledger: false, engine: null, dataFormat: null, runningPid: null, files: [],
      chain: { checkedBy: 'not-checked', headSeq: null, commits: null, damaged: [], ledgerProblem: null, lastPass: null },
      unreadable: null, backups, healthy: false,
      whatToDo: [`${dataDir} holds no Fidelis ledger. To bring one back: fidelis restore FILE --data-dir ${dataDir}.`],
    };
  }
  const holder = dataDirHolder(dataDir);
  const key = engine === 'sqlite' ? keyOfEncryptedStore(dataDir) : undefined;
  const files = checkSqliteFiles(ledgerFiles(dataDir, engine), key);
  const record = fileIntegrityStorage(dataDir).load();
  const base = { dataDir, ledger: true, engine, dataFormat: dataFormatOf(dataDir), runningPid: holder?.pid ?? null, files, backups };
  const filesOk = files.every((file) => file.ok);

  let chain: DoctorReport['chain'];
  let unreadable: DoctorReport['unreadable'] = null;
  if (!filesOk) {
    chain = { checkedBy: 'not-checked', headSeq: null, commits: null, damaged: [], ledgerProblem: null, lastPass: record.lastPass };
  } else if (holder) {
    // A workstation has the dir: its background verification's findings, as it recorded them.
    chain = fromRecord(record);
  } else {
    try {
      const examined = await examineWithLock(dataDir, engine, key, progress);
      chain = examined.chain(record);
      unreadable = examined.unreadable;
    } catch (error) {
      if (isDomainError(error)) throw error;
      const problem = `The ledger cannot be opened (${(error as Error).message}).`;
      chain = { checkedBy: 'not-checked', headSeq: null, commits: null, damaged: [], ledgerProblem: problem, lastPass: record.lastPass };
    }
  }
  const problems: string[] = [];
  for (const file of files.filter((f) => !f.ok)) problems.push(`The file ${file.file} is damaged: ${file.problems.join('; ')}.`);
  for (const stream of chain.damaged) problems.push(`Stream ${stream.streamId} is damaged and its commands are refused: ${stream.message}`);
  if (chain.ledgerProblem) problems.push(chain.ledgerProblem);
  for (const stream of unreadable ?? []) {
    problems.push(`Stream ${stream.streamId} holds ${stream.events} event(s) this Fidelis cannot read (${stream.types.join(', ')}): its commands are refused until the Fidelis that reads them is installed.`);
  }
  const damaged = !filesOk || chain.damaged.length > 0 || chain.ledgerProblem !== null;
  return {
    ...base,
    chain,
    unreadable,
    healthy: problems.length === 0,
    whatToDo: damaged ? [...problems, WHAT_TO_DO] : problems,
  };
}

async function examineWithLock(dataDir: string, engine: 'shim' | 'sqlite', key: DataKey | undefined, progress: ((done: number, total: number, label: string) => void) | undefined) {
  let lock;
  try {
    lock = lockDataDir(dataDir);
  } catch (error) {
    // Taken between the look and now: report as if it were held (nothing was opened).
    if (isDomainError(error) && error.code === 'DATA_DIR_LOCKED') return { chain: (record: IntegrityRecord) => fromRecord(record), unreadable: null };
    throw error;
  }
  try {
    const database = await openLedgerDatabase(await diskIndexedDb(dataDir, engine, key));
    try {
      const source = await createCommitIndexReader(database.collections.commits);
      const head = (await source.lastCommit())?.lastSeq ?? 0;
      const examined = await examineLedger(source, createLedgerEventRegistry(), (done) => progress?.(done, head, 'Verifying every stream'));
      return {
        chain: (record: IntegrityRecord): DoctorReport['chain'] => ({
          checkedBy: 'now',
          headSeq: examined.headSeq,
          commits: examined.commits,
          damaged: examined.damaged.map(({ streamId, kind, version, seq, message }) => ({ streamId, kind, version, seq, message })),
          // A ledger shorter than it was verified shows only against the record of what was verified.
          ledgerProblem: examined.headSeq < (record.lastPass?.headSeq ?? 0) ? `The ledger ends at seq ${examined.headSeq}, but it was verified up to seq ${record.lastPass!.headSeq}: commits at its end are missing.` : null,
          lastPass: record.lastPass,
        }),
        unreadable: examined.unreadable,
      };
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

const fromRecord = (record: IntegrityRecord): DoctorReport['chain'] => ({
  checkedBy: 'workstation',
  headSeq: record.lastPass?.headSeq ?? null,
  commits: record.lastPass?.commits ?? null,
  damaged: record.damaged,
  ledgerProblem: record.ledger?.message ?? null,
  lastPass: record.lastPass,
});

function dataFormatOf(dataDir: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(dataDir, FORMAT_FILE), 'utf8')) as { format: number }).format;
  } catch {
    return null;
  }
}
