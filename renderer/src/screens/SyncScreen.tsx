/** Sync: the connection to the gateway (online, pending events, last synced, last error) and the exception queue a supervisor resolves. */

import { useEffect, useState } from 'react';
import type { SyncExceptionRow } from '@fidelis/shared/sync/api.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayTime } from '../format.js';
import { hrefOf } from '../routing.js';
import { useCan, useSession } from '../session/session.js';

/** The status has no live topic of its own: it is read again on every store change and every few seconds. */
const STATUS_REFRESH_MS = 5_000;

export function SyncScreen() {
  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync</h1>
      <SyncStatusCard />
      <ExceptionQueue />
    </section>
  );
}

function SyncStatusCard() {
  const api = useApi();
  const status = useQuery('sync.status', {});
  const { reload } = status;
  useLive('store', {}, reload);
  useEffect(() => {
    const timer = setInterval(reload, STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const syncNow = useCommand<never>({});
  const s = status.data;

  return (
    <div className="card" aria-labelledby="sync-status-title">
      <h2 id="sync-status-title">Connection</h2>
      {status.status === 'error' ? <ErrorNotice error={status.error} onRetry={reload} /> : null}
      {!s ? (
        status.status === 'loading' ? <Loading what="the sync status" /> : null
      ) : !s.configured ? (
        <Empty>Sync is not configured on this workstation (fidelis sync configure --gateway URL --device-id ID --secret S).</Empty>
      ) : (
        <>
          <dl className="facts">
            <dt>Gateway</dt>
            <dd>{s.gatewayUrl}</dd>
            <dt>State</dt>
            <dd role="status">{s.online ? 'Online' : s.running ? 'Offline — retrying' : 'Offline'}</dd>
            <dt>Pending events</dt>
            <dd>{s.pendingEvents}</dd>
            <dt>Last synced</dt>
            <dd>{s.lastSyncedAt ? displayTime(s.lastSyncedAt) : 'Never'}</dd>
            <dt>Last error</dt>
            <dd>{s.lastError ?? 'None'}</dd>
            <dt>Open exceptions</dt>
            <dd>{s.openExceptions}</dd>
          </dl>
          {syncNow.formError ? <ErrorNotice error={{ code: 'REFUSED', message: syncNow.formError }} /> : null}
          <button
            type="button"
            disabled={syncNow.busy}
            onClick={async () => {
              await syncNow.run(() => api.call('sync.now', {}));
              reload();
            }}
          >
            Sync now
          </button>
        </>
      )}
    </div>
  );
}

function ExceptionQueue() {
  const exceptions = useQuery('sync.exceptions', { includeResolved: false });
  useLive('store', { category: 'syncexception' }, exceptions.reload);

  return (
    <div className="card" aria-labelledby="sync-exceptions-title">
      <h2 id="sync-exceptions-title">Exceptions</h2>
      <p>Commands that no longer held once another workstation&apos;s work arrived. A supervisor retries, reverses or accepts each one.</p>
      {exceptions.status === 'error' ? <ErrorNotice error={exceptions.error} onRetry={exceptions.reload} /> : null}
      {!exceptions.data ? (
        exceptions.status === 'loading' ? <Loading what="sync exceptions" /> : null
      ) : exceptions.data.items.length === 0 ? (
        <Empty>No open sync exceptions.</Empty>
      ) : (
        <ul className="list">
          {exceptions.data.items.map((item) => (
            <li key={item.commandId}>
              <ExceptionItem item={item} onResolved={exceptions.reload} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const RESOLUTIONS = [
  { value: 'retry', label: 'Retry: decide the command again now' },
  { value: 'reverse', label: 'Reverse: it will not be applied' },
  { value: 'accept', label: 'Accept with override: book it to a suspense account' },
] as const;

/** Main's field names onto this form's inputs; a refusal of the command itself (funds still short) shows on the resolution. */
const RESOLVE_FIELDS = { supervisor: 'supervisor', note: 'note', resolution: 'resolution', commandId: 'resolution', amount: 'resolution', balance: 'resolution' } as const;

function ExceptionItem({ item, onResolved }: { item: SyncExceptionRow; onResolved: () => void }) {
  // Only a supervisor resolves: other roles see the exception, not the form.
  return useCan('resolveSyncExceptions') ? <ExceptionForm item={item} onResolved={onResolved} /> : <p>{exceptionText(item)}</p>;
}

function exceptionText(item: SyncExceptionRow) {
  return (
    <>
      <strong>{item.commandType}</strong>
      {item.accountId ? (
        <>
          {' '}
          on <a href={hrefOf({ screen: 'account', accountId: item.accountId })}>{item.accountId}</a>
        </>
      ) : null}
      {item.amount ? ` for ${item.amount}` : null} — {item.code}: {item.message} <small>({displayTime(item.archivedAt)})</small>
    </>
  );
}

function ExceptionForm({ item, onResolved }: { item: SyncExceptionRow; onResolved: () => void }) {
  const api = useApi();
  const [resolution, setResolution] = useState<(typeof RESOLUTIONS)[number]['value']>('retry');
  // Main records the signed-in supervisor whatever is typed here; the field starts with their name.
  const [supervisor, setSupervisor] = useState(useSession()?.principal.username ?? '');
  const [note, setNote] = useState('');
  const resolve = useCommand(RESOLVE_FIELDS);
  const idOf = (name: string) => `sync-${name}-${item.commandId}`;

  return (
    <form
      aria-label={`Resolve ${item.commandType} ${item.commandId}`}
      onSubmit={async (event) => {
        event.preventDefault();
        const done = await resolve.run(() => api.call('sync.resolve', { commandId: item.commandId, resolution, supervisor, ...(note.trim() ? { note } : {}) }));
        if (done) onResolved();
      }}
    >
      <p>{exceptionText(item)}</p>
      {resolve.formError ? <ErrorNotice error={{ code: 'REFUSED', message: resolve.formError }} /> : null}
      {Object.entries(resolve.fieldErrors).map(([field, message]) => (
        <ErrorNotice key={field} error={{ code: 'REFUSED', message: String(message) }} />
      ))}
      <label htmlFor={idOf('resolution')}>Resolution</label>{' '}
      <select id={idOf('resolution')} value={resolution} onChange={(event) => setResolution(event.target.value as typeof resolution)}>
        {RESOLUTIONS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={idOf('supervisor')}>Supervisor</label>{' '}
      <input id={idOf('supervisor')} required value={supervisor} onChange={(event) => setSupervisor(event.target.value)} aria-invalid={resolve.fieldErrors.supervisor ? true : undefined} />{' '}
      <label htmlFor={idOf('note')}>Note</label> <input id={idOf('note')} value={note} maxLength={280} onChange={(event) => setNote(event.target.value)} />{' '}
      <button type="submit" disabled={resolve.busy}>
        Resolve
      </button>
    </form>
  );
}
