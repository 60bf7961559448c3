/**
 * The anti-corruption layer between PayFlow and the ledger, pure: what a received webhook means for Fidelis, and the
 * ledger commands that carry it out. Every command id is derived from PayFlow's payment id or ours, so a webhook
 * delivered twice, or two webhooks about one payment, move money once.
 */

import { classifyWebhook, PAYFLOW_EVENT_TYPES } from '../payflow/protocol.js';
import { isCurrencyCode } from '../money/currency.js';
import { formatMoney } from '../money/display.js';
import { formatAmount } from '../money/money.js';
import type { ErrorCode } from '../errors.js';
import { paymentHoldId, payflowReference, type PaymentState } from './state.js';

export type PayflowAction =
  /** Money from another bank for one of our accounts. */
  | { readonly kind: 'deposit'; readonly payflowId: string; readonly accountId: string; readonly amount: string; readonly currency: string; readonly reference: string }
  /** PayFlow paid out one of our payments. */
  | { readonly kind: 'complete'; readonly payflowId: string; readonly paymentId: string; readonly amount: string; readonly currency: string }
  /** PayFlow could not pay one of our payments. */
  | { readonly kind: 'fail'; readonly payflowId: string; readonly paymentId: string; readonly reason: string }
  /** An inbound payment that failed at PayFlow: kept on record, nothing moves. */
  | { readonly kind: 'record'; readonly payflowId: string; readonly accountId: string | undefined; readonly amount: string; readonly currency: string; readonly reason: string }
  /** Not ours to act on (unknown type, malformed, no account named): nothing moves. */
  | { readonly kind: 'ignore'; readonly reason: string };

/** Reads a webhook's raw JSON text as PayFlow sent it. */
export function mapPayflowWebhook(payload: string): PayflowAction {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return { kind: 'ignore', reason: 'The message is not JSON.' };
  }
  const classified = classifyWebhook(body);
  if (classified.kind === 'malformed') return { kind: 'ignore', reason: `Malformed PayFlow webhook (${classified.reason}).` };
  if (classified.kind === 'unknown') return { kind: 'ignore', reason: `Unknown PayFlow webhook type ${classified.event.type}.` };
  const { type } = classified.event;
  const payment = classified.event.data.payment;
  const completed = type === PAYFLOW_EVENT_TYPES.completed;
  if (payment.direction === 'inbound') {
    if (!completed) {
      return {
        kind: 'record',
        payflowId: payment.id,
        accountId: payment.creditor.accountId,
        amount: payment.amount,
        currency: payment.currency,
        reason: payment.failureReason ?? 'PayFlow reported the incoming payment failed.',
      };
    }
    if (payment.creditor.accountId === undefined) return { kind: 'ignore', reason: `Inbound PayFlow payment ${payment.id} names no Fidelis account.` };
    return { kind: 'deposit', payflowId: payment.id, accountId: payment.creditor.accountId, amount: payment.amount, currency: payment.currency, reference: payflowReference(payment.id) };
  }
  if (completed) return { kind: 'complete', payflowId: payment.id, paymentId: payment.reference, amount: payment.amount, currency: payment.currency };
  return { kind: 'fail', payflowId: payment.id, paymentId: payment.reference, reason: payment.failureReason ?? 'PayFlow reported the payment failed.' };
}

/** One ledger command to run, its deterministic id, and refusals that mean "already done". */
export interface LedgerStep {
  readonly commandId: string;
  readonly request: Record<string, unknown>;
  readonly alreadyDone?: readonly ErrorCode[];
}

export type StepPlan =
  | { readonly kind: 'steps'; readonly steps: readonly LedgerStep[] }
  /** Nothing to do, and why (already finished, not ours, figures disagree). */
  | { readonly kind: 'skip'; readonly reason: string }
  /** Not yet: the payment has not reached a stage this can apply to (its hold is being placed). Retry. */
  | { readonly kind: 'later'; readonly reason: string };

