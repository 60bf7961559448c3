/**
 * Payments through PayFlow: send one, follow each payment's status live, PayFlow's own status and (for those who run
 * the workstation) its configuration, and the day's reconciliation.
 */

import { useEffect, useId, useRef, useState } from 'react';
import type { PaymentRow } from '@fidelis/shared/payments/api.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfigForm } from '../components/ConfigForm.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { displayMoney, displayTime } from '../format.js';
import { statusLabel } from '../labels.js';
import { useCan } from '../session/session.js';
import { PaymentForm } from './PaymentForm.js';
import { ReconciliationPanel } from './ReconciliationPanel.js';

/** PayFlow's status has no topic of its own (the breaker moves with time): it is read again on changes and every few seconds. */
// The payment list is an async projection (PaymentList): a status change lands a moment after the store changed.
const STATUS_REFRESH_MS = 5_000;

const TABS = [
  { id: 'payments', label: 'Payments' },
  { id: 'reconciliation', label: 'Reconciliation' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function PaymentsScreen() {
  const [tab, setTab] = useState<Tab>('payments');
  const ids = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  // Reading payments is for every role that reads; sending one needs 'payments' (tellers, supervisors).
  const canSend = useCan('payments');
  const canConfigure = useCan('operations');
  return (
    <section className="screen" aria-labelledby="payments-title">
      <h1 id="payments-title">Payments</h1>
      <div className="tabs" role="tablist" aria-label="Payments views">
        {TABS.map((t, index) => (
          <button
            key={t.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${ids}-tab-${t.id}`}
            aria-controls={`${ids}-panel-${t.id}`}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const next = (index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
              setTab(TABS[next]!.id);
              tabs.current[next]?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${ids}-panel-${tab}`} aria-labelledby={`${ids}-tab-${tab}`}>
        {tab === 'payments' ? (
          <>
            <PayflowStatus />
            {canConfigure ? <PayflowConfigForm /> : null}
            {canSend ? <PaymentForm /> : null}
            <PaymentList />
          </>
        ) : (
          <ReconciliationPanel />
        )}
      </div>
    </section>
  );
}

const BREAKER_TEXT = { closed: 'Closed — sending', open: 'Open — PayFlow is down, payments wait', 'half-open': 'Half-open — trying again' } as const;

function PayflowStatus() {
  const status = useQuery('payments.status', {});
  const { reload } = status;
  useLive('store', { category: 'payment' }, reload);
  useLive('readModel', { name: 'PaymentList' }, reload);
  useEffect(() => {
    const timer = setInterval(reload, STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const s = status.data;
  return (
    <section className="card" aria-labelledby="payflow-status-title">
      <h2 id="payflow-status-title">PayFlow</h2>
      {status.status === 'error' ? <ErrorNotice error={status.error} onRetry={reload} /> : null}
      {!s ? (
        status.status === 'loading' ? <Loading what="PayFlow's status" /> : null
      ) : (
        <dl className="facts facts--small" aria-label="PayFlow status">
          <div>
            <dt>Configured</dt>
            <dd>{s.configured ? 'Yes' : 'No — payments wait until an administrator configures PayFlow'}</dd>
          </div>
          <div>
            <dt>Circuit breaker</dt>
            <dd>
              <span className={`badge badge--breaker-${s.breaker}`}>{BREAKER_TEXT[s.breaker]}</span>
            </dd>
          </div>
          <div>
            <dt>Queued</dt>
            <dd data-testid="payments-queued">{s.queued}</dd>
          </div>
          <div>
            <dt>Last error</dt>
            <dd>{s.lastError ?? 'None'}</dd>
          </div>
          <div>
            <dt>Next attempt</dt>
            <dd>{s.nextAttemptAt ? displayTime(s.nextAttemptAt) : '—'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

const PAYFLOW_FIELDS = [
  { name: 'url', label: 'PayFlow URL', placeholder: 'http://127.0.0.1:8790' },
  { name: 'apiKey', label: 'API key', secret: true },
] as const;

/** PayFlow's URL and the API key it issued: as `fidelis payments configure`; the key is stored and never shown back. */
function PayflowConfigForm() {
  const api = useApi();
  return (
    <ConfigForm
      id="payflow-config-title"
      title="PayFlow configuration"
      intro="Leave a field empty to keep its current value. The API key is stored, never shown."
      fields={PAYFLOW_FIELDS}
      save={async (given) => `PayFlow configured at ${(await api.call('payments.configure', given)).url}; queued payments go now.`}
    />
  );
}

export function PaymentList() {
  const payments = useQuery('payments.list', { limit: 200 });
  useLive('store', { category: 'payment' }, payments.reload);
  useLive('readModel', { name: 'PaymentList' }, payments.reload);
  return (
    <section className="card" aria-labelledby="payment-list-title">
      <h2 id="payment-list-title">Payments</h2>
      {payments.status === 'error' ? <ErrorNotice error={payments.error} onRetry={payments.reload} /> : null}
      {!payments.data ? (
        payments.status === 'loading' ? <Loading what="payments" /> : null
      ) : payments.data.payments.length === 0 ? (
        <Empty>No payments yet.</Empty>
      ) : (
        <table aria-label="Payments">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Account</th>
              <th scope="col">Counterparty</th>
              <th scope="col" className="num">Amount</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Attempts</th>
              <th scope="col">PayFlow id</th>
            </tr>
          </thead>
          <tbody>
            {payments.data.payments.map((p) => (
              <PaymentLine key={p.paymentId} payment={p} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PaymentLine({ payment: p }: { payment: PaymentRow }) {
  return (
    <tr data-payment-id={p.paymentId}>
      <td>{displayTime(p.createdAt)}</td>
      <td>{p.accountNumber}</td>
      <td>
        {p.beneficiary ? (
          <>
            {p.beneficiary.name}{' '}
            <span className="muted">
              {p.beneficiary.accountNumber} · {p.beneficiary.bankCode}
            </span>
          </>
        ) : (
          <span className="muted">Inbound</span>
        )}
      </td>
      <td className={`num ${p.direction === 'inbound' ? 'credit' : 'debit'}`}>{displayMoney(p.amount, p.currency, { signed: p.direction === 'inbound' })}</td>
      <td>
        <span className={`badge badge--${p.status.toLowerCase()}`}>{statusLabel(p.status)}</span>
        {p.failureReason ? <span className="muted"> {p.failureReason}</span> : null}
      </td>
      <td className="num">{p.attempts}</td>
      <td>{p.payflowId ? <code>{p.payflowId}</code> : <span className="muted">—</span>}</td>
    </tr>
  );
}
