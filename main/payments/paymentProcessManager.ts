/**
 * The outbound payment process manager: a handler on payment events. A requested payment gets its funds on hold (or
 * fails with nothing moved); a held one is handed to the PayFlow queue, which sends it when it can. Its state is the
 * payment's own stream, and every command it issues has an id derived from the payment id and the step, so a
 * redelivery after a crash returns the first result instead of holding twice.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { paymentHoldId, type PaymentState } from '@fidelis/shared/payments/index.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { HandlerDefinition } from '../handlers/handler.js';

export const PAYMENT_PROCESS_MANAGER = 'payment-process-manager';

export interface PaymentProcessManagerDeps {
  loadPayment(paymentId: string): Promise<PaymentState>;
  /** A payment is held and waits for PayFlow: the queue takes it from here. */
  readyToSend(paymentId: string): void;
}

/** Refusals a retry may not see again (a race for the account): the engine retries them instead of failing the payment. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['CONCURRENCY_CONFLICT']);

export function paymentProcessManager(deps: PaymentProcessManagerDeps): HandlerDefinition {
  return {
    name: PAYMENT_PROCESS_MANAGER,
    categories: ['payment'],
    eventTypes: ['PaymentRequested', 'PaymentFundsHeld'],
    async handle(event, context) {
      const paymentId = text(event.data, 'paymentId');
      const payment = await deps.loadPayment(paymentId);
      if (event.type === 'PaymentFundsHeld') {
        if (payment.stage === 'HELD' || payment.stage === 'QUEUED') deps.readyToSend(paymentId);
        return;
      }
      // At-least-once delivery: a payment past REQUESTED has had its hold placed already.
      if (payment.stage !== 'REQUESTED') return;
      const holdId = paymentHoldId(paymentId);
      try {
        await context.execute(
          { type: 'PlaceHold', accountId: payment.accountId, holdId, amount: formatAmount(payment.amount, payment.currency), currency: payment.currency, reason: `External payment ${paymentId}` },
          { commandId: `${holdId}:hold` },
        );
      } catch (error) {
        if (!(error instanceof DomainError) || TRANSIENT_CODES.has(error.code)) throw error;
        await context.execute({ type: 'FailExternalPayment', paymentId, reason: error.message, code: error.code }, { commandId: `${holdId}:fail` });
        return;
      }
      await context.execute({ type: 'RecordPaymentHold', paymentId }, { commandId: `${holdId}:hold-recorded` });
    },
  };
}
