/**
 * Which files of a data dir make up the ledger, and in which order a backup copies them: taken from the IndexedDB
 * engine that wrote the dir (never a glob of the folder), the commits last, so every other file is older than them.
 */

import { basename } from 'node:path';
import { diskFiles, type DiskEngine } from '../store/indexedDb/diskProvider.js';
import { SQLITE_FILE_NAME } from '../store/sqliteIndexedDb/engine.js';
import { FORMAT_FILE } from '../store/formatVersion.js';

/** Files beside the SQLite ones that a restored workstation needs: its identity and settings, and the data format. */
export const DATA_DIR_EXTRAS = ['settings.json', FORMAT_FILE] as const;

export { writtenEngine } from '../store/indexedDb/diskFiles.js';

export const ledgerFiles = (dataDir: string, engine: DiskEngine): string[] => diskFiles(dataDir, engine);

/** The file (or files) holding the commit documents: what a backup pins at one moment. */
export const isCommitsFile = (file: string): boolean => /--commits\.sqlite$/.test(basename(file)) || basename(file) === SQLITE_FILE_NAME;

/**
 * Processing writes read models before it moves its checkpoint past them, and both only after the events exist: so a
 * copy taken checkpoints → dead letters → read models → the rest → commits never holds a checkpoint ahead of its read
 * models, nor anything ahead of the commits (what is behind is delivered again, and read models skip what they hold).
 */
const RANK: readonly [RegExp, number][] = [
  [/^__sysdb__\.sqlite$|--_rxdb_internal\.sqlite$/, 0],
  [/--checkpoints\.sqlite$/, 1],
  [/--deadletters\.sqlite$/, 2],
  [/--readmodels\.sqlite$/, 3],
];
const OTHERS = 4;
const LAST = 9;

export function backupOrder(files: readonly string[]): string[] {
  const rank = (file: string) => (isCommitsFile(file) ? LAST : (RANK.find(([pattern]) => pattern.test(basename(file)))?.[1] ?? OTHERS));
  return [...files].sort((a, b) => rank(a) - rank(b) || basename(a).localeCompare(basename(b)));
}
