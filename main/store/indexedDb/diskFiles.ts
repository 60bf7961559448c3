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

/** The SQLite engine's one file. */
export function sqliteEngineFiles(directory: string): string[] {
  const path = join(directory, SQLITE_FILE_NAME);
  return existsSync(path) ? [path] : [];
}
