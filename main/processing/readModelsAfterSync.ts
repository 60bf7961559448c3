/**
 * What a sync pass waits for before it returns: the inline read models (what a screen reads right after a command or a
 * sync: accounts, the directory, tills, staff) hold every event the pass pulled. Where the pass replaced provisional
 * events those read models had already folded, they are rebuilt from the events first; the projections folded in
 * the background are rebuilt behind it, as they were always behind.
 */

import type { Logger } from '../log.js';
import type { EventStore } from '../store/eventStore.js';
import type { Processing } from './processingEngine.js';

export async function readModelsAfterSync(
  processing: Pick<Processing, 'projectionNames' | 'rebuild' | 'waitForInline'>,
  store: Pick<EventStore, 'headSeq'>,
  logger: Logger,
  { rebuild }: { readonly rebuild: boolean },
): Promise<void> {
  if (rebuild) {
    // A build that fails leaves the old one serving; the error is the operator's (logged), not the sync pass's.
    const failed = (projection: string) => (error: unknown) => logger.error({ err: error, projection }, 'read model rebuild after a sync replaced events failed');
    for (const name of processing.projectionNames('inline')) await processing.rebuild(name).catch(failed(name));
    void (async () => {
      for (const name of processing.projectionNames('async')) await processing.rebuild(name).catch(failed(name));
    })();
  }
  await processing.waitForInline(store.headSeq());
}
