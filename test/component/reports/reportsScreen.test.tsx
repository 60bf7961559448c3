// @vitest-environment jsdom
// The Reports screen's form (jsdom): checks before sending, refusals from main on their field, export progress and result.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportJobStatus } from '@fidelis/shared/reports/api.js';
import { ReportForm } from '../../../renderer/src/screens/ReportsScreen.js';
import { fakeMain } from '../../support/fakeMain.js';

afterEach(cleanup);


const job = (change: Partial<ReportJobStatus>): ReportJobStatus => ({ jobId: 'j1', state: 'running', done: 0, total: 0, path: null, manifestPath: null, manifest: null, error: null, ...change });

describe('reports form', () => {
  it('refuses a period that ends before it starts on the "To" field, without asking main', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ({ ok: false, error: { code: 'INTERNAL', message: 'not expected' } }));
    main.wrap(<ReportForm />);
    await user.click(screen.getByLabelText('A period'));
    await user.type(screen.getByLabelText('From'), '2026-03-05');
    await user.type(screen.getByLabelText('To'), '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const to = screen.getByLabelText('To');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)?.textContent).toBe('The period ends before it starts.');
    expect(main.calls).toEqual([]);
  });

  it('asks for the account of a statement, and offers fincen-xml only for the CTR', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ({ ok: false, error: { code: 'INTERNAL', message: 'not expected' } }));
    main.wrap(<ReportForm />);
    const format = screen.getByLabelText('Format');
    expect(within(format).getByRole('option', { name: 'FinCEN CTR batch (XML)' })).toBeTruthy();
    await user.selectOptions(format, 'fincen-xml');
    await user.selectOptions(screen.getByLabelText('Report'), 'statement');
    expect(within(format).queryByRole('option', { name: 'FinCEN CTR batch (XML)' })).toBeNull();
    expect((format as HTMLSelectElement).value).toBe('csv');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(screen.getByLabelText('Account').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('A statement is for one account: name it.');
    expect(main.calls).toEqual([]);
  });

  it('shows a refusal from main on the field it names', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ({ ok: false, error: { code: 'VALIDATION', field: 'accountId', message: 'accountId: There is no account ZZ.' } }));
    main.wrap(<ReportForm />);
    await user.type(screen.getByLabelText('Account'), 'ZZ');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Account').getAttribute('aria-invalid')).toBe('true'));
    // In the form's words: the message sits by the Account field, without main's internal field name before it.
    expect(screen.getByRole('alert').textContent).toBe('There is no account ZZ.');
    expect(main.calls.map((c) => c.method)).toEqual(['reports.preview']);
  });

  it('shows the export running with its progress, then the file, its sha256 and rows', async () => {
    const user = userEvent.setup();
    const answers: ReportJobStatus[] = [
      job({ done: 40, total: 100 }),
      job({ state: 'done', done: 100, total: 100, path: '/data/exports/ctr_2026-03-02.csv', manifestPath: '/data/exports/ctr_2026-03-02.csv.manifest.json', manifest: { file: 'ctr_2026-03-02.csv', sha256: 'a'.repeat(64), bytes: 10, rowCounts: { ctr: 2 }, totals: {}, warnings: [], lastEventSeq: 100 } }),
    ];
    const main = fakeMain((method) => {
      if (method === 'reports.export') return { ok: true, result: job({}) };
      // Each poll moves the job on; the last answer repeats.
      return { ok: true, result: answers.length > 1 ? answers.shift()! : answers[0]! };
    });
    main.wrap(<ReportForm />);
    await user.clear(screen.getByLabelText('Business day'));
    await user.type(screen.getByLabelText('Business day'), '2026-03-02');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(main.calls[0]).toEqual({ method: 'reports.export', input: { kind: 'ctr', date: '2026-03-02', format: 'csv' } });
    const progress = await screen.findByRole('progressbar', { name: 'Export progress' });
    await waitFor(() => expect(progress.getAttribute('value')).toBe('40'));
    expect(screen.getByText('Exporting… 40 of 100 events read.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(true);
    await screen.findByText('/data/exports/ctr_2026-03-02.csv');
    expect(screen.getByText('a'.repeat(64))).toBeTruthy();
    expect(screen.getByText('Rows: ctr 2')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says so when an export fails, and lets the teller try again', async () => {
    const user = userEvent.setup();
    const main = fakeMain((method) =>
      method === 'reports.export' ? { ok: true, result: job({}) } : { ok: true, result: job({ state: 'failed', error: { code: 'INTERNAL', message: 'The export failed; the details are in the log.' } }) },
    );
    main.wrap(<ReportForm />);
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The export failed; the details are in the log.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
