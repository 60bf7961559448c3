/** Choose a past version or date and time to see the account as it was; "Now" returns to the live account. */

import { useState } from 'react';
import { FormField } from '../components/FormField.js';

export type PointInTime = { readonly version: number } | { readonly asOf: string } | null;

export function PointInTimeControl({ headVersion, value, onChange }: { headVersion: number; value: PointInTime; onChange: (value: PointInTime) => void }) {
  const [version, setVersion] = useState('');
  const [time, setTime] = useState('');
  const [error, setError] = useState<{ field: 'version' | 'time'; message: string } | undefined>();

  return (
    <form
      className="card form point-in-time"
      aria-label="Point in time"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        if (version.trim() !== '') {
          const n = Number(version);
          if (!/^\d+$/.test(version.trim()) || n > headVersion) {
            setError({ field: 'version', message: `Enter a version from 0 to ${headVersion}.` });
            return;
          }
          onChange({ version: n });
        } else if (time !== '') {
          const at = new Date(time);
          if (Number.isNaN(at.getTime())) {
            setError({ field: 'time', message: 'Enter a date and time.' });
            return;
          }
          onChange({ asOf: at.toISOString() });
        } else {
          setError({ field: 'version', message: 'Enter a version or a date and time.' });
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          setVersion('');
          setTime('');
          setError(undefined);
          onChange(null);
        }
      }}
    >
      <h3>Point in time</h3>
      <div className="form__row">
        <FormField label={`Version (0–${headVersion})`} error={error?.field === 'version' ? error.message : undefined}>
          {(props) => <input {...props} name="version" type="text" inputMode="numeric" value={version} onChange={(event) => (setVersion(event.target.value), setTime(''), setError(undefined))} />}
        </FormField>
        <FormField label="or date and time" error={error?.field === 'time' ? error.message : undefined}>
          {(props) => <input {...props} name="asOf" type="datetime-local" step={1} value={time} onChange={(event) => (setTime(event.target.value), setVersion(''), setError(undefined))} />}
        </FormField>
      </div>
      <div className="form__actions">
        <button type="submit">Show as it was</button>
        <button type="button" disabled={value === null} onClick={() => (setVersion(''), setTime(''), setError(undefined), onChange(null))}>
          Back to now
        </button>
      </div>
    </form>
  );
}
