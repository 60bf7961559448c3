/** Compliance alerts and notifications as staff see them: list alerts, acknowledge one, list notifications. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { ReadModelStore } from '../projections/readModelStore.js';
import { NOTIFICATIONS_SLOT, type NotificationRecord } from '../handlers/ledgerHandlers.js';
import { ALERTS_SLOT, type AlertRecord, type AlertStatus } from './complianceAlertsHandler.js';

export interface Alerts {
  list(options?: { status?: AlertStatus; accountId?: string }): Promise<AlertRecord[]>;
  get(id: string): Promise<AlertRecord>;
  acknowledge(id: string, by: string, note?: string): Promise<AlertRecord>;
  notifications(options?: { accountId?: string }): Promise<NotificationRecord[]>;
}

export function createAlerts(store: ReadModelStore, now: () => Date): Alerts {
  const alerts: Alerts = {
    async list({ status, accountId } = {}) {
      const found = await store.find<AlertRecord>(ALERTS_SLOT, { where: status ? { status } : {}, orderBy: 'seq' });
      // A structuring alert spans accounts: it belongs to each account one of its transactions touched.
      return accountId === undefined ? found : found.filter((a) => a.accountId === accountId || (a.transactions ?? []).some((t) => t.accountId === accountId));
    },
    async get(id) {
      const alert = await store.get<AlertRecord>(ALERTS_SLOT, id);
      if (!alert) throw new DomainError('NOT_FOUND', `No alert ${id}. Run fidelis alerts list for the open ones.`, 'id');
      return alert;
    },
    async acknowledge(id, by, note) {
      const alert = await alerts.get(id);
      if (alert.status === 'ACKNOWLEDGED') return alert;
      const acknowledged: AlertRecord = { ...alert, status: 'ACKNOWLEDGED', acknowledgedBy: by, acknowledgedAt: now().toISOString(), ...(note ? { note } : {}) };
      await store.put(ALERTS_SLOT, id, { ...acknowledged }, alert.seq);
      return acknowledged;
    },
    notifications: ({ accountId } = {}) => store.find<NotificationRecord>(NOTIFICATIONS_SLOT, { where: accountId ? { accountId } : {}, orderBy: 'seq' }),
  };
  return alerts;
}
