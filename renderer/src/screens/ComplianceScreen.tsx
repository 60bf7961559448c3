/** Compliance: alerts raised by the rules (large deposits and withdrawals, structuring per customer) to review and acknowledge; live. */

import { useState } from 'react';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayMoney, displayTime } from '../format.js';
import { hrefOf } from '../routing.js';

export function ComplianceScreen() {
  return (
    <section className="screen" aria-labelledby="compliance-title">
      <h1 id="compliance-title">Compliance</h1>
      <AlertList />
    </section>
  );
}

function AlertList() {
  const api = useApi();
  const [status, setStatus] = useState<'open' | 'acknowledged' | 'all'>('open');
  const alerts = useQuery('alerts.list', { status, offset: 0, limit: 200 });
  useLive('readModel', { name: 'alerts' }, alerts.reload);
  // Hosts without read-model notifications still move the list along with the store.
  useLive('store', {}, alerts.reload);
  const acknowledge = useCommand<never>({});

  return (
    <div className="card">
      <label htmlFor="alert-status">Show</label>{' '}
      <select id="alert-status" value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
        <option value="open">Open alerts</option>
        <option value="acknowledged">Acknowledged alerts</option>
        <option value="all">All alerts</option>
      </select>
      {acknowledge.formError ? <ErrorNotice error={{ code: 'REFUSED', message: acknowledge.formError }} /> : null}
      {alerts.status === 'error' ? <ErrorNotice error={alerts.error} onRetry={alerts.reload} /> : null}
      {!alerts.data ? (
        alerts.status === 'loading' ? <Loading what="alerts" /> : null
      ) : alerts.data.items.length === 0 ? (
        <Empty>No alerts to show.</Empty>
      ) : (
        <table>
          <caption>{alerts.data.total} alert(s)</caption>
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">Rule</th>
              <th scope="col">Customer</th>
              <th scope="col">Account</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.items.map((alert) => (
              <tr key={alert.alertId}>
                <td>{displayTime(alert.raisedAt)}</td>
                <td>{alert.rule}</td>
                <td>{alert.customer || '—'}</td>
                <td>
                  {/* Every account the alert's transactions touched, by number and holder (a structuring series may span several). */}
                  {[...new Map([{ accountId: alert.accountId, accountNumber: alert.accountNumber, holder: alert.holder }, ...alert.transactions].map((t) => [t.accountId, t])).values()].map((t, index) => (
                    <span key={t.accountId}>
                      {index > 0 ? ', ' : null}
                      <a href={hrefOf({ screen: 'account', accountId: t.accountId })}>{t.accountNumber || t.accountId}</a> {t.holder ? <span className="muted">({t.holder})</span> : null}
                    </span>
                  ))}
                </td>
                <td className="num">{alert.amount && alert.currency ? displayMoney(alert.amount, alert.currency) : '—'}</td>
                <td>{alert.status === 'open' ? 'Open' : `Acknowledged by ${alert.acknowledgedBy ?? '?'}`}</td>
                <td>
                  {alert.status === 'open' ? (
                    <button
                      type="button"
                      disabled={acknowledge.busy}
                      onClick={async () => {
                        if (await acknowledge.run(() => api.call('alerts.acknowledge', { alertId: alert.alertId }))) alerts.reload();
                      }}
                    >
                      Acknowledge<span className="visually-hidden"> alert {alert.alertId}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
