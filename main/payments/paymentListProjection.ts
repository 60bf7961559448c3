/**
 * The payments read model: one row per external payment, outbound (from the payment stream) and inbound (from what
 * the PayFlow anti-corruption layer deposited or recorded), with its status as it changes. Inline: the list a teller
 * reads after sending already shows the payment, and the queue finds held payments right after a restart.
 */

import type { PaymentStatus } from '@fidelis/shared/payments/api.js';
import { optionalText, text, type LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { payflowReference, type PaymentBeneficiary, type PaymentStage } from '@fidelis/shared/payments/index.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export const PAYMENT_LIST = 'PaymentList';

export interface PaymentListRow {
  readonly paymentId: string;
  readonly accountId: string;
  readonly accountNumber: string;
  readonly direction: 'inbound' | 'outbound';
  /** Minor units. */
  readonly amount: string;
  readonly currency: string;
  readonly beneficiary: PaymentBeneficiary | null;
  readonly status: PaymentStatus;
  /** The payment's own stage (REQUESTED before its hold), finer than the status. */
  readonly stage: Exclude<PaymentStage, 'NONE'>;
  readonly payflowId: string | null;
  readonly reference: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When it ended (completed or failed), for the day's reconciliation. */
  readonly settledAt: string | null;
  readonly failureReason: string | null;
  /** Why it waits (PayFlow down, not configured…) while queued. */
  readonly queueReason: string | null;
  readonly attempts: number;
}

export const paymentRowKey = (direction: 'inbound' | 'outbound', id: string): string => `${direction === 'outbound' ? 'out' : 'in'}:${id}`;

export const paymentListProjection: ProjectionDefinition = {
  name: PAYMENT_LIST,
  version: 1,
  mode: 'inline',
  categories: ['payment', 'payflowmsg'],
  eventTypes: ['PaymentRequested', 'PaymentFundsHeld', 'PaymentQueued', 'PaymentSubmitted', 'PaymentCompleted', 'PaymentFailed', 'PayflowMessageApplied'],
  async apply(event: LedgerEvent, view) {
    const at = event.occurredAt;
    if (event.type === 'PayflowMessageApplied') return applyInbound(event, view);
    const key = paymentRowKey('outbound', text(event.data, 'paymentId'));
    const change = (patch: Partial<PaymentListRow>) => view.update<PaymentListRow>(key, (row) => row && { ...row, ...patch, updatedAt: at });
    switch (event.type) {
      case 'PaymentRequested': {
        const data = event.data as { beneficiary?: PaymentBeneficiary };
        const row: PaymentListRow = {
          paymentId: text(event.data, 'paymentId'),
          accountId: text(event.data, 'accountId'),
          accountNumber: text(event.data, 'accountNumber'),
          direction: 'outbound',
          amount: text(event.data, 'amount'),
          currency: text(event.data, 'currency'),
          beneficiary: data.beneficiary ?? null,
          status: 'HELD',
          stage: 'REQUESTED',
          payflowId: null,
          reference: text(event.data, 'paymentId'),
          createdAt: at,
          updatedAt: at,
          settledAt: null,
          failureReason: null,
          queueReason: null,
          attempts: 0,
        };
        return view.update<PaymentListRow>(key, () => row);
      }
      case 'PaymentFundsHeld':
        return change({ status: 'HELD', stage: 'HELD' });
      case 'PaymentQueued':
        return change({ status: 'QUEUED', stage: 'QUEUED', queueReason: text(event.data, 'reason') });
      case 'PaymentSubmitted':
        return change({ status: 'SUBMITTED', stage: 'SUBMITTED', payflowId: text(event.data, 'payflowId'), attempts: Number(event.data.attempt ?? 1), queueReason: null });
      case 'PaymentCompleted':
        return change({ status: 'COMPLETED', stage: 'COMPLETED', payflowId: text(event.data, 'payflowId'), settledAt: at, queueReason: null });
      case 'PaymentFailed':
        return view.update<PaymentListRow>(
          key,
          (row) =>
            row && { ...row, status: 'FAILED', stage: 'FAILED', payflowId: optionalText(event.data, 'payflowId') ?? row.payflowId, failureReason: text(event.data, 'reason'), settledAt: at, queueReason: null, updatedAt: at },
        );
    }
  },
};

/** Money that came in (deposited), or an incoming payment PayFlow reported failed (recorded, nothing moved). */
async function applyInbound(event: LedgerEvent, view: Parameters<ProjectionDefinition['apply']>[1]): Promise<void> {
  const outcome = text(event.data, 'outcome');
  const payflowId = optionalText(event.data, 'payflowId');
  if ((outcome !== 'deposited' && outcome !== 'recorded') || payflowId === undefined || optionalText(event.data, 'direction') !== 'inbound') return;
  const at = event.occurredAt;
  const row: PaymentListRow = {
    paymentId: payflowId,
    accountId: text(event.data, 'accountId'),
    accountNumber: text(event.data, 'accountNumber'),
    direction: 'inbound',
    amount: text(event.data, 'amount'),
    currency: text(event.data, 'currency'),
    beneficiary: null,
    status: outcome === 'deposited' ? 'COMPLETED' : 'FAILED',
    stage: outcome === 'deposited' ? 'COMPLETED' : 'FAILED',
    payflowId,
    reference: payflowReference(payflowId),
    createdAt: at,
    updatedAt: at,
    settledAt: at,
    failureReason: outcome === 'recorded' ? (optionalText(event.data, 'reason') ?? null) : null,
    queueReason: null,
    attempts: 0,
  };
  await view.update<PaymentListRow>(paymentRowKey('inbound', payflowId), (current) => current ?? row);
}
