/** Follows the gateway's live stream: every (re)connect and every moved head asks for a pass; a lost stream reconnects with backoff. */

import type { GatewayConnection } from './gatewayConnection.js';
import type { SyncRecords } from './syncRecords.js';

export interface LiveFollowerDeps {
  readonly connection: GatewayConnection;
  readonly records: Pick<SyncRecords, 'cursor'>;
  /** Whether to keep following (the loop runs and the network is there). */
  readonly active: () => boolean;
  /** The gateway may hold something this workstation has not pulled. */
  readonly onNews: () => void;
  /** The stream could not be opened, or broke, while following was wanted. */
  readonly onFailure: (error: unknown) => void;
  /** The wait before reconnect number `attempt`. */
  readonly backoff: (attempt: number) => number;
}

export interface LiveFollower {
  /** Starts following unless it already does. */
  start(): void;
  /** Closes the stream and any wait; resolves when the loop has ended. */
  stop(): Promise<void>;
}

export function createLiveFollower(deps: LiveFollowerDeps): LiveFollower {
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** Bumped by stop: a loop of an earlier generation ends even if following is wanted again before it noticed. */
  let generation = 0;
  let following = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  function onEvent(type: string, data: unknown): void {
    // RESYNC comes on every connect: pull what was missed while away. A head past ours: pull the news.
    if (type === 'resync') deps.onNews();
    else if (type === 'head' && typeof (data as { head?: unknown }).head === 'number') {
      const head = (data as { head: number }).head;
      void deps.records.cursor().then((cursor) => {
        if (head > cursor.pulledGpos) deps.onNews();
      });
    }
  }

  async function follow(mine: number): Promise<void> {
    const wanted = () => mine === generation && deps.active();
    let attempt = 0;
    while (wanted()) {
      const current = new AbortController();
      controller = current;
      try {
        const gateway = await deps.connection.client();
        await gateway.live((type, data) => {
          attempt = 0;
          onEvent(type, data);
        }, current.signal);
      } catch (error) {
        // Our own abort (stop, or the network went away) is no failure to show.
        if (!wanted()) break;
        deps.onFailure(error);
      }
      if (!wanted()) break;
      await sleep(deps.backoff(++attempt));
    }
    if (mine === generation) following = false;
  }

  return {
    start() {
      if (following) return;
      following = true;
      loop = follow(++generation);
    },
    async stop() {
      following = false;
      generation++;
      controller?.abort();
      wake?.();
      await loop;
    },
  };
}
