/** Compliance alerts in the API's shapes: host.alerts (records in the read-model store) behind the router's AlertsFeature. */

import type { AlertRow } from '@fidelis/shared/api/schemas.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { Alerts } from './alerts.js';
import type { AlertRecord } from '../handlers/ledgerHandlers.js';
import type { AlertsFeature } from '../api/hostFeatures.js';

const STATUS = { open: 'OPEN', acknowledged: 'ACKNOWLEDGED' } as const;

export function toAlertRow(record: AlertRecord): AlertRow {
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
export function createAlertsFeature(alerts: Alerts, changed: (name: string) => void): AlertsFeature {
  return {
    async list({ status, offset, limit }) {
      const records = await alerts.list(status === 'all' ? {} : { status: STATUS[status] });
      // Newest first: the reviewer starts with what just happened.
      const newest = records.reverse();
      return { total: newest.length, items: newest.slice(offset, offset + limit).map(toAlertRow) };
    },
    async acknowledge({ alertId, note, actor }) {
      const record = await alerts.acknowledge(alertId, actor, note).catch((error: unknown) => {
        // The store names its own field; the screen's field is alertId.
        throw isDomainError(error) && error.field === 'id' ? new DomainError(error.code, error.message, 'alertId') : error;
      });
      changed('alerts');
      return toAlertRow(record);
    },
    async openCount() {
      return (await alerts.list({ status: 'OPEN' })).length;
    },
  };
}
