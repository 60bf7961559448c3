/**
 * Regulatory reports and exports: runs a report over the store as of its cut-off, streams its rows into the chosen
 * format (written beside, then renamed into place), and writes a manifest next to it: parameters, the last event
 * position included, row counts, totals, warnings, SHA-256 of the file and the generation time (only there).
 */

import { createHash } from 'node:crypto';
import { createReadStream, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createCtrReport } from '@fidelis/shared/reports/ctr.js';
import { buildFincenCtrBatch } from '@fidelis/shared/reports/fincenXml.js';
import type { ReportBuilder, ReportParams, ReportRow, ReportSummary } from '@fidelis/shared/reports/model.js';
import { createReport } from '@fidelis/shared/reports/reports.js';
import { reportRequestSchema, type ReportRequest } from '@fidelis/shared/reports/request.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { Settings } from '../settings.js';
import type { EventStore } from '../store/eventStore.js';
import { ledgerHeadAt } from '../integrity/ledgerVerify.js';
import { csvSink } from './csvSink.js';
import { jsonSink } from './jsonSink.js';
import { pdfSink } from './pdfSink.js';
import { endOfDay, feedReport, type CutOff } from './reportFeed.js';
import type { ReportHeader, ReportSink } from './sink.js';
import { xlsxSink } from './xlsxSink.js';

export interface ReportManifest {
  readonly file: string;
  readonly format: string;
  readonly report: string;
  readonly title: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly asOf: {
    /** The last event position the report includes. */
    readonly lastEventSeq: number;
    readonly basis: CutOff['basis'];
    /** Events recorded before this instant were included (unless a seq was given). */
    readonly recordedBefore: string;
    readonly lateThroughSeq: number | null;
  };
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly totals: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
  readonly sha256: string;
  /**
   * The ledger head hash at the report's cut-off (every stream head's chain hash, main/integrity/ledgerVerify.ts):
   * pins the history the report was drawn from, so a later `fidelis verify` or re-run can show it was not altered.
   */
  readonly ledgerHeadHash: string;
  readonly bytes: number;
  readonly eventsRead: number;
  readonly generatedAt: string;
  readonly generatedBy: { readonly deviceId: string; readonly branchId: string };
}

export interface Reports {
  /** Writes the report to `request.out` and its manifest to `<out>.manifest.json`; returns the manifest. */
  export(request: unknown, progress?: (done: number, total: number) => void): Promise<ReportManifest>;
}

export interface ReportsDeps {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly settings: Settings;
  readonly now: () => Date;
  /** Events per store page (the benchmark tunes it). */
  readonly pageSize?: number;
}

const nextDay = (day: string) => endOfDay(day).slice(0, 10);

