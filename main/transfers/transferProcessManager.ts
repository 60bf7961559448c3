/**
 * The transfer process manager: a handler on transfer events that drives each transfer to its end, one step per
 * event. Hold the funds on the source, withdraw them (consuming the hold), deposit them on the destination,
 * complete; a refused hold or withdrawal fails the transfer with nothing moved; a refused deposit is recorded,
 * then reversed by a compensating deposit to the source, and the transfer fails.
 *
 * Its state is the transfer's own stream (event-sourced, so it survives a restart), and it correlates by transfer
 * id alone: the account events it causes are never read back. Every command it issues has an id derived from the
 * transfer id and the step, so a redelivery after a crash between any two steps returns the first result instead
 * of moving money twice.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import { text, type LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { transferReference, type TransferStage, type TransferState } from '@fidelis/shared/transfers/index.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { HandlerContext, HandlerDefinition } from '../handlers/handler.js';

export const TRANSFER_PROCESS_MANAGER = 'transfer-process-manager';

/** Each step the process manager takes; a crash test stops the process right after one of them. */
export const TRANSFER_STEPS = [
  'hold',
  'hold-recorded',
  'withdraw',
  'debit-recorded',
  'deposit',
  'completed',
  'credit-refused',
  'reverse',
  'failed',
] as const;
export type TransferStep = (typeof TRANSFER_STEPS)[number];

export interface TransferProcessManagerDeps {
  loadTransfer(transferId: string): Promise<TransferState>;
  /** Called after each step is durable; crash tests kill the process here. */
  readonly afterStep?: (step: TransferStep, transferId: string) => void;
}

/** Which stage each event moves a transfer to: an event whose stage the transfer has left was handled already. */
const STAGE_AFTER: Readonly<Record<string, TransferStage>> = {
  TransferInitiated: 'INITIATED',
  TransferFundsHeld: 'FUNDS_HELD',
  TransferSourceDebited: 'DEBITED',
  TransferCreditRefused: 'CREDIT_REFUSED',
};

/** Refusals that a retry may not see again (a race for the account): the engine retries them instead of failing the transfer. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['CONCURRENCY_CONFLICT']);

const isRefusal = (error: unknown): error is DomainError => error instanceof DomainError && !TRANSIENT_CODES.has(error.code);

export function transferProcessManager(deps: TransferProcessManagerDeps): HandlerDefinition {
  return {
    name: TRANSFER_PROCESS_MANAGER,
    categories: ['transfer'],
    eventTypes: Object.keys(STAGE_AFTER),
    async handle(event, context) {
      const transferId = text(event.data, 'transferId');
      const transfer = await deps.loadTransfer(transferId);
      // At-least-once delivery: a transfer that moved past this event's stage has had this step taken already.
      if (transfer.stage !== STAGE_AFTER[event.type]) return;
      await drive(transfer, event, context, deps.afterStep ?? (() => undefined));
    },
  };
}

async function drive(transfer: TransferState, event: LedgerEvent, context: HandlerContext, afterStep: (step: TransferStep, transferId: string) => void): Promise<void> {
  const { transferId, fromAccountId, toAccountId, currency } = transfer;
  const reference = transferReference(transferId);
  const amount = formatAmount(transfer.amount, currency);
  // Correlation and causation come from the triggering event (the handler context); the command id from the step.
  const run = async (step: TransferStep, request: Record<string, unknown>) => {
    await context.execute(request, { commandId: `${reference}:${step}` });
    afterStep(step, transferId);
  };
  const fail = (reason: string, code: string) => run('failed', { type: 'FailTransfer', transferId, reason, code });

  switch (transfer.stage) {
    case 'INITIATED': {
      try {
        await run('hold', { type: 'PlaceHold', accountId: fromAccountId, holdId: reference, amount, currency, reason: reference });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        return fail(error.message, error.code);
      }
      return run('hold-recorded', { type: 'RecordTransferHold', transferId });
    }
    case 'FUNDS_HELD': {
      try {
        await run('withdraw', { type: 'MakeWithdrawal', accountId: fromAccountId, amount, reference, holdId: reference, channel: 'transfer' });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        await releaseHold(context, fromAccountId, reference);
        return fail(error.message, error.code);
      }
      return run('debit-recorded', { type: 'RecordTransferDebit', transferId });
    }
    case 'DEBITED': {
      try {
        await run('deposit', { type: 'MakeDeposit', accountId: toAccountId, amount, sourceType: 'bank_transfer', reference, channel: 'transfer' });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        // Recorded first, so the reversal is decided once and for all, whatever a retry of the deposit would say.
        return run('credit-refused', { type: 'RecordTransferCreditRefused', transferId, reason: error.message, code: error.code });
      }
      return run('completed', { type: 'CompleteTransfer', transferId });
    }
    case 'CREDIT_REFUSED': {
      // If the source refuses its money back, this throws: the engine retries, then parks the event where a
      // supervisor sees it. A transfer never fails with the money nowhere.
      await run('reverse', { type: 'MakeDeposit', accountId: fromAccountId, amount, sourceType: 'bank_transfer', reference: `${reference}:reversal`, channel: 'reversal' });
      return fail(`${transfer.reason ?? 'The destination refused the credit.'} The debit was reversed.`, transfer.failureCode ?? 'CREDIT_REFUSED');
    }
    default:
      // Not reachable: the handler only drives stages it reads events for.
      context.logger.warn({ transferId, stage: transfer.stage, eventId: event.id }, 'transfer event for a stage the process manager does not drive');
  }
}

async function releaseHold(context: HandlerContext, accountId: string, holdId: string): Promise<void> {
  try {
    await context.execute({ type: 'ReleaseHold', accountId, holdId }, { commandId: `${holdId}:release` });
  } catch (error) {
    // Already released by an earlier delivery that crashed before failing the transfer: nothing left to give back.
    if (!(error instanceof DomainError && error.code === 'HOLD_NOT_FOUND')) throw error;
  }
}
