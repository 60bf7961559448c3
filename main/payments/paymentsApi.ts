/** The payments area's API handlers: external payments through PayFlow and the day's reconciliation (amounts as decimal strings). */

import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { PaymentRow, paymentsMethods, ReconciliationItemDto } from '@fidelis/shared/payments/api.js';
import type { ReconciliationSide } from '@fidelis/shared/payments/index.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CommandService } from '../ledger/commandService.js';
import type { PaymentListRow } from './paymentListProjection.js';
import type { Payments } from './payments.js';
import type { ReconciliationItemRow } from './reconciliationItemsProjection.js';

export interface PaymentsApiDeps {
  readonly payments: Payments;
  /** Payments are sent as the signed-in person (permission, dual control, actor). */
  readonly commands: Pick<CommandService, 'executeAs'>;
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

export function createPaymentsApi({ payments, commands }: PaymentsApiDeps): AreaHandlers<typeof paymentsMethods> {
  return {
    'payments.list': async ({ limit }) => ({ payments: (await payments.list({ limit })).map(toPaymentRow) }),
    'payments.send': ({ commandId, approval, ...input }, { principal }) =>
      payments.send(input, commandId === undefined ? {} : { commandId }, (request: unknown, meta: CommandMetaInput) => commands.executeAs(principal, request, meta, approval)),
    'payments.status': () => payments.status(),
    // The same checks as `fidelis payments configure`; queued payments go once PayFlow is configured.
    'payments.configure': (input) => payments.configure(input),
    'payments.reconcile': async ({ date }, { principal }) => {
      const outcome = await payments.reconcile(date, principal.username);
      return { date: outcome.date, matched: outcome.matched, items: outcome.items.map(toReconciliationItem) };
    },
    'payments.reconciliation': async ({ date, status }) => ({ items: (await payments.reconciliation({ date, status: status ?? 'all' })).map(toReconciliationItem) }),
    'payments.resolveItem': ({ itemId, note }, { principal }) => payments.resolveItem(itemId, note, principal.username),
  };
}
