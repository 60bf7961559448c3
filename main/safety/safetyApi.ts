/** The data-safety area's API handlers: the ledger's health and backups for the Operations screen. */

import type { safetyMethods } from '@fidelis/shared/safety/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { Safety } from './safety.js';

export function createSafetyApi(safety: Safety): AreaHandlers<typeof safetyMethods> {
  return {
    'safety.status': async () => {
      const status = safety.status();
      return {
        ...status,
        files: status.files.map((check) => ({ ...check, problems: [...check.problems] })),
        integrity: { ...status.integrity, damaged: [...status.integrity.damaged] },
      };
    },
    'safety.backup': async (_input, { principal }) => {
      const { file, manifest } = await safety.backupNow(principal.username);
      const { ledger } = manifest;
      return { file, at: manifest.createdAt, headSeq: ledger.headSeq, ledgerHeadHash: ledger.ledgerHeadHash, intact: ledger.intact, by: principal.username };
    },
  };
}
