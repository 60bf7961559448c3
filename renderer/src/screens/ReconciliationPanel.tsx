/** Reconciliation: compare a day's external payments with PayFlow's settlement list; each mismatch is an item resolved with a note. */

import { useState } from 'react';
import type { ReconciliationItemDto, ReconciliationKind } from '@fidelis/shared/payments/api.js';
import { toApiError, useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { FormDialog } from '../components/FormDialog.js';
import { FormError, FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayMoney, displayTime } from '../format.js';
import { useCan } from '../session/session.js';

const KIND_TEXT: Readonly<Record<ReconciliationKind, string>> = {
  MISSING_IN_FIDELIS: 'Missing in Fidelis',
  MISSING_AT_PAYFLOW: 'Missing at PayFlow',
  AMOUNT_MISMATCH: 'Amount differs',
  STATUS_MISMATCH: 'Status differs',
};

/** Today in the teller's own calendar, as YYYY-MM-DD. */
export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function ReconciliationPanel() {
  const api = useApi();
  const [date, setDate] = useState(localDay);
  const [summary, setSummary] = useState<string | undefined>();
  const run = useCommand<'date'>({ date: 'date' });
  const valid = DAY.test(date);
  const items = useQuery('payments.reconciliation', valid ? { date, status: 'all' } : null);
  // Items are recorded as events (category reconciliation) and listed by the ReconciliationItems projection.
  useLive('store', { category: 'reconciliation' }, items.reload);
  useLive('readModel', { name: 'ReconciliationItems' }, items.reload);
  const [resolving, setResolving] = useState<ReconciliationItemDto | undefined>();
  // Running a day and resolving its items are a supervisor's ('approve'); others read the items of a day.
  const canReconcile = useCan('approve');

  return (
    <>
      {canReconcile ? (
        <form
          className="card form"
          aria-labelledby="reconcile-title"
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            setSummary(undefined);
            if (!valid) return run.setFieldError('date', 'Choose a day (YYYY-MM-DD).');
            let result: { matched: number; items: readonly unknown[] } | undefined;
            await run.run(async () => {
              result = await api.call('payments.reconcile', { date });
            });
            if (result) {
              setSummary(`${date}: ${result.matched} payment${result.matched === 1 ? '' : 's'} matched, ${result.items.length} item${result.items.length === 1 ? '' : 's'} to look at.`);
              items.reload();
            }
          }}
        >
          <h2 id="reconcile-title">Reconcile a day with PayFlow</h2>
          <div className="form__row form__row--end">
            <FormField label="Day" error={run.fieldErrors.date}>
              {(props) => <input {...props} type="date" value={date} onChange={(event) => setDate(event.target.value)} />}
            </FormField>
            <button type="submit" className="button--primary" disabled={run.busy}>
              {run.busy ? 'Reconciling…' : 'Run reconciliation'}
            </button>
          </div>
          <FormError message={run.formError} />
          <p className="form__status" role="status" aria-live="polite">
            {summary}
          </p>
        </form>
      ) : (
        <div className="card form__row form__row--end">
          <FormField label="Day">{(props) => <input {...props} type="date" value={date} onChange={(event) => setDate(event.target.value)} />}</FormField>
        </div>
      )}

      <section className="card" aria-labelledby="reconciliation-items-title">
        <h2 id="reconciliation-items-title">Items{valid ? ` for ${date}` : ''}</h2>
        {items.status === 'error' ? <ErrorNotice error={items.error} onRetry={items.reload} /> : null}
        {!valid ? null : !items.data ? (
          items.status === 'loading' ? <Loading what="reconciliation items" /> : null
        ) : items.data.items.length === 0 ? (
          <Empty>No reconciliation items for this day.</Empty>
        ) : (
          <table aria-label="Reconciliation items">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Payment</th>
                <th scope="col" className="num">Fidelis</th>
                <th scope="col" className="num">PayFlow</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr key={item.itemId}>
                  <td>{KIND_TEXT[item.kind]}</td>
                  <td>
                    {item.paymentId ?? <span className="muted">—</span>} {item.payflowId ? <code className="muted">{item.payflowId}</code> : null}
                  </td>
                  <td className="num">{side(item.fidelis)}</td>
                  <td className="num">{side(item.payflow)}</td>
                  <td>
                    <span className={`badge badge--${item.status === 'open' ? 'pending' : 'completed'}`}>{item.status === 'open' ? 'Open' : 'Resolved'}</span>
                    {item.resolution ? (
                      <span className="muted">
                        {' '}
                        {item.resolution.note} — {item.resolution.actor}, {displayTime(item.resolution.resolvedAt)}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {item.status === 'open' && canReconcile ? (
                      <button type="button" className="button--small" onClick={() => setResolving(item)} aria-label={`Resolve ${KIND_TEXT[item.kind]} ${item.paymentId ?? item.payflowId ?? ''}`.trim()}>
                        Resolve…
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {resolving ? (
        <ResolveDialog
          item={resolving}
          onCancel={() => setResolving(undefined)}
          onDone={() => {
            setResolving(undefined);
            items.reload();
          }}
        />
      ) : null}
    </>
  );
}

function side(value: ReconciliationItemDto['fidelis']): string {
  if (!value) return '—';
  return `${displayMoney(value.amount, value.currency)} · ${value.status.toLowerCase()}`;
}

function ResolveDialog({ item, onCancel, onDone }: { item: ReconciliationItemDto; onCancel: () => void; onDone: () => void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ note?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  return (
    <FormDialog
      title={`Resolve: ${KIND_TEXT[item.kind]}`}
      description={<p>Say what was done about {item.paymentId ?? item.payflowId ?? 'this item'}. The note is kept with the item.</p>}
      submitLabel="Resolve"
      busy={busy}
      error={error.form}
      onCancel={onCancel}
      onSubmit={async () => {
        if (note.trim() === '') return setError({ note: 'Say how the item was resolved.' });
        setBusy(true);
        setError({});
        try {
          await api.call('payments.resolveItem', { itemId: item.itemId, note: note.trim() });
          onDone();
        } catch (failure) {
          const refusal = toApiError(failure);
          setError(refusal.field === 'note' ? { note: refusal.message } : { form: refusal.message });
          setBusy(false);
        }
      }}
    >
      <FormField label="Note" error={error.note}>
        {(props) => <textarea {...props} rows={3} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />}
      </FormField>
    </FormDialog>
  );
}
