/** The compliance area's API handlers: alerts (the compliance handler's records) listed for review, and acknowledged (an AlertAcknowledged event). */

import type { AlertRow, complianceMethods } from '@fidelis/shared/compliance/api.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { Alerts } from './alerts.js';
import type { AlertRecord } from './complianceAlertsHandler.js';
import type { AreaHandlers } from '../api/handlers.js';

const STATUS = { open: 'OPEN', acknowledged: 'ACKNOWLEDGED' } as const;

const money = (amount: string, currency: string) => (/^-?\d+$/.test(amount) && currency ? formatAmount(BigInt(amount), currency) : null);

/** Records raised before alerts named accounts and customers lack those fields: they read as empty. */
function toAlertRow(record: AlertRecord): AlertRow {
  return {
    alertId: record.id,
    accountId: record.accountId,
    accountNumber: record.accountNumber ?? '',
    holder: record.holder ?? '',
    customer: record.customer ?? '',
    customerId: record.customerId ?? '',
    rule: record.kind,
    message: record.message,
    transactions: (record.transactions ?? []).flatMap((t) => {
      const amount = money(t.amount, t.currency);
      return amount === null ? [] : [{ ...t, amount }];
    }),
    amount: money(record.amount, record.currency),
    currency: record.currency || null,
    raisedAt: record.raisedAt,
    status: record.status === 'ACKNOWLEDGED' ? 'acknowledged' : 'open',
    acknowledgedBy: record.acknowledgedBy ?? null,
    acknowledgedAt: record.acknowledgedAt ?? null,
    note: record.note ?? null,
  };
}

/** `changed` is told after an acknowledgement, so every open Compliance screen and the dashboard count follow. */
export function createComplianceApi(alerts: Alerts, changed: (name: string) => void): AreaHandlers<typeof complianceMethods> {
  return {
    'alerts.list': async ({ status, offset, limit }) => {
      const records = await alerts.list(status === 'all' ? {} : { status: STATUS[status] });
      // Newest first: the reviewer starts with what just happened.
      const newest = records.reverse();
      return { total: newest.length, items: newest.slice(offset, offset + limit).map(toAlertRow) };
    },
    'alerts.acknowledge': async ({ alertId, note }, { principal }) => {
      const record = await alerts.acknowledge(alertId, principal.username, note).catch((error: unknown) => {
        // The store names its own field; the screen's field is alertId.
        throw isDomainError(error) && error.field === 'id' ? new DomainError(error.code, error.message, 'alertId') : error;
      });
      changed('alerts');
      return toAlertRow(record);
    },
  };
}
