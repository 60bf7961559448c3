/**
 * One sync pass: pull what the gateway has (rebasing provisional local commits it overtook), decide the overtaken
 * commands again, push what is still local; again while pushes meet streams that moved. Stored events are never
 * edited: a provisional commit the gateway did not accept is archived whole in `syncstate`, removed from the commit
 * log, and its command re-appended after the remote one (syncPull.ts, syncRebase.ts, syncPush.ts). A pass ends once the
 * read models hold what it pulled and removed, so the screen that started it reads the synced ledger.
 */

import type { Logger } from '../log.js';
import type { GatewayClient } from './gatewayClient.js';
import type { SyncPull } from './syncPull.js';
import type { SyncPush } from './syncPush.js';
import type { SyncRebase } from './syncRebase.js';
import { emptyReport, type SyncReport } from './syncReport.js';

export interface SyncEngine {
  run(client: GatewayClient, options?: { repair?: boolean }): Promise<SyncReport>;
}

/** Most rounds one pass makes when pushes keep meeting streams that moved. */
const MAX_ROUNDS = 6;

export interface SyncEngineParts {
  readonly pull: SyncPull;
  readonly rebase: SyncRebase;
  readonly push: SyncPush;
  /** Brings the read models up to what the pass wrote; runs after a failed pass too, since what it applied stays. */
  readonly settle: () => Promise<void>;
  readonly logger: Logger;
}

export function createSyncEngine(parts: SyncEngineParts): SyncEngine {
  async function rounds(client: GatewayClient, repair: boolean): Promise<SyncReport> {
    const report = emptyReport();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await parts.pull.pullAll(client, report, repair);
      await parts.rebase.rebasePending(report);
      if (!(await parts.push.pushAll(client, report))) return report;
    }
    parts.logger.warn({ report }, 'sync: streams kept moving during this pass; the next pass continues');
    return report;
  }
  return {
    async run(client, options = {}) {
      let report: SyncReport;
      try {
        report = await rounds(client, options.repair ?? false);
      } catch (error) {
        // The pass's own error is the one reported; read models failing to settle as well is only logged.
        await parts.settle().catch((settleError: unknown) => parts.logger.error({ err: settleError }, 'sync: read models did not catch up after a failed pass'));
        throw error;
      }
      await parts.settle();
      return report;
    },
  };
}
