/**
 * Reports: choose a report, a business day or a period (and an account for a statement) and a format; preview the
 * first rows of each section; export in the background with a progress bar; show where the exports folder is.
 */

import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { MethodInput } from '@fidelis/shared/api/contract.js';
import { reportExportInput, type ReportJobStatus, type ReportPreview } from '@fidelis/shared/reports/api.js';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '@fidelis/shared/reports/model.js';
import { toApiError, useApi, useQuery } from '../api/ApiProvider.js';
import { FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { presentPreview, sectionLabel } from '../reportPreview.js';

const KIND_LABELS: Record<ReportKind, string> = {
  ctr: 'Currency Transaction Report (CTR)',
  structuring: 'Possible structuring',
  large: 'Large transactions',
  'trial-balance': 'Trial balance',
  statement: 'Account statement',
  audit: 'Audit trail',
  tills: 'Till and vault positions',
  'over-short': 'Cash over and short per teller',
};
const FORMAT_LABELS: Record<ReportFormat, string> = { csv: 'CSV', xlsx: 'Excel (xlsx)', pdf: 'PDF', json: 'JSON', 'fincen-xml': 'FinCEN CTR batch (XML)' };
/** How often a running export is asked how far it got. */
const POLL_MS = 250;
const PREVIEW_ROWS = 20;

type Field = 'kind' | 'date' | 'from' | 'to' | 'accountId' | 'format';
type FieldErrors = Partial<Record<Field, string>>;
const FIELDS: readonly string[] = ['kind', 'date', 'from', 'to', 'accountId', 'format'];

export function ReportsScreen() {
  return (
    <section className="screen" aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <ReportForm />
      <ExportsFolder />
    </section>
  );
}

const today = (): string => new Date().toISOString().slice(0, 10);

export function ReportForm() {
  const api = useApi();
  const [kind, setKind] = useState<ReportKind>('ctr');
  const [span, setSpan] = useState<'day' | 'period'>('day');
  const [date, setDate] = useState(today);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [accountId, setAccountId] = useState('');
  const [format, setFormat] = useState<ReportFormat>('csv');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [preview, setPreview] = useState<{ busy: boolean; data?: ReportPreview | undefined }>({ busy: false });
  const [job, setJob] = useState<ReportJobStatus | undefined>();
  const formats = REPORT_FORMATS.filter((f) => f !== 'fincen-xml' || kind === 'ctr');

  /** The request as main will check it: the same schema, so the teller sees the same words before and after sending. */
  const request = (): MethodInput<'reports.export'> | undefined => {
    const input = {
      kind,
      ...(span === 'day' ? { date: date || undefined } : { from: from || undefined, to: to || undefined }),
      ...(accountId.trim() ? { accountId: accountId.trim() } : {}),
      format,
    };
    const checked = reportExportInput.safeParse(input);
    if (checked.success) return checked.data;
    const found: FieldErrors = {};
    for (const issue of checked.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (FIELDS.includes(field) && !found[field as Field]) found[field as Field] = issue.message;
    }
    setErrors(found);
    return undefined;
  };

  const refused = (error: unknown) => {
    const apiError = toApiError(error);
    if (apiError.field && FIELDS.includes(apiError.field)) setErrors({ [apiError.field]: apiError.message });
    else setFormError(apiError.message);
  };

  const runPreview = async (event?: FormEvent) => {
    event?.preventDefault();
    setErrors({});
    setFormError(undefined);
    const input = request();
    if (!input) return;
    const { format: _format, ...choice } = input;
    setPreview({ busy: true });
    try {
      setPreview({ busy: false, data: await api.call('reports.preview', { ...choice, limit: PREVIEW_ROWS }) });
    } catch (error) {
      setPreview({ busy: false });
      refused(error);
    }
  };

  const runExport = async () => {
    setErrors({});
    setFormError(undefined);
    const input = request();
    if (!input) return;
    try {
      setJob(await api.call('reports.export', input));
    } catch (error) {
      refused(error);
    }
  };

  // A running export is polled until it is done or failed.
  const running = job?.state === 'running' ? job.jobId : undefined;
  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const timer = setInterval(() => {
      api.call('reports.job', { jobId: running }).then(
        (status) => !stopped && setJob(status),
        (error: unknown) => !stopped && setJob((previous) => previous && { ...previous, state: 'failed', error: { code: toApiError(error).code, message: toApiError(error).message } }),
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, running]);

  return (
    <>
      <form className="card form" aria-labelledby="report-form-title" noValidate onSubmit={runPreview}>
        <h2 id="report-form-title">Choose a report</h2>
        <div className="form__row">
          <FormField label="Report" error={errors.kind}>
            {(props) => (
              <select
                {...props}
                value={kind}
                onChange={(event) => {
                  const next = event.target.value as ReportKind;
                  setKind(next);
                  if (next !== 'ctr' && format === 'fincen-xml') setFormat('csv');
                  setPreview({ busy: false });
                }}
              >
                {REPORT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <fieldset className="field">
            <legend>For</legend>
            <label>
              <input type="radio" name="report-span" value="day" checked={span === 'day'} onChange={() => setSpan('day')} /> One business day
            </label>
            <label>
              <input type="radio" name="report-span" value="period" checked={span === 'period'} onChange={() => setSpan('period')} /> A period
            </label>
          </fieldset>
          {span === 'day' ? (
            <FormField label="Business day" error={errors.date}>
              {(props) => <input {...props} type="date" value={date} onChange={(event) => setDate(event.target.value)} />}
            </FormField>
          ) : (
            <>
              <FormField label="From" error={errors.from ?? errors.date}>
                {(props) => <input {...props} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />}
              </FormField>
              <FormField label="To" error={errors.to}>
                {(props) => <input {...props} type="date" value={to} onChange={(event) => setTo(event.target.value)} />}
              </FormField>
            </>
          )}
          <FormField label="Account" error={errors.accountId} hint={kind === 'statement' ? 'Required for a statement.' : 'Optional.'}>
            {(props) => <input {...props} value={accountId} maxLength={64} onChange={(event) => setAccountId(event.target.value)} />}
          </FormField>
          <FormField label="Format" error={errors.format}>
            {(props) => (
              <select {...props} value={format} onChange={(event) => setFormat(event.target.value as ReportFormat)}>
                {formats.map((f) => (
                  <option key={f} value={f}>
                    {FORMAT_LABELS[f]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        {formError ? <ErrorNotice error={{ code: 'REFUSED', message: formError }} /> : null}
        <div className="form__actions">
          <button type="submit" disabled={preview.busy}>
            Preview
          </button>
          <button type="button" className="button--primary" disabled={running !== undefined} onClick={runExport}>
            Export
          </button>
        </div>
      </form>
      <ExportProgress job={job} />
      <PreviewCard busy={preview.busy} preview={preview.data} />
    </>
  );
}

export function ExportProgress({ job }: { job: ReportJobStatus | undefined }) {
  if (!job) return null;
  return (
    <div className="card" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      {job.state === 'running' ? (
        <>
          <progress aria-label="Export progress" max={job.total || undefined} value={job.total ? job.done : undefined} />
          <p role="status" aria-live="polite">
            {job.total ? `Exporting… ${job.done} of ${job.total} events read.` : 'Exporting…'}
          </p>
        </>
      ) : job.state === 'failed' ? (
        <ErrorNotice error={job.error ?? { code: 'INTERNAL', message: 'The export failed.' }} />
      ) : (
        <div role="status" aria-live="polite">
          <p>
            Exported to <code>{job.path}</code> <CopyButton text={job.path ?? ''} label="Copy file path" />
          </p>
          {job.manifest ? (
            <ul className="plain-list">
              <li>Rows: {Object.entries(job.manifest.rowCounts).map(([section, n]) => `${sectionLabel(section)} (${n})`).join(', ') || 'none'}</li>
              <li>
                SHA-256: <code>{job.manifest.sha256}</code>
              </li>
              <li>
                Manifest: <code>{job.manifestPath}</code>
              </li>
            </ul>
          ) : null}
          {job.manifest?.warnings.map((warning) => (
            <p key={warning} className="form__error">
              Warning: {warning}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

function PreviewCard({ busy, preview }: { busy: boolean; preview: ReportPreview | undefined }) {
  if (!busy && !preview) return null;
  const shown = preview ? presentPreview(preview) : undefined;
  return (
    <div className="card" aria-labelledby="preview-title" aria-busy={busy}>
      <h2 id="preview-title">Preview{preview ? `: ${preview.title}` : ''}</h2>
      {busy ? <Loading what="the preview" /> : null}
      {preview && shown ? (
        <>
          {preview.warnings.map((warning) => (
            <p key={warning} className="form__error" role="alert">
              Warning: {warning}
            </p>
          ))}
          <dl className="facts">
            {shown.totals.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd className="num">{value}</dd>
              </div>
            ))}
          </dl>
          {shown.sections.length === 0 ? <Empty>The report has no rows for this choice.</Empty> : null}
          {shown.sections.map((section) => (
            <div key={section.name} className="table__scroller" tabIndex={0} role="region" aria-label={section.label}>
              <table>
                <caption>
                  {section.label}: first {section.rows.length} of {section.rowCount} rows
                </caption>
                <thead>
                  <tr>
                    {shown.columns.map((column) => (
                      <th key={column} scope="col">
                        {column}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.rows.map((row, index) => (
                    <tr key={index}>
                      {row.map((cell, column) => (
                        <td key={column} className={shown.numeric[column] ? 'num' : undefined}>
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </>
      ) : null}
    </div>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const reset = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(reset.current), []);
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      clearTimeout(reset.current);
      reset.current = setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }, [text]);
  return (
    <button type="button" onClick={copy} aria-label={label}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function ExportsFolder() {
  const folder = useQuery('reports.folder', {});
  return (
    <div className="card" aria-labelledby="exports-folder-title">
      <h2 id="exports-folder-title">Exports folder</h2>
      {folder.status === 'error' ? <ErrorNotice error={folder.error} onRetry={folder.reload} /> : null}
      {folder.data ? (
        <p>
          Exports and their manifests are written to <code>{folder.data.path}</code> <CopyButton text={folder.data.path} label="Copy folder path" />
        </p>
      ) : folder.status === 'loading' ? (
        <Loading what="the exports folder" />
      ) : null}
    </div>
  );
}
