/**
 * One sync pass: pull what the gateway has (rebasing provisional local commits it overtook), decide the overtaken
 * commands again, push what is still local; again while pushes meet streams that moved. Stored events are never
 * edited: a provisional commit the gateway did not accept is archived whole in `syncstate`, removed from the commit
 * log, and its command re-appended after the remote one (syncPull.ts, syncRebase.ts, syncPush.ts).
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

export function createSyncEngine(parts: { readonly pull: SyncPull; readonly rebase: SyncRebase; readonly push: SyncPush; readonly logger: Logger }): SyncEngine {
  return {
    async run(client, options = {}) {
      const report = emptyReport();
      for (let round = 0; round < MAX_ROUNDS; round++) {
        await parts.pull.pullAll(client, report, options.repair ?? false);
        await parts.rebase.rebasePending(report);
        if (!(await parts.push.pushAll(client, report))) return report;
      }
      parts.logger.warn({ report }, 'sync: streams kept moving during this pass; the next pass continues');
      return report;
    },
  };
}
