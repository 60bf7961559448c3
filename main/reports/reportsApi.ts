/**
 * The reports area's API handlers: a preview (first rows of each section, totals, warnings), exports run in the background
 * as jobs the screen polls, written into the exports folder under a name main chooses (the renderer never names a
 * path), and the folder itself.
 */

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportJobStatus, ReportPreview, reportsMethods } from '@fidelis/shared/reports/api.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import type { ReportFormat, ReportKind } from '@fidelis/shared/reports/model.js';
import type { Logger } from '../log.js';
import type { ReportManifest, Reports } from './reports.js';
import type { AreaHandlers } from '../api/handlers.js';

export interface ReportsApiDeps {
  readonly reports: Reports;
  /** Where exports go: <dataDir>/exports, or the reportExportsFolder setting. */
  readonly folder: string;
  readonly now: () => Date;
  readonly logger: Logger;
}

interface Choice {
  readonly kind: ReportKind;
  readonly date?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly accountId?: string | undefined;
}

const EXTENSION: Record<ReportFormat, string> = { csv: 'csv', xlsx: 'xlsx', pdf: 'pdf', json: 'json', 'fincen-xml': 'xml' };
/** Finished jobs kept for polling; older ones are forgotten (their files stay in the folder). */
const KEPT_JOBS = 50;

/** Only letters, digits and dashes from the request reach the file name: nothing the renderer sends can walk out of the folder. */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40);

function fileNameOf(choice: Choice, format: ReportFormat, now: Date): string {
  const period = choice.date ?? (choice.from === choice.to ? choice.from! : `${choice.from}_${choice.to}`);
  const account = choice.accountId ? `_${safe(choice.accountId)}` : '';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${choice.kind}_${safe(period).replace(/-{2,}/g, '-')}${account}_${stamp}`.replace(/_{2,}/g, '_') + `.${EXTENSION[format]}`;
}

const request = (choice: Choice) => ({ kind: choice.kind, date: choice.date, from: choice.from, to: choice.to, accountId: choice.accountId });

const summaryOf = (manifest: ReportManifest) => ({
  file: manifest.file,
  sha256: manifest.sha256,
  bytes: manifest.bytes,
  rowCounts: { ...manifest.rowCounts },
  totals: { ...manifest.totals },
  warnings: [...manifest.warnings],
  lastEventSeq: manifest.asOf.lastEventSeq,
});

interface JsonReport {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
}

export function createReportsApi(deps: ReportsApiDeps): AreaHandlers<typeof reportsMethods> {
  const jobs = new Map<string, ReportJobStatus>();
  const folder = () => {
    mkdirSync(deps.folder, { recursive: true });
    return deps.folder;
  };

  /** A free name in the folder: two exports of the same report in the same second do not overwrite each other. */
  function freePath(choice: Choice, format: ReportFormat): string {
    const name = fileNameOf(choice, format, deps.now());
    const dot = name.lastIndexOf('.');
    let path = join(folder(), name);
    for (let n = 2; existsSync(path) || existsSync(`${path}.partial`); n += 1) path = join(folder(), `${name.slice(0, dot)}-${n}${name.slice(dot)}`);
    return path;
  }

  function remember(status: ReportJobStatus): void {
    jobs.set(status.jobId, status);
    if (jobs.size > KEPT_JOBS) {
      const oldest = [...jobs.values()].find((job) => job.state !== 'running');
      if (oldest) jobs.delete(oldest.jobId);
    }
  }

  return {
    'reports.preview': async (input) => {
      // The report is run exactly as an export would run it (same builders, same cut-off), into a private JSON file
      // that is read back and removed: the preview cannot disagree with the export.
      const out = join(folder(), '.preview', `${randomUUID()}.json`);
      mkdirSync(join(folder(), '.preview'), { recursive: true });
      try {
        const manifest = await deps.reports.export({ ...request(input), format: 'json', out });
        const json = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
        const columns = json.columns.filter((column) => column !== 'section');
        const sections = new Map<string, string[][]>();
        for (const row of json.rows) {
          const rows = sections.get(row.section!) ?? [];
          if (!sections.has(row.section!)) sections.set(row.section!, rows);
          if (rows.length < input.limit) rows.push(columns.map((column) => row[column] ?? ''));
        }
        const preview: ReportPreview = {
          kind: input.kind,
          title: json.title,
          columns,
          sections: [...sections].map(([name, rows]) => ({ name, rowCount: manifest.rowCounts[name] ?? rows.length, rows })),
          totals: { ...manifest.totals },
          warnings: [...manifest.warnings],
          lastEventSeq: manifest.asOf.lastEventSeq,
        };
        return preview;
      } finally {
        rmSync(out, { force: true });
        rmSync(`${out}.manifest.json`, { force: true });
      }
    },

    'reports.export': async (input) => {
      const path = freePath(input, input.format);
      const jobId = randomUUID();
      const status: ReportJobStatus = { jobId, state: 'running', done: 0, total: 0, path: null, manifestPath: null, manifest: null, error: null };
      remember(status);
      const update = (change: Partial<ReportJobStatus>) => jobs.has(jobId) && jobs.set(jobId, { ...jobs.get(jobId)!, ...change });
      deps.reports
        .export({ ...request(input), format: input.format, out: path }, (done, total) => update({ done, total }))
        .then(
          (manifest) => update({ state: 'done', done: manifest.asOf.lastEventSeq, total: manifest.asOf.lastEventSeq, path, manifestPath: `${path}.manifest.json`, manifest: summaryOf(manifest) }),
          (error: unknown) => {
            if (!isDomainError(error)) deps.logger.error({ err: error, jobId }, 'report export failed');
            update({
              state: 'failed',
              error: isDomainError(error) ? error.toJSON() : { code: 'INTERNAL', message: 'The export failed; the details are in the log.' },
            });
          },
        );
      return status;
    },

    'reports.job': async ({ jobId }) => {
      const status = jobs.get(jobId);
      if (!status) throw new DomainError('NOT_FOUND', 'There is no such export (it may be from before a restart).', 'jobId');
      return status;
    },

    'reports.folder': () => ({ path: folder() }),
  };
}
