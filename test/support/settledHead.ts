import type { Host } from '../../main/host.js';

/**
 * The store's head once background work is done. Handlers append fact events after a command has returned, so a
 * "stores nothing" check that starts from the bare head can see one of those land and fail for the wrong reason.
 */
export async function settledHead(host: Pick<Host, 'processing' | 'store'>): Promise<number> {
  await host.processing.settle();
  return host.store.headSeq();
}
