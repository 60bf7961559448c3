/**
 * Compliance: the alerts the rules raised, named by customer, account number and holder, with the transactions each
 * saw; a reviewer acknowledges one with a note saying why, kept with their name. Live.
 */

import { useState } from 'react';
import type { AlertRow } from '@fidelis/shared/compliance/api.js';
import { toApiError, useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { FormDialog } from '../components/FormDialog.js';
import { FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { displayMoney, displayTime } from '../format.js';
import { ruleLabel } from '../labels.js';
import { hrefOf } from '../routing.js';

export const NOTE_MAX = 280;

export function ComplianceScreen() {
  return (
    <section className="screen" aria-labelledby="compliance-title">
      <h1 id="compliance-title">Compliance</h1>
      <AlertList />
    </section>
  );
}

function AlertList() {
  const [status, setStatus] = useState<'open' | 'acknowledged' | 'all'>('open');
  const alerts = useQuery('alerts.list', { status, offset: 0, limit: 200 });
  useLive('readModel', { name: 'alerts' }, alerts.reload);
  // Hosts without read-model notifications still move the list along with the store.
  useLive('store', {}, alerts.reload);
  const [acknowledging, setAcknowledging] = useState<AlertRow | undefined>();
  const [done, setDone] = useState<string | undefined>();

  return (
    <div className="card">
      <div className="field">
        <label htmlFor="alert-status">Show</label>
        <select id="alert-status" value={status} onChange={(event) => (setStatus(event.target.value as typeof status), setDone(undefined))}>
          <option value="open">Open alerts</option>
          <option value="acknowledged">Acknowledged alerts</option>
          <option value="all">All alerts</option>
        </select>
      </div>
      <p className="form__status" role="status" aria-live="polite">
        {done}
      </p>
      {alerts.status === 'error' ? <ErrorNotice error={alerts.error} onRetry={alerts.reload} /> : null}
      {!alerts.data ? (
        alerts.status === 'loading' ? <Loading what="alerts" /> : null
      ) : alerts.data.items.length === 0 ? (
        <Empty>No alerts to show.</Empty>
      ) : (
        <table>
          <caption>
            {alerts.data.total} alert{alerts.data.total === 1 ? '' : 's'}
          </caption>
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
                <td>
                  {ruleLabel(alert.rule)}
                  {alert.message ? <div className="muted">{alert.message}</div> : null}
                  {alert.transactions.length > 1 ? <Transactions alert={alert} /> : null}
                </td>
                <td>{alert.customer || <span className="muted">—</span>}</td>
                <td>
                  {/* Every account the alert's transactions touched, by number and holder (a structuring series may span several). */}
                  {accountsOf(alert).map((account) => (
                    <div key={account.accountId}>
                      <a href={hrefOf({ screen: 'account', accountId: account.accountId })}>{account.accountNumber || account.accountId}</a>
                      {account.holder ? <span className="muted"> {account.holder}</span> : null}
                    </div>
                  ))}
                </td>
                <td className="num">{alert.amount && alert.currency ? displayMoney(alert.amount, alert.currency) : '—'}</td>
                <td>
                  {alert.status === 'open' ? (
                    'Open'
                  ) : (
                    <>
                      Acknowledged by {alert.acknowledgedBy ?? '?'}
                      {alert.acknowledgedAt ? <span className="muted"> · {displayTime(alert.acknowledgedAt)}</span> : null}
                      {alert.note ? <div className="muted">“{alert.note}”</div> : null}
                    </>
                  )}
                </td>
                <td>
                  {alert.status === 'open' ? (
                    <button type="button" className="button--small" onClick={() => (setDone(undefined), setAcknowledging(alert))}>
                      Acknowledge…<span className="visually-hidden"> the {ruleLabel(alert.rule).toLowerCase()} alert on {alert.accountNumber || alert.accountId}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {acknowledging ? (
        <AcknowledgeDialog
          alert={acknowledging}
          onCancel={() => setAcknowledging(undefined)}
          onDone={(message) => {
            setAcknowledging(undefined);
            setDone(message);
            alerts.reload();
          }}
        />
      ) : null}
    </div>
  );
}

/** The alert's own account first, then any other account its transactions touched, each once. */
const accountsOf = (alert: AlertRow) => [
  ...new Map([{ accountId: alert.accountId, accountNumber: alert.accountNumber, holder: alert.holder }, ...alert.transactions].map((t) => [t.accountId, t])).values(),
];

function Transactions({ alert }: { alert: AlertRow }) {
  return (
    <details>
      <summary>{alert.transactions.length} transactions</summary>
      <ul className="plain-list">
        {alert.transactions.map((t) => (
          <li key={t.eventId}>
            {displayTime(t.occurredAt)} · {t.accountNumber} · {displayMoney(t.amount, t.currency)}
          </li>
        ))}
      </ul>
    </details>
  );
}

function AcknowledgeDialog({ alert, onCancel, onDone }: { alert: AlertRow; onCancel: () => void; onDone: (message: string) => void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ note?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const what = `${ruleLabel(alert.rule)} on ${alert.accountNumber || alert.accountId}${alert.customer ? ` (${alert.customer})` : ''}`;
  return (
    <FormDialog
      title="Acknowledge the alert"
      description={
        <p>
          {what}
          {alert.amount && alert.currency ? `, ${displayMoney(alert.amount, alert.currency)}` : ''}. Your note and your name are kept with the alert.
        </p>
      }
      submitLabel="Acknowledge"
      busy={busy}
      error={error.form}
      onCancel={onCancel}
      onSubmit={async () => {
        const text = note.trim();
        if (text === '') return setError({ note: 'Say why the alert needs nothing more, or what was done.' });
        if (text.length > NOTE_MAX) return setError({ note: `A note has at most ${NOTE_MAX} characters.` });
        setBusy(true);
        setError({});
        try {
          await api.call('alerts.acknowledge', { alertId: alert.alertId, note: text });
          onDone(`${what} acknowledged.`);
        } catch (failure) {
          const refusal = toApiError(failure);
          setError(refusal.field === 'note' ? { note: refusal.message } : { form: refusal.message });
          setBusy(false);
        }
      }}
    >
      <FormField label="Note" error={error.note} hint={`Required; at most ${NOTE_MAX} characters.`}>
        {(props) => <textarea {...props} rows={3} maxLength={NOTE_MAX + 50} value={note} onChange={(event) => (setNote(event.target.value), setError({}))} />}
      </FormField>
    </FormDialog>
  );
}
