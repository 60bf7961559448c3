/** A report request as the CLI and the renderer send it: which report, which days, which format, where to. */

import { z } from 'zod';
import { REPORT_FORMATS, REPORT_KINDS } from './model.js';

const day = z.iso.date('A day is YYYY-MM-DD.');

export const reportRequestSchema = z
  .object({
    kind: z.enum(REPORT_KINDS, `The report is one of ${REPORT_KINDS.join(', ')}.`),
    date: day.optional(),
    from: day.optional(),
    to: day.optional(),
    accountId: z.string().trim().min(1).max(64).optional(),
    format: z.enum(REPORT_FORMATS, `The format is one of ${REPORT_FORMATS.join(', ')}.`),
    out: z.string().trim().min(1, 'Name the file to write with --out.'),
    /** List events recorded after the cut-off whose business day is in the period, in a "late" section. */
    includeLate: z.boolean().default(false),
    /** Report exactly the events up to this position, instead of those recorded by the end of the last day. */
    asOfSeq: z.coerce.number().int().min(0).optional(),
    /** FinCEN batch filing date (YYYY-MM-DD); the day after the period by default, so a rerun gives the same file. */
    filingDate: day.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.date !== undefined && (r.from !== undefined || r.to !== undefined)) ctx.addIssue({ code: 'custom', path: ['date'], message: 'Give either --date or --from and --to, not both.' });
    if (r.date === undefined && (r.from === undefined || r.to === undefined)) ctx.addIssue({ code: 'custom', path: ['date'], message: 'Give --date D, or --from D and --to D.' });
    if (r.from !== undefined && r.to !== undefined && r.from > r.to) ctx.addIssue({ code: 'custom', path: ['from'], message: '--from comes after --to.' });
    if (r.format === 'fincen-xml' && r.kind !== 'ctr') ctx.addIssue({ code: 'custom', path: ['format'], message: 'fincen-xml is the CTR batch format: use it with report ctr.' });
    if (r.kind === 'statement' && r.accountId === undefined) ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'A statement is for one account: name it with --account NUMBER.' });
  });

export type ReportRequest = z.infer<typeof reportRequestSchema>;
export type ReportRequestInput = z.input<typeof reportRequestSchema>;
