/** Dashboard: today's deposits and withdrawals by source type, counts, largest movements, volume by hour; live. */

import { useMemo } from 'react';
import { useLive, useQuery } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { displayMoney, displayTime } from '../format.js';
import { movementLabel, sourceLabel } from '../labels.js';
import { hrefOf } from '../routing.js';
import { useCan } from '../session/session.js';
import { VolumeChart } from './VolumeChart.js';

/** Today in the teller's own time zone. */
function today(): { from: string; to: string } {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

export function DashboardScreen() {
  const period = useMemo(today, []);
  const activity = useQuery('dashboard.activity', period);
  // The alerts and the ledger's subscriptions are for those who act on them: a teller's day shows neither.
  const canReviewAlerts = useCan('alerts');
  const canOperate = useCan('operations');
  useLive('store', {}, activity.reload);
  useLive('readModel', { name: 'alerts' }, activity.reload);
  // The day's figures are async read models: they land a moment after the store changed.
  useLive('readModel', { name: 'dashboard' }, activity.reload);

  return (
    <section className="screen" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Today</h1>
      {activity.status === 'error' ? <ErrorNotice error={activity.error} onRetry={activity.reload} /> : null}
      {!activity.data ? (
        activity.status === 'loading' ? <Loading what="today's activity" /> : null
      ) : (
        <>
          {canReviewAlerts || canOperate ? (
            <div className="tiles">
              {canReviewAlerts ? (
                <div className="card tile">
                  <h2>Open alerts</h2>
                  <p className="tile__value">{activity.data.openAlerts}</p>
                  <a href={hrefOf({ screen: 'compliance' })}>Review alerts</a>
                </div>
              ) : null}
              {canOperate ? (
                <div className="card tile">
                  <h2>Subscriptions</h2>
                  <p className="tile__value">
                    {activity.data.subscriptions.ok} ok · {activity.data.subscriptions.lagging} lagging · {activity.data.subscriptions.failing} failing
                  </p>
                  <a href={hrefOf({ screen: 'operations' })}>Operations</a>
                </div>
              ) : null}
            </div>
          ) : null}
          {activity.data.currencies.length === 0 ? <Empty>No deposits or withdrawals yet today.</Empty> : null}
          {activity.data.currencies.map((c) => (
            <section key={c.currency} className="card" aria-labelledby={`dash-${c.currency}`}>
              <h2 id={`dash-${c.currency}`}>{c.currency}</h2>
              <dl className="facts" aria-label={`Totals in ${c.currency}`}>
                <div>
                  <dt>Deposits</dt>
                  <dd data-testid={`deposits-${c.currency}`}>
                    {c.deposits.count} · {displayMoney(c.deposits.total, c.currency)}
                  </dd>
                </div>
                <div>
                  <dt>Withdrawals</dt>
                  <dd data-testid={`withdrawals-${c.currency}`}>
                    {c.withdrawals.count} · {displayMoney(c.withdrawals.total, c.currency)}
                  </dd>
                </div>
              </dl>
              <VolumeChart data={c} />
              <div className="two-columns">
                <table>
                  <caption>Deposits by source</caption>
                  <thead>
                    <tr>
                      <th scope="col">Source</th>
                      <th scope="col" className="num">
                        Count
                      </th>
                      <th scope="col" className="num">
                        Total
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.bySource.length === 0 ? (
                      <tr>
                        <td colSpan={3}>No deposits.</td>
                      </tr>
                    ) : (
                      c.bySource.map((s) => (
                        <tr key={s.sourceType}>
                          <td>{sourceLabel(s.sourceType)}</td>
                          <td className="num">{s.count}</td>
                          <td className="num">{displayMoney(s.total, c.currency)}</td>
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
                <table>
                  <caption>Largest movements</caption>
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Kind</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                      <th scope="col">Time</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.largest.map((m) => (
                      <tr key={m.eventId}>
                        <td>
                          <a href={hrefOf({ screen: 'account', accountId: m.accountId })}>{m.number}</a> <span className="muted">{m.holder}</span>
                        </td>
                        <td>{movementLabel(m.kind)}</td>
                        <td className="num">{displayMoney(m.amount, c.currency)}</td>
                        <td>
                          <time dateTime={m.occurredAt}>{displayTime(m.occurredAt)}</time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