const sinkFor = (format: ReportRequest['format'], path: string): ReportSink | undefined => {
  switch (format) {
    case 'csv':
      return csvSink(path);
    case 'json':
      return jsonSink(path);
    case 'xlsx':
      return xlsxSink(path);
    case 'pdf':
      return pdfSink(path);
    case 'fincen-xml':
      return undefined;
  }
};

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function createReports(deps: ReportsDeps): Reports {
  const { settings } = deps;
  return {
    async export(input, progress) {
      const request = parseOrThrow(reportRequestSchema, input);
      const from = request.date ?? request.from!;
      const to = request.date ?? request.to!;
      const params: ReportParams = {
        kind: request.kind,
        from,
        to,
        accountId: request.accountId,
        branchId: settings.branchId,
        includeLate: request.includeLate,
        rules: {
          ctrThreshold: settings.reportCtrThreshold,
          largeAmount: settings.reportLargeAmount,
          structuringCount: settings.alertStructuringCount,
          structuringNearPercent: settings.alertStructuringNearPercent,
          structuringWindowHours: settings.alertStructuringWindowHours,
        },
      };
      const ctr = request.kind === 'ctr' ? createCtrReport(params) : undefined;
      const builder: ReportBuilder = ctr ?? createReport(params);
      const parameters: Record<string, string> = {
        report: request.kind,
        from,
        to,
        branch: settings.branchId,
        ...(request.accountId ? { account: request.accountId } : {}),
        ...(request.asOfSeq !== undefined ? { asOfSeq: String(request.asOfSeq) } : {}),
        includeLate: request.includeLate ? 'yes' : 'no',
        ...(request.kind === 'ctr' ? { threshold: settings.reportCtrThreshold } : {}),
        ...(request.kind === 'large' ? { threshold: settings.reportLargeAmount } : {}),
      };
      const header: ReportHeader = { kind: request.kind, title: builder.title, columns: builder.columns, parameters, documentDate: new Date(endOfDay(to)) };
      // Written beside the target and renamed at the end: a failed or interrupted run leaves no half report behind.
      const partial = `${request.out}.partial`;
      const sink = sinkFor(request.format, partial);
      const rowCounts: Record<string, number> = {};
      const emit = async (rows: readonly ReportRow[]) => {
        for (const row of rows) {
          rowCounts[row.section] = (rowCounts[row.section] ?? 0) + 1;
          await sink?.row(row);
        }
      };
      try {
        await sink?.begin(header);
        const fed = await feedReport(deps.store, deps.registry, { from, to, asOfSeq: request.asOfSeq, includeLate: request.includeLate, pageSize: deps.pageSize, progress, now: deps.now(), wants: builder.wants?.bind(builder) }, (report) =>
          emit(builder.accept(report)),
        );
        const again = builder.rescan?.();
        const second = again
          ? await feedReport(
              deps.store,
              deps.registry,
              { from, to, asOfSeq: fed.cutOff.cutoffSeq, headSeq: fed.lateThroughSeq ?? fed.cutOff.cutoffSeq, afterSeq: again.afterSeq, includeLate: request.includeLate, pageSize: deps.pageSize, progress, now: deps.now(), wants: builder.wants?.bind(builder) },
              (report) => emit(builder.accept(report)),
            )
          : undefined;
        await emit(builder.finish());
        const built = builder.summary();
        const summary: ReportSummary = { totals: { ...built.totals, lastEventSeq: String(fed.cutOff.cutoffSeq), cutOffBasis: fed.cutOff.basis }, warnings: built.warnings };
        let warnings = summary.warnings;
        let totals = summary.totals;
        if (sink) await sink.end(summary);
        else {
          const batch = buildFincenCtrBatch(ctr!.lines(), settings.reportInstitution, request.filingDate ?? nextDay(to));
          writeFileSync(partial, batch.xml);
          rowCounts.activities = batch.activityCount;
          rowCounts.parties = batch.partyCount;
          totals = { ...totals, batchTotalAmount: batch.totalAmount.toString(), batchPartyCount: String(batch.partyCount), batchActivityCount: String(batch.activityCount) };
          warnings = [...warnings, ...batch.skipped.map((l) => `CTR line of ${l.customer} on ${l.businessDay} is in ${l.currency}: FinCEN batches take dollars only, it is not in the file.`)];
        }
        const ledgerHead = await ledgerHeadAt(deps.store, fed.cutOff.cutoffSeq);
        renameSync(partial, request.out);
        const manifest: ReportManifest = {
          file: basename(request.out),
          format: request.format,
          report: request.kind,
          title: builder.title,
          parameters,
          asOf: { lastEventSeq: fed.cutOff.cutoffSeq, basis: fed.cutOff.basis, recordedBefore: endOfDay(to), lateThroughSeq: fed.lateThroughSeq },
          rowCounts,
          totals,
          warnings,
          sha256: await sha256Of(request.out),
          ledgerHeadHash: ledgerHead.hash,
          bytes: statSync(request.out).size,
          eventsRead: fed.eventsRead + (second?.eventsRead ?? 0),
          generatedAt: deps.now().toISOString(),
          generatedBy: { deviceId: settings.deviceId, branchId: settings.branchId },
        };
        writeFileSync(`${request.out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
        return manifest;
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
    },
  };
}
