/** Transfers as callers use them: start one, show it, wait for its end, list them; the process manager does the moving. */

import { DomainError } from '@fidelis/shared/errors.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { isTransferFinished, toTransferView, TRANSFER_CATEGORY, type TransferState, type TransferView } from '@fidelis/shared/transfers/index.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { EventStore } from '../store/eventStore.js';

export interface StartTransferInput {
  readonly fromAccountId: string;
  readonly toAccountId: string;
  /** Decimal string in major units of the accounts' currency. */
  readonly amount: string;
  readonly reference?: string | undefined;
  readonly transferId?: string | undefined;
}

export interface Transfers {
  /** Records the transfer and answers once its funds are on hold (or it has failed); the money moves in the background. */
  /** `execute` runs the InitiateTransfer instead of the trusted one (a signed-in person's, authorised: host.executeAs). */
  start(input: StartTransferInput, meta?: CommandMetaInput, execute?: TransfersDeps['execute']): Promise<{ transferId: string }>;
  show(transferId: string): Promise<TransferView>;
  /** Resolves with the transfer once it has COMPLETED or FAILED; rejects after `timeoutMs`. */
  waitUntilFinished(transferId: string, timeoutMs?: number): Promise<TransferView>;
}

export interface TransfersDeps {
  readonly store: EventStore;
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  loadTransfer(transferId: string): Promise<TransferState>;
}

/** How long `start` waits for the process manager to put the funds on hold before it answers anyway. */
const HOLD_WAIT_MS = 10_000;

export function createTransfers(deps: TransfersDeps): Transfers {
  const show = async (transferId: string): Promise<TransferView> => {
    const view = toTransferView(await deps.loadTransfer(transferId));
    if (!view) throw new DomainError('TRANSFER_NOT_FOUND', `No transfer ${transferId}.`, 'transferId');
    return view;
  };

  /** Resolves true once the transfer's state satisfies `reached`, false after `timeoutMs`. */
  async function waitUntil(transferId: string, reached: (state: TransferState) => boolean, timeoutMs: number): Promise<boolean> {
    const streamId = streamIdOf(TRANSFER_CATEGORY, transferId);
    let signal: () => void = () => undefined;
    // Listen before looking, so a step recorded between the look and the listening is not missed.
    const listening = deps.store.appended$.subscribe((events) => {
      if (events.some((e) => e.streamId === streamId)) signal();
    });
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), timeoutMs)));
    try {
      for (;;) {
        const moved = new Promise<true>((resolve) => (signal = () => resolve(true)));
        const state = await deps.loadTransfer(transferId);
        if (state.stage === 'NONE') throw new DomainError('TRANSFER_NOT_FOUND', `No transfer ${transferId}.`, 'transferId');
        if (reached(state)) return true;
        if (!(await Promise.race([moved, timedOut]))) return false;
      }
    } finally {
      listening.unsubscribe();
      clearTimeout(timeout);
    }
  }

  return {
    async start(input, meta, execute = deps.execute) {
      const outcome = await execute(
        {
          type: 'InitiateTransfer',
          fromAccountId: input.fromAccountId,
          toAccountId: input.toAccountId,
          amount: input.amount,
          ...(input.reference === undefined ? {} : { reference: input.reference }),
          ...(input.transferId === undefined ? {} : { transferId: input.transferId }),
        },
        meta,
      );
      const transferId = outcome.aggregateId;
      // The caller gets its answer once the funds are on hold (or the transfer has already failed): from then on
      // nothing else can spend them. A process manager that is behind only delays this, bounded.
      await waitUntil(transferId, (state) => state.stage !== 'INITIATED', HOLD_WAIT_MS);
      return { transferId };
    },

    show,

    async waitUntilFinished(transferId, timeoutMs = 60_000) {
      if (!(await waitUntil(transferId, isTransferFinished, timeoutMs))) {
        throw new DomainError('VALIDATION', `Transfer ${transferId} has not finished after ${timeoutMs / 1000} s; it goes on in the background.`, 'transferId');
      }
      return show(transferId);
    },
  };
}
