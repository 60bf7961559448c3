/**
 * A supervisor's start screen: what waits for them — sync exceptions to resolve, transfers and payments that failed or
 * wait, and the open reconciliation items of the day. Approvals themselves are given where they are asked for: on the
 * teller's screen, with the supervisor's own password.
 */

import { useLive, useQuery } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { displayMoney, displayTime } from '../format.js';
import { statusLabel } from '../labels.js';
import { hrefOf } from '../routing.js';
import { localDay } from './ReconciliationPanel.js';
import { ExceptionQueue } from './SyncScreen.js';

export function ReviewScreen() {
  return (
    <section className="screen" aria-labelledby="review-title">
      <h1 id="review-title">Approvals and exceptions</h1>
      <p className="card muted">
        Withdrawals, transfers and payments over the dual-control amount are approved on the teller&apos;s screen: the teller&apos;s form asks for your
        username and password. What needs your decision afterwards is listed here.
      </p>
      <ExceptionQueue />
      <div className="two-columns">
        <FailedTransfers />
        <PaymentsWaiting />
      </div>
      <OpenReconciliation />
    </section>
  );
}

function FailedTransfers() {
  const transfers = useQuery('transfers.list', { offset: 0, limit: 200 });
  useLive('store', { category: 'transfer' }, transfers.reload);
  const failed = transfers.data?.items.filter((t) => t.status === 'FAILED') ?? [];
  return (
    <section className="card" aria-labelledby="failed-transfers-title">
      <h2 id="failed-transfers-title">Failed transfers</h2>
      {transfers.status === 'error' ? <ErrorNotice error={transfers.error} onRetry={transfers.reload} /> : null}
      {!transfers.data ? (
        transfers.status === 'loading' ? <Loading what="transfers" /> : null
      ) : failed.length === 0 ? (
        <Empty>No failed transfers.</Empty>
      ) : (
        <ul className="plain-list">
          {failed.map((t) => (
            <li key={t.transferId}>
              {displayMoney(t.amount, t.currency)} from{' '}
              <a href={hrefOf({ screen: 'account', accountId: t.fromAccountId })}>{t.fromNumber ?? t.fromAccountId}</a> to{' '}
              <a href={hrefOf({ screen: 'account', accountId: t.toAccountId })}>{t.toNumber ?? t.toAccountId}</a>
              <span className="muted"> · {displayTime(t.startedAt)}</span>
              {t.failureReason ? <div>{t.failureReason}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PaymentsWaiting() {
  const payments = useQuery('payments.list', { limit: 200 });
  useLive('store', { category: 'payment' }, payments.reload);
  useLive('readModel', { name: 'PaymentList' }, payments.reload);
  // A failed payment, or one held back with a reason (PayFlow down, not configured).
  const waiting = payments.data?.payments.filter((p) => p.status === 'FAILED' || (p.failureReason !== null && p.status !== 'COMPLETED')) ?? [];
  return (
    <section className="card" aria-labelledby="payments-waiting-title">
      <h2 id="payments-waiting-title">Payments failed or waiting</h2>
      {payments.status === 'error' ? <ErrorNotice error={payments.error} onRetry={payments.reload} /> : null}
      {!payments.data ? (
        payments.status === 'loading' ? <Loading what="payments" /> : null
      ) : waiting.length === 0 ? (
        <Empty>No payment needs attention.</Empty>
      ) : (
        <ul className="plain-list">
          {waiting.map((p) => (
            <li key={p.paymentId}>
              <span className={`badge badge--${p.status.toLowerCase()}`}>{statusLabel(p.status)}</span> {displayMoney(p.amount, p.currency)} from{' '}
              <a href={hrefOf({ screen: 'account', accountId: p.accountId })}>{p.accountNumber}</a>
              {p.beneficiary ? ` to ${p.beneficiary.name}` : ''}
              {p.failureReason ? <div className="muted">{p.failureReason}</div> : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={hrefOf({ screen: 'payments' })}>All payments</a>
      </p>
    </section>
  );
}

function OpenReconciliation() {
  const items = useQuery('payments.reconciliation', { status: 'open' });
  useLive('store', { category: 'reconciliation' }, items.reload);
  const today = localDay();
  return (
    <section className="card" aria-labelledby="open-reconciliation-title">
      <h2 id="open-reconciliation-title">Open reconciliation items</h2>
      {items.status === 'error' ? <ErrorNotice error={items.error} onRetry={items.reload} /> : null}
      {!items.data ? (
        items.status === 'loading' ? <Loading what="reconciliation items" /> : null
      ) : items.data.items.length === 0 ? (
        <Empty>Nothing to reconcile: every payment matched PayFlow&apos;s list, or no day was reconciled yet (today is {today}).</Empty>
      ) : (
        <p>
          {items.data.items.length} item{items.data.items.length === 1 ? '' : 's'} to resolve, the oldest from {[...items.data.items].map((i) => i.date).sort()[0]}. Resolve them on{' '}
          <a href={hrefOf({ screen: 'payments' })}>Payments › Reconciliation</a>.
        </p>
      )}
    </section>
  );
}
