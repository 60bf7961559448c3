/**
 * What the background verification knows, kept in the data dir (integrity.json) so it outlives the process: how far
 * the pass under way has come, the last whole pass, and the damage found (streams refused until it is gone).
 */

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokenLinkKind } from '../integrity/ledgerVerify.js';

export interface DamagedStream {
  readonly streamId: string;
  readonly kind: BrokenLinkKind;
  readonly version: number;
  readonly seq: number;
  readonly message: string;
  readonly foundAt: string;
}

export interface IntegrityRecord {
  /** The pass under way: the `seq` it has verified up to, and what it has counted so far. */
  readonly pass: { readonly startedAt: string; readonly position: number; readonly commits: number; readonly events: number } | null;
  readonly lastPass: { readonly startedAt: string; readonly finishedAt: string; readonly headSeq: number; readonly commits: number; readonly events: number } | null;
  readonly damaged: readonly DamagedStream[];
  /** Damage no single stream owns: commits that cannot be read, a ledger shorter than it was verified. */
  readonly ledger: { readonly message: string; readonly foundAt: string } | null;
}

export const EMPTY_RECORD: IntegrityRecord = { pass: null, lastPass: null, damaged: [], ledger: null };

export const INTEGRITY_FILE = 'integrity.json';

export interface IntegrityStorage {
  load(): IntegrityRecord;
  save(record: IntegrityRecord): void;
}

export function fileIntegrityStorage(dataDir: string): IntegrityStorage {
  const path = join(dataDir, INTEGRITY_FILE);
  return {
    load() {
      if (!existsSync(path)) return EMPTY_RECORD;
      try {
        return { ...EMPTY_RECORD, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<IntegrityRecord>) };
      } catch {
        // Only a cache of findings: a torn file means verifying again from the start, and the pass finds what is damaged.
        return EMPTY_RECORD;
      }
    },
    save(record) {
      writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
      renameSync(`${path}.tmp`, path);
    },
  };
}

export function memoryIntegrityStorage(): IntegrityStorage {
  let kept = EMPTY_RECORD;
  return {
    load: () => kept,
    save: (record) => {
      kept = record;
    },
  };
}
