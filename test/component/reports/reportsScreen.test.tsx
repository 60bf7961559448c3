// @vitest-environment jsdom
// The Reports screen's form (jsdom): checks before sending, refusals from main on their field, export progress and result.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportJobStatus, ReportPreview } from '@fidelis/shared/reports/api.js';
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
    expect(screen.getByText('Rows: CTR lines (2)')).toBeTruthy();
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

describe('report preview', () => {
  const preview = (change: Partial<ReportPreview>): ReportPreview => ({ kind: 'large', title: 'Large transactions', columns: [], sections: [], totals: {}, warnings: [], lastEventSeq: 9, ...change });

  it('shows amounts with their currency, codes and headings in words, while the export keeps the machine cells', async () => {
    const user = userEvent.setup();
    const main = fakeMain(() => ({
      ok: true,
      result: preview({
        columns: ['businessDay', 'accountNumber', 'currency', 'kind', 'direction', 'source', 'cash', 'amount', 'eventId'],
        sections: [{ name: 'large', rowCount: 2, rows: [['2026-03-02', '1001', 'USD', 'DEPOSIT', 'IN', 'bank_transfer', 'N', '13050.50', 'e1'], ['2026-03-02', '2002', 'JPY', 'WITHDRAWAL_REVERSAL', 'IN', 'ach', 'Y', '1500000', 'e2']] }],
        totals: { transactions: '2', 'in.USD': '13050.50', 'in.JPY': '1500000', lastEventSeq: '27', cutOffBasis: 'end-of-day' },
      }),
    }));
    main.wrap(<ReportForm />);
    await user.selectOptions(screen.getByLabelText('Report'), 'large');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('region', { name: 'Large transactions' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Business day', 'Account', 'Currency', 'Movement', 'Direction', 'Source', 'Cash', 'Amount', 'Event id']);
    const [first, second] = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((td) => td.textContent));
    expect(first).toEqual(['2026-03-02', '1001', 'USD', 'Deposit', 'In', 'Bank transfer', 'No', '13,050.50 USD', 'e1']);
    expect(second).toEqual(['2026-03-02', '2002', 'JPY', 'Withdrawal reversal', 'In', 'ACH', 'Yes', '1,500,000 JPY', 'e2']);
    expect(screen.getByText('Large transactions: first 2 of 2 rows')).toBeTruthy();
    expect(screen.getByText('In (USD)').nextSibling?.textContent).toBe('13,050.50 USD');
    expect(screen.getByText('In (JPY)').nextSibling?.textContent).toBe('1,500,000 JPY');
    expect(screen.getByText('Transactions').nextSibling?.textContent).toBe('2');
    expect(screen.getByText('Cut-off').nextSibling?.textContent).toBe('The end of the business day');
    expect(screen.getByText('Read up to event').nextSibling?.textContent).toBe('27');
  });

  it('formats a statement’s amounts in the account’s currency and a CTR’s US dollar columns and threshold in USD', async () => {
    const user = userEvent.setup();
    let answer = preview({
      kind: 'statement',
      title: 'Statement',
      columns: ['date', 'description', 'debit', 'credit', 'balance'],
      sections: [{ name: 'movement', rowCount: 1, rows: [['2026-03-02', 'Withdrawal', '1250.000', '', '8750.500']] }],
      totals: { currency: 'KWD', opening: '10000.500', closing: '8750.500' },
    });
    const main = fakeMain(() => ({ ok: true, result: answer }));
    main.wrap(<ReportForm />);
    await user.selectOptions(screen.getByLabelText('Report'), 'statement');
    await user.type(screen.getByLabelText('Account'), '1001');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const movements = await screen.findByRole('region', { name: 'Movements' });
    expect(within(movements).getAllByRole('cell').map((td) => td.textContent)).toEqual(['2026-03-02', 'Withdrawal', '1,250.000 KWD', '', '8,750.500 KWD']);
    expect(screen.getByText('Closing').nextSibling?.textContent).toBe('8,750.500 KWD');

    await user.selectOptions(screen.getByLabelText('Report'), 'ctr');
    answer = preview({ kind: 'ctr', title: 'CTR', columns: ['customer', 'lineCashInUsd', 'currency', 'amount'], sections: [{ name: 'ctr', rowCount: 1, rows: [['Uma', '10200.00', 'EUR', '9300.00']] }], totals: { threshold: '10000.00 USD', cashInUsd: '10200.00' } });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const lines = await screen.findByRole('region', { name: 'CTR lines' });
    expect(within(lines).getAllByRole('cell').map((td) => td.textContent)).toEqual(['Uma', '10,200.00 USD', 'EUR', '9,300.00 EUR']);
    expect(screen.getByText('Threshold').nextSibling?.textContent).toBe('10,000.00 USD');
    expect(screen.getByText('Cash in (USD)').nextSibling?.textContent).toBe('10,200.00 USD');
  });
});
