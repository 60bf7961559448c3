/** The SQLite files each on-disk IndexedDB engine keeps in a data dir, named without loading the engine. */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../sqliteIndexedDb/engine.js';

/** indexeddbshim's catalog file: present in every data dir it has written. */
export const SHIM_CATALOG = '__sysdb__.sqlite';

/** The shim's catalog and one file per database (named `D_<database>.sqlite`, the shim's default). */
export function shimFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name === SHIM_CATALOG || (name.startsWith('D_') && name.endsWith('.sqlite')))
    .map((name) => join(directory, name));
}

/** The engine whose files are in the dir; undefined when the dir holds no ledger. */
export function writtenEngine(directory: string): 'shim' | 'sqlite' | undefined {
  if (existsSync(join(directory, SQLITE_FILE_NAME))) return 'sqlite';
  if (existsSync(join(directory, SHIM_CATALOG))) return 'shim';
  return undefined;
}

/** Every SQLite file of the dir's ledger, whichever engine wrote it, with the WAL and journal files beside them. */
export function ledgerFilesWithCompanions(directory: string): string[] {
  // Both engines' names: a dir the engine migration left half done still has all its files copied.
  const files = [...sqliteEngineFiles(directory), ...shimFiles(directory)];
  return files.flatMap((file) => [file, ...['-wal', '-shm', '-journal'].map((suffix) => `${file}${suffix}`).filter((companion) => existsSync(companion))]);
}

/** The SQLite engine's one file. */
export function sqliteEngineFiles(directory: string): string[] {
  const path = join(directory, SQLITE_FILE_NAME);
  return existsSync(path) ? [path] : [];
}
