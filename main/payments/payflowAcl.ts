/**
 * The PayFlow anti-corruption layer as a handler over received messages: it applies the pure mapping
 * (shared/payments/payflowMapping.ts) through ledger commands with ids derived from PayFlow's payment id, and
 * records what it did on the message's stream. Unknown or malformed webhooks change nothing but a log line and that
 * record; a refusal that needs a person (no such account, another currency) fails, is retried, then dead-lettered.
 */

import { DomainError, type ErrorCode } from '@fidelis/shared/errors.js';
import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import {
  mapPayflowWebhook,
  planInboundDeposit,
  planOutboundSettlement,
  type LedgerStep,
  type PayflowOutcome,
  type PaymentState,
} from '@fidelis/shared/payments/index.js';
import type { AccountState } from '@fidelis/shared/accounts/index.js';
import type { HandlerContext, HandlerDefinition } from '../handlers/handler.js';

export const PAYFLOW_ACL = 'payflow-acl';

export interface PayflowAclDeps {
  loadPayment(paymentId: string): Promise<PaymentState>;
  loadAccount(accountId: string): Promise<AccountState>;
  /** Whether the message was applied already (a redelivery after a crash past the record). */
  isApplied(externalId: string): Promise<boolean>;
}

export function payflowAclHandler(deps: PayflowAclDeps): HandlerDefinition {
  return {
    name: PAYFLOW_ACL,
    categories: ['payflowmsg'],
    eventTypes: ['PayflowMessageReceived'],
    async handle(event, context) {
      const externalId = text(event.data, 'externalId');
      if (await deps.isApplied(externalId)) return;
      const action = mapPayflowWebhook(text(event.data, 'payload'));
      const outcome = (result: PayflowOutcome, fields: Record<string, unknown> = {}) =>
        record(context, { type: 'RecordPayflowMessageOutcome', externalId, outcome: result, ...fields });
      switch (action.kind) {
        case 'ignore':
          context.logger.info({ externalId, reason: action.reason }, 'PayFlow webhook ignored');
          return outcome('ignored', { reason: action.reason });
        case 'record': {
          const account = action.accountId === undefined ? undefined : await deps.loadAccount(action.accountId);
          context.logger.info({ externalId, payflowId: action.payflowId, reason: action.reason }, 'PayFlow reported an incoming payment failed: recorded, nothing moved');
          return outcome('recorded', {
            reason: action.reason,
            payflowId: action.payflowId,
            direction: 'inbound',
            ...(action.accountId === undefined ? {} : { accountId: action.accountId }),
            ...(account && account.status !== 'NONE' ? { accountNumber: account.number } : {}),
            amount: action.amount,
            currency: action.currency,
          });
        }
        case 'deposit': {
          const account = await deps.loadAccount(action.accountId);
          const plan = planInboundDeposit(action, account.status === 'NONE' ? undefined : account);
          if (plan.kind === 'refuse') throw new DomainError(plan.code, plan.reason, 'accountId');
          if (plan.kind !== 'steps') throw new Error(plan.reason);
          await run(context, plan.steps);
          return outcome('deposited', {
            payflowId: action.payflowId,
            direction: 'inbound',
            accountId: action.accountId,
            accountNumber: account.number,
            amount: action.amount,
            currency: action.currency,
          });
        }
        case 'complete':
        case 'fail': {
          const payment = await deps.loadPayment(action.paymentId);
          const plan = planOutboundSettlement(action, payment);
          // Not yet (its hold is being placed): throwing makes the engine deliver it again after a backoff.
          if (plan.kind === 'later') throw new Error(plan.reason);
          if (plan.kind === 'skip') {
            context.logger.warn({ externalId, paymentId: action.paymentId, reason: plan.reason }, 'PayFlow webhook changes nothing');
            return outcome('ignored', { reason: plan.reason, payflowId: action.payflowId, direction: 'outbound', paymentId: action.paymentId });
          }
          await run(context, plan.steps);
          return outcome(action.kind === 'complete' ? 'completed' : 'failed', {
            payflowId: action.payflowId,
            direction: 'outbound',
            paymentId: action.paymentId,
            accountId: payment.accountId,
            amount: payment.amount.toString(),
            currency: payment.currency,
            ...(action.kind === 'fail' ? { reason: action.reason } : {}),
          });
        }
      }
    },
  };
}

async function run(context: HandlerContext, steps: readonly LedgerStep[]): Promise<void> {
  for (const step of steps) {
    try {
      await context.execute(step.request, { commandId: step.commandId });
    } catch (error) {
      if (error instanceof DomainError && (step.alreadyDone ?? []).includes(error.code as ErrorCode)) continue;
      throw error;
    }
  }
}

async function record(context: HandlerContext, request: Record<string, unknown>): Promise<void> {
  try {
    await context.execute(request, { commandId: `payflow-acl:${String(request.externalId)}` });
  } catch (error) {
    // Applied by an earlier delivery that crashed before the checkpoint moved.
    if (error instanceof DomainError && error.code === 'VALIDATION' && /already applied/.test(error.message)) return;
    throw error;
  }
}
