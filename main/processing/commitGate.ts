/**
 * Starts the batch writes of the background subscriptions that run at the same time together, so the storage's group
 * commit makes them one durable write instead of one per subscriber.
 */

export interface CommitTicket {
  /** Runs `write` once every batch begun alongside has reached its write (or ended, or `maxWaitMs` passed); resolves with it. */
  commit(write: () => Promise<void>): Promise<void>;
  /** The batch ends without (another) write: the others need not wait for it. Safe to call more than once. */
  end(): void;
}

export interface CommitGate {
  /** A subscription starts a batch. */
  begin(): CommitTicket;
  /** A write starts now (a command's append, an inline read model's batch): the finished batches start beside it. */
  ride(): void;
}

interface Ready {
  readonly write: () => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * `live()`: commands are coming (one in flight, or one just finished). Finished batches then wait (up to `maxWaitMs`)
 * for a command's append or its inline read models' write to ride on, instead of a durable write of their own.
 */
export function createCommitGate(maxWaitMs: number, live: () => boolean): CommitGate {
  let open = 0;
  let ready: Ready[] = [];
  let timer: NodeJS.Timeout | undefined;

  const launch = () => {
    clearTimeout(timer);
    timer = undefined;
    const wave = ready;
    ready = [];
    // Started in one turn: each write's storage transaction queues behind the one before and they commit together.
    for (const { write, resolve, reject } of wave) write().then(resolve, reject);
  };
  const settle = () => {
    if (ready.length > 0 && open === 0 && !live()) launch();
  };

  return {
    begin() {
      open++;
      let done = false;
      const close = () => {
        if (done) return false;
        done = true;
        open--;
        return true;
      };
      return {
        commit(write) {
          if (!close()) return write();
          return new Promise<void>((resolve, reject) => {
            ready.push({ write, resolve, reject });
            // A slow batch (a retry's backoff, a process manager's commands) holds the others back this long at most.
            timer ??= setTimeout(launch, maxWaitMs);
            settle();
          });
        },
        end() {
          if (close()) settle();
        },
      };
    },
    ride() {
      if (ready.length > 0) launch();
    },
  };
}
