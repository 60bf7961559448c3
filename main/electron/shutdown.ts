/** Graceful shutdown: the first quit request waits for the host to drain its append queue and close the store, then exits; later requests wait for the same. */

import type { Logger } from '../log.js';

export interface GracefulShutdown {
  /** True once shutdown has started: the shell stops cancelling quit events then. */
  readonly started: boolean;
  /** Closes the host once, then exits with 0 (or 1 when closing failed). */
  begin(reason: string): Promise<void>;
}

export function createGracefulShutdown(closeHost: () => Promise<void>, exit: (code: number) => void, logger: Pick<Logger, 'info' | 'error'>): GracefulShutdown {
  let running: Promise<void> | undefined;
  return {
    get started() {
      return running !== undefined;
    },
    begin(reason) {
      running ??= (async () => {
        logger.info({ reason }, 'shutting down');
        let code = 0;
        try {
          await closeHost();
        } catch (error) {
          logger.error({ error }, 'closing the ledger failed');
          code = 1;
        }
        exit(code);
      })();
      return running;
    },
  };
}
