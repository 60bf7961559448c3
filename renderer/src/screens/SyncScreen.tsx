/**
 * Sync: the connection to the gateway (online, pending events, last synced, last error), its configuration for those
 * who run the workstation, and the exception queue a supervisor resolves.
 */

import { useEffect, useMemo, useState } from 'react';
import type { SyncExceptionRow } from '@fidelis/shared/sync/api.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfigForm } from '../components/ConfigForm.js';
import { FormError } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayMoney, displayTime } from '../format.js';
import { commandLabel, humanCode } from '../labels.js';
import { hrefOf } from '../routing.js';
import { useCan, useSession } from '../session/session.js';

/** The status has no live topic of its own: it is read again on every store change and every few seconds. */
const STATUS_REFRESH_MS = 5_000;

export function SyncScreen() {
  const canConfigure = useCan('operations');
  const status = useQuery('sync.status', {});
  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync</h1>
      <SyncStatusCard status={status} />
      {canConfigure ? <SyncConfigForm gatewayUrl={status.data?.gatewayUrl ?? null} configured={status.data?.configured === true} onSaved={status.reload} /> : null}
      <ExceptionQueue />
    </section>
  );
}

function SyncStatusCard({ status }: { status: ReturnType<typeof useQuery<'sync.status'>> }) {
  const api = useApi();
  const { reload } = status;
  useLive('store', {}, reload);
  useEffect(() => {
    const timer = setInterval(reload, STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const syncNow = useCommand<never>({});
  const [report, setReport] = useState<string | undefined>();
  const s = status.data;

  return (
    <section className="card" aria-labelledby="sync-status-title">
      <h2 id="sync-status-title">Connection</h2>
      {status.status === 'error' ? <ErrorNotice error={status.error} onRetry={reload} /> : null}
      {!s ? (
        status.status === 'loading' ? <Loading what="the sync status" /> : null
      ) : !s.configured ? (
        <Empty>Sync is not configured on this workstation: it records on its own until an administrator points it at the gateway.</Empty>
      ) : (
        <>
          <dl className="facts facts--small">
            <div>
              <dt>Gateway</dt>
              <dd>{s.gatewayUrl}</dd>
            </div>
            <div>
              <dt>State</dt>
              <dd>{s.online ? 'Online' : s.running ? 'Offline — retrying' : 'Offline'}</dd>
            </div>
            <div>
              <dt>Pending events</dt>
              <dd>{s.pendingEvents}</dd>
            </div>
            <div>
              <dt>Last synced</dt>
              <dd>{s.lastSyncedAt ? displayTime(s.lastSyncedAt) : 'Never'}</dd>
            </div>
            <div>
              <dt>Last error</dt>
              <dd>{s.lastError ?? 'None'}</dd>
            </div>
            <div>
              <dt>Open exceptions</dt>
              <dd>{s.openExceptions}</dd>
            </div>
          </dl>
          <FormError message={syncNow.formError} />
          <div className="form__actions">
            <button
              type="button"
              disabled={syncNow.busy}
              onClick={async () => {
                setReport(undefined);
                await syncNow.run(async () => {
                  const done = await api.call('sync.now', {});
                  setReport(`Sent ${done.pushed}, received ${done.pulled}, decided again ${done.rebased}; ${done.exceptions} new exception${done.exceptions === 1 ? '' : 's'}.`);
                });
                reload();
              }}
            >
              {syncNow.busy ? 'Syncing…' : 'Sync now'}
            </button>
          </div>
          <p className="form__status" role="status" aria-live="polite">
            {report}
          </p>
        </>
      )}
    </section>
  );
}

const SYNC_FIELDS = (gatewayUrl: string | null) =>
  [
    { name: 'gatewayUrl', label: 'Gateway URL', placeholder: gatewayUrl ?? 'http://127.0.0.1:8787' },
    { name: 'deviceId', label: 'Device id' },
    { name: 'secret', label: 'Device secret', secret: true },
    { name: 'standInLimit', label: 'Offline limit per account and day', hint: 'What one account may pay out per day while the gateway cannot be reached.', placeholder: '1000.00' },
  ] as const;

/** The gateway, this workstation's device id and secret (printed by the gateway), and the offline limit: as `fidelis sync configure`. */
function SyncConfigForm({ gatewayUrl, configured, onSaved }: { gatewayUrl: string | null; configured: boolean; onSaved: () => void }) {
  const api = useApi();
  const fields = useMemo(() => SYNC_FIELDS(gatewayUrl), [gatewayUrl]);
  return (
    <ConfigForm
      id="sync-config-title"
      title="Gateway configuration"
      intro={configured ? 'Leave a field empty to keep its current value. The secret is stored, never shown.' : 'The gateway prints this workstation’s device id and secret when it is registered there.'}
      fields={fields}
      save={async (given) => {
        const config = await api.call('sync.configure', given);
        onSaved();
        return `Sync configured: gateway ${config.gatewayUrl}, device ${config.deviceId}, offline limit ${config.standInLimit} per account and day. Syncing starts now.`;
      }}
    />
  );
}

/** Open exceptions with a supervisor's resolution; the review screen shows the same queue. */
export function ExceptionQueue() {
  const exceptions = useQuery('sync.exceptions', { includeResolved: false });
  useLive('store', { category: 'syncexception' }, exceptions.reload);

  return (
    <section className="card" aria-labelledby="sync-exceptions-title">
      <h2 id="sync-exceptions-title">Sync exceptions</h2>
      <p className="muted">Commands that no longer held once another workstation&apos;s work arrived. A supervisor retries, reverses or accepts each one.</p>
      {exceptions.status === 'error' ? <ErrorNotice error={exceptions.error} onRetry={exceptions.reload} /> : null}
      {!exceptions.data ? (
        exceptions.status === 'loading' ? <Loading what="sync exceptions" /> : null
      ) : exceptions.data.items.length === 0 ? (
        <Empty>No open sync exceptions.</Empty>
      ) : (
        <ul className="plain-list">
          {exceptions.data.items.map((item) => (
            <li key={item.commandId}>
              <ExceptionItem item={item} onResolved={exceptions.reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const RESOLUTIONS = [
  { value: 'retry', label: 'Retry: decide the command again now' },
  { value: 'reverse', label: 'Reverse: it will not be applied' },
  { value: 'accept', label: 'Accept with override: book it to a suspense account' },
] as const;

/** Main's field names onto this form's inputs; a refusal of the command itself (funds still short) shows on the resolution. */
const RESOLVE_FIELDS = { note: 'note', resolution: 'resolution', commandId: 'resolution', amount: 'resolution', balance: 'resolution' } as const;

function ExceptionItem({ item, onResolved }: { item: SyncExceptionRow; onResolved: () => void }) {
  // Only a supervisor resolves: other roles see the exception, not the form.
  return useCan('resolveSyncExceptions') ? <ExceptionForm item={item} onResolved={onResolved} /> : <p>{exceptionText(item)}</p>;
}

function exceptionText(item: SyncExceptionRow) {
  return (
    <>
      <strong>{commandLabel(item.commandType)}</strong>
      {item.accountId ? (
        <>
          {' '}
          on account <a href={hrefOf({ screen: 'account', accountId: item.accountId })}>{item.accountNumber ?? item.accountId}</a>
        </>
      ) : null}
      {item.amount ? ` for ${item.currency ? displayMoney(item.amount, item.currency) : item.amount}` : null} — {humanCode(item.code)}: {item.message}{' '}
      <span className="muted">({displayTime(item.archivedAt)})</span>
    </>
  );
}

function ExceptionForm({ item, onResolved }: { item: SyncExceptionRow; onResolved: () => void }) {
  const api = useApi();
  const [resolution, setResolution] = useState<(typeof RESOLUTIONS)[number]['value']>('retry');
  const supervisor = useSession()?.principal.username ?? '';
  const [note, setNote] = useState('');
  const resolve = useCommand(RESOLVE_FIELDS);
  const idOf = (name: string) => `sync-${name}-${item.commandId}`;

  return (
    <form
      className="form"
      aria-label={`Resolve the ${commandLabel(item.commandType).toLowerCase()} ${item.accountNumber ? `on ${item.accountNumber}` : item.commandId}`}
      onSubmit={async (event) => {
        event.preventDefault();
        // Main records the signed-in supervisor.
        const done = await resolve.run(() => api.call('sync.resolve', { commandId: item.commandId, resolution, supervisor, ...(note.trim() ? { note } : {}) }));
        if (done) onResolved();
      }}
    >
      <p>{exceptionText(item)}</p>
      <div className="form__row form__row--end">
        <div className="field">
          <label htmlFor={idOf('resolution')}>Resolution</label>
          <select id={idOf('resolution')} value={resolution} onChange={(event) => (setResolution(event.target.value as typeof resolution), resolve.edited())}>
            {RESOLUTIONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={idOf('note')}>Note</label>
          <input id={idOf('note')} value={note} maxLength={280} onChange={(event) => (setNote(event.target.value), resolve.edited())} />
        </div>
        <button type="submit" disabled={resolve.busy}>
          Resolve
        </button>
      </div>
      <FormError message={resolve.formError ?? resolve.fieldErrors.resolution ?? resolve.fieldErrors.note} />
    </form>
  );
}
