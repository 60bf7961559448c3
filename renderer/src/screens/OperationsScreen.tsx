/** Operations: subscriptions (lag, DLQ depth, status), dead letters (inspect, replay, purge with confirmation), projection rebuilds with progress, the ledger's hash chain. */

import { useState } from 'react';
import type { DeadLetterRow, LedgerVerificationResult } from '@fidelis/shared/operations/api.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayEventType, displayTime } from '../format.js';
import { statusLabel } from '../labels.js';
import { DataSafetyPanel } from './DataSafetyPanel.js';

export function OperationsScreen() {
  return (
    <section className="screen" aria-labelledby="operations-title">
      <h1 id="operations-title">Operations</h1>
      <Subscriptions />
      <DeadLetters />
      <Rebuilds />
      <LedgerIntegrity />
      <DataSafetyPanel />
    </section>
  );
}

function Subscriptions() {
  const subscriptions = useQuery('ops.subscriptions', {});
  useLive('readModel', { name: 'subscriptions' }, subscriptions.reload);
  useLive('store', {}, subscriptions.reload);
  return (
    <section className="card" aria-labelledby="subs-title">
      <h2 id="subs-title">Subscriptions</h2>
      {subscriptions.status === 'error' ? <ErrorNotice error={subscriptions.error} onRetry={subscriptions.reload} /> : null}
      {!subscriptions.data ? (
        <Loading what="subscriptions" />
      ) : subscriptions.data.items.length === 0 ? (
        <Empty>No subscriptions.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Subscription</th>
              <th scope="col" className="num">Position</th>
              <th scope="col" className="num">Lag</th>
              <th scope="col" className="num">Pending</th>
              <th scope="col" className="num">Dead letters</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.data.items.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td className="num">{s.position}</td>
                <td className="num">{s.lag}</td>
                <td className="num">{s.pending}</td>
                <td className="num">{s.deadLetters}</td>
                <td>
                  <span className={`badge badge--${s.status}`}>{statusLabel(s.status)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeadLetters() {
  const api = useApi();
  const letters = useQuery('ops.deadLetters', { offset: 0, limit: 200 });
  useLive('readModel', { name: 'deadLetters' }, letters.reload);
  useLive('store', {}, letters.reload);
  const [inspected, setInspected] = useState<DeadLetterRow | undefined>();
  const [purging, setPurging] = useState<string | undefined>();
  const action = useCommand<never>({});
  const subscriptions = [...new Set(letters.data?.items.map((l) => l.subscription) ?? [])];

  return (
    <section className="card" aria-labelledby="dlq-title">
      <h2 id="dlq-title">Dead letters</h2>
      {action.formError ? <ErrorNotice error={{ code: 'REFUSED', message: action.formError }} /> : null}
      {letters.status === 'error' ? <ErrorNotice error={letters.error} onRetry={letters.reload} /> : null}
      {!letters.data ? (
        <Loading what="dead letters" />
      ) : letters.data.items.length === 0 ? (
        <Empty>The dead-letter queues are empty.</Empty>
      ) : (
        <>
          <div className="form__actions">
            {subscriptions.map((name) => (
              <span key={name} className="button-group">
                <button type="button" onClick={async () => (await action.run(() => api.call('ops.replayAllDeadLetters', { subscription: name }))) && letters.reload()}>
                  Replay all of {name}
                </button>
                <button type="button" className="button--danger" onClick={() => setPurging(name)}>
                  Purge {name}…
                </button>
              </span>
            ))}
          </div>
          <table>
            <thead>
              <tr>
                <th scope="col">Parked</th>
                <th scope="col">Subscription</th>
                <th scope="col">Event</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">Retries</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {letters.data.items.map((letter) => (
                <tr key={letter.id}>
                  <td>{displayTime(letter.parkedAt)}</td>
                  <td>{letter.subscription}</td>
                  <td>
                    <span title={letter.eventType}>{displayEventType(letter.eventType)}</span> <span className="muted">{letter.streamId}</span>
                  </td>
                  <td>{letter.reason}</td>
                  <td className="num">{letter.retries}</td>
                  <td>
                    <button type="button" onClick={() => setInspected(letter)}>
                      Inspect
                    </button>{' '}
                    <button type="button" onClick={async () => (await action.run(() => api.call('ops.replayDeadLetter', { id: letter.id }))) && letters.reload()}>
                      Replay
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {inspected ? (
        <div className="card inspect" role="region" aria-label="Dead letter details">
          <h3>
            {inspected.eventType} <span className="muted">{inspected.eventId}</span>
          </h3>
          <pre>{JSON.stringify(inspected.payload, null, 2)}</pre>
          <button type="button" onClick={() => setInspected(undefined)}>
            Close details
          </button>
        </div>
      ) : null}
      {purging ? (
        <ConfirmDialog
          title={`Purge the dead letters of ${purging}?`}
          confirmLabel="Purge"
          danger
          busy={action.busy}
          onCancel={() => setPurging(undefined)}
          onConfirm={async () => {
            await action.run(() => api.call('ops.purgeDeadLetters', { subscription: purging, confirm: true }));
            setPurging(undefined);
            letters.reload();
          }}
        >
          <p>The parked events will not be handled by {purging}. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function Rebuilds() {
  const api = useApi();
  const rebuilds = useQuery('ops.rebuilds', {});
  useLive('readModel', { name: 'rebuilds' }, rebuilds.reload);
  const start = useCommand<never>({});
  return (
    <section className="card" aria-labelledby="rebuild-title">
      <h2 id="rebuild-title">Projection rebuilds</h2>
      {start.formError ? <ErrorNotice error={{ code: 'REFUSED', message: start.formError }} /> : null}
      {!rebuilds.data ? (
        <Loading what="projections" />
      ) : rebuilds.data.items.length === 0 ? (
        <Empty>No projections to rebuild.</Empty>
      ) : (
        <ul className="plain-list">
          {rebuilds.data.items.map((r) => (
            <li key={r.projection}>
              <strong>{r.projection}</strong>{' '}
              <progress max={Math.max(1, r.total)} value={r.processed} aria-label={`Rebuild of ${r.projection}`} /> {r.processed}/{r.total}
              {r.running ? ' running' : ` · ${r.dispatched} dispatched, ${r.skipped} skipped`}{' '}
              <button type="button" disabled={r.running || start.busy} onClick={async () => (await start.run(() => api.call('ops.startRebuild', { projection: r.projection }))) && rebuilds.reload()}>
                Rebuild {r.projection}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Recomputes every stream's hash chain in main: an altered, removed or unhashed commit is named here. */
function LedgerIntegrity() {
  const api = useApi();
  const [result, setResult] = useState<LedgerVerificationResult | undefined>();
  const verify = useCommand<never>({});
  const broken = result?.firstBreak;
  return (
    <section className="card" aria-labelledby="integrity-title">
      <h2 id="integrity-title">Ledger integrity</h2>
      <p>Recomputes the hash chain of every stream from the stored commits.</p>
      <button type="button" disabled={verify.busy} onClick={() => void verify.run(async () => setResult(await api.call('ops.verify', {})))}>
        {verify.busy ? 'Verifying…' : 'Verify the ledger'}
      </button>
      {verify.formError ? <ErrorNotice error={{ code: 'REFUSED', message: verify.formError }} /> : null}
      {result ? (
        <div role="status">
          {broken ? (
            <p>
              <strong>Chain broken</strong> ({result.breaks} link{result.breaks === 1 ? '' : 's'}): first at {broken.streamId} version {broken.version}, seq {broken.seq} — {broken.message}
            </p>
          ) : (
            <p>
              <strong>Intact</strong>: {result.commits} commits, {result.events} events in {result.streams} streams up to seq {result.headSeq}.
            </p>
          )}
          <p>
            Ledger head hash <code className="hash">{result.ledgerHeadHash}</code>
          </p>
        </div>
      ) : null}
    </section>
  );
}
