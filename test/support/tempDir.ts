/** Throw-away data dirs for on-disk tests, removed afterwards. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** A path inside the temp dir (not created). */
  join(...parts: string[]): string;
  remove(): void;
}

export function makeTempDir(prefix = 'fidelis-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    join: (...parts) => join(path, ...parts),
    // A data dir made at the temp dir itself keeps its key file beside it (main/safety/dataKey.ts): it goes too.
    remove: () => {
      rmSync(path, { recursive: true, force: true });
      rmSync(`${path}.key`, { force: true });
    },
  };
}