/** The deposit an inbound completion makes, in the account's currency; a different currency is refused. */
export function planInboundDeposit(action: Extract<PayflowAction, { kind: 'deposit' }>, account: { readonly currency: string } | undefined): StepPlan | { kind: 'refuse'; code: ErrorCode; reason: string } {
  if (account === undefined) return { kind: 'refuse', code: 'ACCOUNT_NOT_FOUND', reason: `PayFlow payment ${action.payflowId} names account ${action.accountId}, which does not exist here.` };
  if (account.currency !== action.currency) {
    return { kind: 'refuse', code: 'CURRENCY_MISMATCH', reason: `PayFlow payment ${action.payflowId} is in ${action.currency}; account ${action.accountId} holds ${account.currency}.` };
  }
  return {
    kind: 'steps',
    steps: [
      {
        commandId: `payflow:${action.payflowId}:deposit`,
        request: { type: 'MakeDeposit', accountId: action.accountId, amount: formatAmount(BigInt(action.amount), action.currency), sourceType: 'payflow', reference: action.reference, channel: 'payment' },
      },
    ],
  };
}

/** PayFlow's minor units as a message shows them; a currency Fidelis does not know keeps its raw figure. */
const payflowMoney = (minor: string, currency: string): string =>
  isCurrencyCode(currency) && /^-?\d+$/.test(minor) ? formatMoney(BigInt(minor), currency) : `${minor} ${currency} (minor units)`;

/** What an outbound completion or failure does to our payment, given where it stands. */
export function planOutboundSettlement(action: Extract<PayflowAction, { kind: 'complete' | 'fail' }>, payment: PaymentState): StepPlan {
  const { paymentId } = action;
  switch (payment.stage) {
    case 'NONE':
      return { kind: 'skip', reason: `No payment ${paymentId} on this ledger.` };
    case 'COMPLETED':
    case 'FAILED':
      return { kind: 'skip', reason: `Payment ${paymentId} is already ${payment.stage}; PayFlow's ${action.kind === 'complete' ? 'completion' : 'failure'} changes nothing.` };
    case 'REQUESTED':
      if (action.kind === 'complete') return { kind: 'later', reason: `Payment ${paymentId} has no hold yet.` };
      break;
    default:
      break;
  }
  if (payment.payflowId !== undefined && payment.payflowId !== action.payflowId) {
    return { kind: 'skip', reason: `Payment ${paymentId} is PayFlow payment ${payment.payflowId}, not ${action.payflowId}.` };
  }
  const holdId = paymentHoldId(paymentId);
  if (action.kind === 'complete') {
    if (BigInt(action.amount) !== payment.amount || action.currency !== payment.currency) {
      return { kind: 'skip', reason: `PayFlow completed ${payflowMoney(action.amount, action.currency)} for payment ${paymentId}, which is ${formatMoney(payment.amount, payment.currency)}: left for reconciliation.` };
    }
    return {
      kind: 'steps',
      steps: [
        {
          commandId: `payment:${paymentId}:withdraw`,
          request: { type: 'MakeWithdrawal', accountId: payment.accountId, amount: formatAmount(payment.amount, payment.currency), holdId, reference: payflowReference(action.payflowId), channel: 'payment' },
        },
        { commandId: `payment:${paymentId}:complete`, request: { type: 'CompleteExternalPayment', paymentId, payflowId: action.payflowId } },
      ],
    };
  }
  return {
    kind: 'steps',
    steps: [
      { commandId: `payment:${paymentId}:release`, request: { type: 'ReleaseHold', accountId: payment.accountId, holdId }, alreadyDone: ['HOLD_NOT_FOUND'] },
      { commandId: `payment:${paymentId}:payflow-fail`, request: { type: 'FailExternalPayment', paymentId, reason: action.reason, code: 'PAYFLOW_FAILED', payflowId: action.payflowId } },
    ],
  };
}
