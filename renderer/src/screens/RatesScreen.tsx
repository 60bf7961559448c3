/**
 * Exchange rates (supervisors): record a currency's rate for a business day, as US dollars per unit, and see the
 * rates recorded, newest day first. Reports convert a day's foreign cash at that day's rate and refuse without one.
 */

import { useState, type FormEvent } from 'react';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { FormError, FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayTime } from '../format.js';

type RateField = 'day' | 'currency' | 'usdPerUnit' | 'reason';

const FIELD_OF: Readonly<Record<string, RateField>> = { day: 'day', currency: 'currency', usdPerUnit: 'usdPerUnit', reason: 'reason' };

export function RatesScreen() {
  const rates = useQuery('rates.list', { limit: 200 });
  useLive('store', { category: 'rate' }, rates.reload);
  return (
    <section className="screen" aria-labelledby="rates-title">
      <h1 id="rates-title">Exchange rates</h1>
      <p className="muted">
        A rate is US dollars for one unit of the currency on a business day (for example 0.0067 USD per JPY). Reports convert that
        day&apos;s foreign cash with it, and refuse to guess when none is recorded.
      </p>
      <RecordRateForm onRecorded={rates.reload} />
      <div className="card">
        <h2>Recorded rates</h2>
        {rates.status === 'error' ? <ErrorNotice error={rates.error} onRetry={rates.reload} /> : null}
        {!rates.data ? (
          rates.status === 'loading' ? <Loading what="rates" /> : null
        ) : rates.data.rates.length === 0 ? (
          <Empty>No rates recorded yet.</Empty>
        ) : (
          <table>
            <caption className="visually-hidden">Exchange rates, newest day first</caption>
            <thead>
              <tr>
                <th scope="col">Business day</th>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  USD per unit
                </th>
                <th scope="col">Recorded by</th>
                <th scope="col">Recorded at</th>
                <th scope="col">Corrections</th>
              </tr>
            </thead>
            <tbody>
              {rates.data.rates.map((rate) => (
                <tr key={`${rate.day}|${rate.currency}`}>
                  <td>{rate.day}</td>
                  <td>{rate.currency}</td>
                  <td className="num">{rate.usdPerUnit}</td>
                  <td>{rate.recordedBy}</td>
                  <td>{displayTime(rate.recordedAt)}</td>
                  <td>{rate.revisions > 1 ? `${rate.revisions - 1}: ${rate.reason ?? ''}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function RecordRateForm({ onRecorded }: { onRecorded: () => void }) {
  const api = useApi();
  const command = useCommand<RateField>(FIELD_OF);
  const [day, setDay] = useState('');
  const [currency, setCurrency] = useState('');
  const [usdPerUnit, setUsdPerUnit] = useState('');
  const [reason, setReason] = useState('');
  const [recorded, setRecorded] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRecorded(undefined);
    let saved = '';
    const accepted = await command.run(async () => {
      const row = await api.call('rates.record', { day, currency, usdPerUnit: usdPerUnit.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) });
      saved = `${row.currency} on ${row.day}: ${row.usdPerUnit} USD per unit.`;
    });
    if (!accepted) return;
    setRecorded(saved);
    setUsdPerUnit('');
    setReason('');
    onRecorded();
  };

  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-labelledby="record-rate-title" noValidate>
      <h2 id="record-rate-title">Record a rate</h2>
      <FormField label="Business day" error={command.fieldErrors.day}>
        {(props) => <input {...props} type="date" value={day} required onChange={(e) => (setDay(e.target.value), command.edited('day'))} />}
      </FormField>
      <FormField label="Currency" error={command.fieldErrors.currency} hint="ISO code, such as JPY or EUR">
        {(props) => <input {...props} value={currency} maxLength={3} autoComplete="off" required onChange={(e) => (setCurrency(e.target.value.toUpperCase()), command.edited('currency'))} />}
      </FormField>
      <FormField label="US dollars per unit" error={command.fieldErrors.usdPerUnit} hint="Exactly as published, such as 0.0067">
        {(props) => <input {...props} value={usdPerUnit} inputMode="decimal" autoComplete="off" required onChange={(e) => (setUsdPerUnit(e.target.value), command.edited('usdPerUnit'))} />}
      </FormField>
      <FormField label="Reason for a correction" error={command.fieldErrors.reason} hint="Only when the day already has a different rate">
        {(props) => <input {...props} value={reason} maxLength={200} onChange={(e) => (setReason(e.target.value), command.edited('reason'))} />}
      </FormField>
      <FormError message={command.formError} />
      <button type="submit" disabled={command.busy}>
        {command.busy ? 'Recording…' : 'Record rate'}
      </button>
      {recorded ? (
        <p role="status" className="notice">
          Recorded {recorded}
        </p>
      ) : null}
    </form>
  );
}
