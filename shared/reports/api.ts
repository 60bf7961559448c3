/** The reports area's API: preview a report, export it in the background (a job to poll), and the exports folder. */

import { z } from 'zod';
import { emptyInput } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { REPORT_KINDS } from './model.js';
import { reportRequestSchema } from './request.js';

/** Which report, for which day or period, for which account: the report request's own fields, which preview and export share. */
const { kind, date, from, to, accountId, format } = reportRequestSchema.shape;
const reportChoice = { kind, date, from, to, accountId };

type Choice = { kind: string; date?: string | undefined; from?: string | undefined; to?: string | undefined; accountId?: string | undefined };

/**
 * A day or a period (not both, not neither), in order; a statement names its account. The request schema checks the
 * same when the report runs, in the CLI's words (--date); these name the screen's fields first.
 */
function checkChoice(r: Choice, ctx: z.RefinementCtx): void {
  if (r.date !== undefined && (r.from !== undefined || r.to !== undefined)) ctx.addIssue({ code: 'custom', path: ['date'], message: 'Give either a day or a period, not both.' });
  if (r.date === undefined && r.from === undefined && r.to === undefined) ctx.addIssue({ code: 'custom', path: ['date'], message: 'Choose a business day, or a period from … to.' });
  if (r.date === undefined && r.from === undefined && r.to !== undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'A period needs its first day.' });
  if (r.date === undefined && r.from !== undefined && r.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'A period needs its last day.' });
  if (r.from !== undefined && r.to !== undefined && r.from > r.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts.' });
  if (r.kind === 'statement' && r.accountId === undefined) ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'A statement is for one account: name it.' });
}

export const reportPreviewInput = z
  .object({ ...reportChoice, limit: z.number().int().min(1).max(200).default(20) })
  .strict()
  .superRefine(checkChoice);

export const reportPreviewSection = z.object({
  name: z.string(),
  /** Rows the whole report has in this section; `rows` holds the first of them. */
  rowCount: z.number().int().min(0),
  rows: z.array(z.array(z.string())),
});

export const reportPreviewResult = z.object({
  kind: z.enum(REPORT_KINDS),
  title: z.string(),
  columns: z.array(z.string()),
  sections: z.array(reportPreviewSection),
  totals: z.record(z.string(), z.string()),
  warnings: z.array(z.string()),
  lastEventSeq: z.number().int(),
});
export type ReportPreview = z.infer<typeof reportPreviewResult>;

/** Where the file goes is main's choice (the exports folder): the request's `out` is never the renderer's. */
export const reportExportInput = z
  .object({ ...reportChoice, format })
  .strict()
  .superRefine((r, ctx) => {
    checkChoice(r, ctx);
    if (r.format === 'fincen-xml' && r.kind !== 'ctr') ctx.addIssue({ code: 'custom', path: ['format'], message: 'fincen-xml is the CTR batch format: choose it for the CTR only.' });
  });

export const reportManifestSummary = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  rowCounts: z.record(z.string(), z.number().int()),
  totals: z.record(z.string(), z.string()),
  warnings: z.array(z.string()),
  lastEventSeq: z.number().int(),
});

export const reportJobStatus = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  /** Events read so far, of `total` (the store position the report reads to). */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Where the file is (done), chosen by main: the exports folder and a name made of the report and its period. */
  path: z.string().nullable(),
  manifestPath: z.string().nullable(),
  manifest: reportManifestSummary.nullable(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).nullable(),
});
export type ReportJobStatus = z.infer<typeof reportJobStatus>;

export const reportJobInput = z.object({ jobId: z.string().trim().min(1).max(100) }).strict();

export const reportFolderResult = z.object({ path: z.string() });

export const reportsMethods = {
  'reports.preview': query({ input: reportPreviewInput, result: reportPreviewResult, permission: 'reports' }),
  'reports.export': command({ input: reportExportInput, result: reportJobStatus, permission: 'reports' }),
  'reports.job': query({ input: reportJobInput, result: reportJobStatus, permission: 'reports' }),
  'reports.folder': query({ input: emptyInput, result: reportFolderResult, permission: 'reports' }),
} as const;
