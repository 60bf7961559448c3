/**
 * The one place that chooses the on-disk IndexedDB of a data dir: the SQLite engine (the default since issue 16) or
 * indexeddbshim (FIDELIS_IDB=shim, kept for comparison). A dir written by one is refused by the other rather than
 * opened as an empty ledger beside its data; main/store/engineMigration.ts moves a shim-written dir over at open.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@fidelis/shared/errors.js';
import type { DataKey } from '../sqliteCipher.js';
import { SQLITE_FILE_NAME } from '../sqliteIndexedDb/engine.js';
import { SHIM_CATALOG, shimFiles, sqliteEngineFiles } from './diskFiles.js';
import type { IndexedDbProvider } from './indexedDbProvider.js';

export type DiskEngine = 'shim' | 'sqlite';

export function diskEngine(env: NodeJS.ProcessEnv = process.env): DiskEngine {
  const chosen = env.FIDELIS_IDB ?? 'sqlite';
  if (chosen !== 'shim' && chosen !== 'sqlite') throw new Error(`FIDELIS_IDB must be "shim" or "sqlite", not "${chosen}".`);
  return chosen;
}

/** Loads only the chosen engine (indexeddbshim alone takes 0.1–0.25 s to import); `key` encrypts the SQLite engine's file. */
export async function diskIndexedDb(dataDir: string, engine: DiskEngine = diskEngine(), key?: DataKey): Promise<IndexedDbProvider> {
  const [own, other, otherName] = engine === 'sqlite' ? [SQLITE_FILE_NAME, SHIM_CATALOG, 'indexeddbshim'] : [SHIM_CATALOG, SQLITE_FILE_NAME, 'the SQLite IndexedDB engine'];
  if (existsSync(join(dataDir, other)) && !existsSync(join(dataDir, own))) {
    throw new DomainError(
      'DATA_FORMAT_UNSUPPORTED',
      `The data dir ${dataDir} was written by ${otherName}; this Fidelis is set to ${engine === 'sqlite' ? 'the SQLite engine' : 'indexeddbshim'} (FIDELIS_IDB). Open it with the setting it was written with; nothing was changed.`,
      'dataDir',
    );
  }
  return engine === 'sqlite' ? (await import('./onSqlite.js')).sqliteIndexedDb(dataDir, key) : (await import('./onDisk.js')).onDiskIndexedDb(dataDir);
}

/** The SQLite files the engine keeps in `dataDir` (what a provider's `files()` answers), without opening anything. */
export const diskFiles = (dataDir: string, engine: DiskEngine = diskEngine()): string[] => (engine === 'sqlite' ? sqliteEngineFiles(dataDir) : shimFiles(dataDir));
