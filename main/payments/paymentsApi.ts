/** External payments in the API's shapes: host.payments behind the router's PaymentsFeature (amounts as decimal strings). */

import type { PaymentRow, ReconciliationItemDto } from '@fidelis/shared/api/paymentSchemas.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { ReconciliationSide } from '@fidelis/shared/payments/index.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { Approval, Principal } from '@fidelis/shared/staff/index.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { PaymentListRow } from './paymentListProjection.js';
import type { Payments } from './payments.js';
import type { ReconciliationItemRow } from './reconciliationItemsProjection.js';
import type { PaymentsFeature } from '../api/hostFeatures.js';

export interface PaymentsFeatureDeps {
  readonly payments: Payments;
  /** Runs a command for a signed-in person (host.executeAs: permission, dual control, actor). */
  executeAs(principal: Principal, request: unknown, meta?: CommandMetaInput, approval?: Approval): Promise<CommandOutcome>;
}

/** Minor units to the currency's decimal text; a currency Fidelis does not know keeps its minor units. */
const decimalOf = (minor: string, currency: string): string => {
  try {
    return formatAmount(BigInt(minor), currency);
  } catch {
    return minor;
  }
};

export function toPaymentRow(row: PaymentListRow): PaymentRow {
  return {
    paymentId: row.paymentId,
    accountId: row.accountId,
    accountNumber: row.accountNumber,
    direction: row.direction,
    amount: decimalOf(row.amount, row.currency),
    currency: row.currency,
    beneficiary: row.beneficiary,
    status: row.status,
    payflowId: row.payflowId,
    reference: row.reference,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    failureReason: row.failureReason ?? row.queueReason,
    attempts: row.attempts,
  };
}

const sideOf = (side: ReconciliationSide | null) => (side === null ? null : { ...side, amount: decimalOf(side.amount, side.currency) });

export function toReconciliationItem(row: ReconciliationItemRow): ReconciliationItemDto {
  return {
    itemId: row.itemId,
    date: row.date,
    kind: row.kind,
    paymentId: row.paymentId,
    payflowId: row.payflowId,
    fidelis: sideOf(row.fidelis),
    payflow: sideOf(row.payflow),
    status: row.status,
    resolution: row.resolution,
  };
}

export function createPaymentsFeature(deps: PaymentsFeatureDeps): PaymentsFeature {
  const { payments } = deps;
  return {
    async list({ limit }) {
      return { payments: (await payments.list({ limit })).map(toPaymentRow) };
    },
    async send({ commandId, approval, ...input }, by) {
      const meta = commandId === undefined ? {} : { commandId };
      return payments.send(input, meta, (request: unknown, m: CommandMetaInput) => deps.executeAs(by, request, m, approval));
    },
    status: () => payments.status(),
    async reconcile({ date }, by) {
      const outcome = await payments.reconcile(date, by.username);
      return { date: outcome.date, matched: outcome.matched, items: outcome.items.map(toReconciliationItem) };
    },
    async reconciliation({ date, status }) {
      return { items: (await payments.reconciliation({ date, status: status ?? 'all' })).map(toReconciliationItem) };
    },
    resolveItem: ({ itemId, note }, by) => payments.resolveItem(itemId, note, by.username),
  };
}
