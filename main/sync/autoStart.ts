/** Starts the background sync loop where the app runs (browser mode, Electron) when sync is configured, and follows the network. */

import type { Logger } from '../log.js';
import type { SyncModule } from './syncModule.js';

export interface SyncAutoStart {
  /** Whether the loop was started (false: sync is not configured on this workstation). */
  readonly started: boolean;
  stop(): Promise<void>;
}

export interface AutoStartOptions {
  /** The platform's view of the network (Electron: net.isOnline); polled, since not every platform sends events. */
  readonly isOnline?: () => boolean;
  readonly pollMs?: number;
}

export async function startSyncIfConfigured(sync: Pick<SyncModule, 'status' | 'start' | 'stop' | 'setNetworkAvailable'>, logger: Logger, options: AutoStartOptions = {}): Promise<SyncAutoStart> {
  const status = await sync.status();
  if (!status.configured) {
    logger.info('sync not configured: the background loop stays off (fidelis sync configure …)');
    return { started: false, stop: async () => {} };
  }
  let poll: NodeJS.Timeout | undefined;
  const { isOnline } = options;
  if (isOnline) {
    let last = isOnline();
    sync.setNetworkAvailable(last);
    poll = setInterval(() => {
      const now = isOnline();
      if (now === last) return;
      last = now;
      logger.info({ online: now }, 'network availability changed');
      sync.setNetworkAvailable(now);
    }, options.pollMs ?? 5_000);
    poll.unref();
  }
  await sync.start();
  logger.info({ gateway: status.gatewayUrl }, 'sync loop started');
  return {
    started: true,
    async stop() {
      clearInterval(poll);
      await sync.stop();
    },
  };
}
