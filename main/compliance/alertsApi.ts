/** The compliance area's API handlers: alerts (records in the read-model store) listed for review and acknowledged. */

import type { AlertRow, complianceMethods } from '@fidelis/shared/compliance/api.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { Alerts } from './alerts.js';
import type { AlertRecord } from '../handlers/ledgerHandlers.js';
import type { AreaHandlers } from '../api/handlers.js';

const STATUS = { open: 'OPEN', acknowledged: 'ACKNOWLEDGED' } as const;

function toAlertRow(record: AlertRecord): AlertRow {
  return {
    alertId: record.id,
    accountId: record.accountId,
    rule: record.kind,
    amount: /^-?\d+$/.test(record.amount) ? formatAmount(BigInt(record.amount), record.currency) : null,
    currency: record.currency || null,
    raisedAt: record.raisedAt,
    status: record.status === 'ACKNOWLEDGED' ? 'acknowledged' : 'open',
    acknowledgedBy: record.acknowledgedBy ?? null,
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
