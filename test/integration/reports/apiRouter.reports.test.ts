// The Reports screen's API through the router on an in-memory host: preview, export as a polled job, refusals on their field.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJobStatus, ReportPreview } from '@fidelis/shared/reports/api.js';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { TEST_STAFF_SETTINGS, seedTestStaff, signedIn, signedInAsEveryone } from '../../support/staffFixtures.js';
import { createHost, type Host } from '../../../main/host.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const DAY = '2026-03-02';
let host: Host;
let apiRouter: ApiRouter;
let router: ApiConnection;
let exports: TempDir;

function result<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

async function finished(jobId: string): Promise<ReportJobStatus> {
  for (;;) {
    const status = result<ReportJobStatus>(await router.call('reports.job', { jobId }));
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  exports = makeTempDir('reports-api-');
  host = await createHost({ inMemory: true, settings: { reportExportsFolder: join(exports.path, 'exports'), ...TEST_STAFF_SETTINGS }, clock: () => new Date(`${DAY}T14:30:00.000Z`) });
  apiRouter = createApiRouter(host);
  router = await signedInAsEveryone(host, apiRouter);
  const opened = result<{ accountId: string }>(await router.call('account.open', { number: 'ACC-100', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '0' }));
  result(await router.call('account.deposit', { accountId: opened.accountId, amount: '12500.00', sourceType: 'cash', reference: 'teller 1' }));
  result(await router.call('account.deposit', { accountId: opened.accountId, amount: '300.00', sourceType: 'cash' }));
});

afterAll(async () => {
  apiRouter.close();
  await host.close();
  exports.remove();
});

describe('reports API', () => {
  it('previews only the first rows of each section when asked for fewer, with the whole count', async () => {
    const preview = result<ReportPreview>(await router.call('reports.preview', { kind: 'ctr', date: DAY, limit: 1 }));
    expect(preview.sections.find((section) => section.name === 'ctr')).toMatchObject({ rowCount: 2, rows: [expect.any(Array)] });
  });

  it('previews the CTR of a day with a cash deposit over 10,000: the customer line, totals and no warning', async () => {
    const preview = result<ReportPreview>(await router.call('reports.preview', { kind: 'ctr', date: DAY }));
    expect(preview.kind).toBe('ctr');
    const ctr = preview.sections.find((section) => section.name === 'ctr');
    // One CTR line (the customer's day), shown as the cash movements behind it.
    expect(ctr?.rowCount).toBe(2);
    const amount = preview.columns.indexOf('amount');
    const customer = preview.columns.indexOf('customer');
    expect(ctr?.rows.map((row) => [row[customer], row[amount]])).toEqual([
      ['Ada Lovelace', '12500.00'],
      ['Ada Lovelace', '300.00'],
    ]);
    expect(preview.totals).toMatchObject({ lines: '1', cashInUsd: '12800.00' });
    // The preview's scratch file is gone: the folder holds only what the teller exported.
    expect(readdirSync(join(exports.path, 'exports', '.preview'))).toEqual([]);
  });

  it('exports a csv into the exports folder under a name main chose, with a manifest whose sha256 is the file', async () => {
    const started = result<ReportJobStatus>(await router.call('reports.export', { kind: 'ctr', date: DAY, format: 'csv' }));
    expect(started.state).toBe('running');
    const done = await finished(started.jobId);
    expect(done.state).toBe('done');
    const path = done.path!;
    expect(dirname(path)).toBe(result<{ path: string }>(await router.call('reports.folder', {})).path);
    expect(path).toMatch(/ctr_2026-03-02_\d{8}T\d{6}Z\.csv$/);
    expect(existsSync(path)).toBe(true);
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(done.manifest?.sha256).toBe(sha256);
    expect(JSON.parse(readFileSync(done.manifestPath!, 'utf8'))).toMatchObject({ sha256, rowCounts: { ctr: 2 } });
    expect(done.manifest?.rowCounts).toMatchObject({ ctr: 2 });
    // A second export of the same report in the same second gets its own file.
    const again = await finished(result<ReportJobStatus>(await router.call('reports.export', { kind: 'ctr', date: DAY, format: 'csv' })).jobId);
    expect(again.path).not.toBe(path);
    expect(existsSync(again.path!)).toBe(true);
  });

  it.each([
    ['kind', { kind: 'payroll', date: DAY, format: 'csv' }],
    ['format', { kind: 'ctr', date: DAY, format: 'docx' }],
    ['date', { kind: 'ctr', date: '2026-02-30x', format: 'csv' }],
    ['date', { kind: 'ctr', format: 'csv' }],
    ['to', { kind: 'large', from: '2026-03-05', to: '2026-03-01', format: 'csv' }],
    ['accountId', { kind: 'statement', date: DAY, format: 'pdf' }],
    ['format', { kind: 'large', date: DAY, format: 'fincen-xml' }],
  ])('refuses an export with a bad %s on that field, and writes nothing', async (field, input) => {
    const before = readdirSync(join(exports.path, 'exports')).length;
    const response = await router.call('reports.export', input);
    expect(response).toMatchObject({ ok: false, error: { code: 'VALIDATION', field } });
    expect(readdirSync(join(exports.path, 'exports')).length).toBe(before);
  });

  it('fails a FinCEN export job while the institution is not recorded, saying what is missing, and writes nothing', async () => {
    const before = readdirSync(join(exports.path, 'exports')).length;
    const done = await finished(result<ReportJobStatus>(await router.call('reports.export', { kind: 'ctr', date: DAY, format: 'fincen-xml' })).jobId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'INSTITUTION_NOT_SET', message: expect.stringContaining('fidelis branch set') } });
    expect(readdirSync(join(exports.path, 'exports')).length).toBe(before);
  });

  it('records a day’s rate (a supervisor’s) and lists it; a teller may read rates but not record one', async () => {
    const row = result<{ usdPerUnit: string; recordedBy: string }>(await router.call('rates.record', { day: DAY, currency: 'JPY', usdPerUnit: '0.00670' }));
    expect(row).toMatchObject({ day: DAY, currency: 'JPY', usdPerUnit: '0.0067', recordedBy: 'all', revisions: 1, reason: null });
    expect(result(await router.call('rates.list', {}))).toMatchObject({ rates: [{ day: DAY, currency: 'JPY', usdPerUnit: '0.0067' }] });
    const { teller } = await seedTestStaff(host, ['teller']);
    const tellerConnection = await signedIn(apiRouter, teller.username);
    expect(await tellerConnection.call('rates.record', { day: DAY, currency: 'EUR', usdPerUnit: '1.08' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await tellerConnection.call('rates.list', {})).toMatchObject({ ok: true });
    expect(await router.call('rates.record', { day: DAY, currency: 'JPY', usdPerUnit: '0.0068' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'reason' } });
  });

  it('refuses a path from the renderer: the request cannot name where the file goes', async () => {
    const response = await router.call('reports.export', { kind: 'ctr', date: DAY, format: 'csv', out: '/etc/passwd' });
    expect(response).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a preview with a bad day on the date field and an unknown job on jobId', async () => {
    expect(await router.call('reports.preview', { kind: 'ctr', date: '03/02/2026' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'date' } });
    expect(await router.call('reports.job', { jobId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'jobId' } });
  });
});
