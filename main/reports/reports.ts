/**
 * Regulatory reports and exports: runs a report over the store as of its cut-off, on the branch's business days,
 * streams its rows into the chosen format (written beside, then renamed into place), and writes a manifest next to it:
 * parameters, the last event position included, row counts, totals, warnings, the exchange rates converted with, what
 * was cleaned out of an XML file, SHA-256 of the file and the generation time (only there). A FinCEN batch is checked
 * against FinCEN's schema before it is written, and refused while the institution's filing details are incomplete.
 */

import { createHash } from 'node:crypto';
import { createReadStream, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { lookbackDays } from '@fidelis/shared/compliance/structuring.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { nextDay } from '@fidelis/shared/ledger/businessDay.js';
import type { RateEntry } from '@fidelis/shared/rates/rateBook.js';
import { createCtrReport, type CtrBuilder } from '@fidelis/shared/reports/ctr.js';
import { filingInstitutionOf, type InstitutionFields } from '@fidelis/shared/reports/institution.js';
import type { ReportBuilder, ReportParams, ReportRow, ReportSummary } from '@fidelis/shared/reports/model.js';
import { createReport } from '@fidelis/shared/reports/reports.js';
import { reportRequestSchema, type ReportRequest } from '@fidelis/shared/reports/request.js';
import type { XmlCleaning } from '@fidelis/shared/reports/safeText.js';
import { createStatementReport, type StatementBuilder } from '@fidelis/shared/reports/statement.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { Rates } from '../rates/rates.js';
import type { Settings } from '../settings.js';
import type { EventStore } from '../store/eventStore.js';
import { ledgerHeadAt } from '../integrity/ledgerVerify.js';
import { csvSink } from './csvSink.js';
import { jsonSink } from './jsonSink.js';
import { pdfSink } from './pdfSink.js';
import { endOfDay, feedReport, type CutOff, type UnreadableInReport } from './reportFeed.js';
import type { ReportHeader, ReportSink } from './sink.js';
import { statementPdfSink, type StatementBank } from './statementPdf.js';
import { xlsxSink } from './xlsxSink.js';
import type { XmlSchemaCheck } from './xmlSchemaCheck.js';

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
    /** Events recorded before this instant (the branch's midnight after the period) were included, unless a seq was given. */
    readonly recordedBefore: string;
    readonly lateThroughSeq: number | null;
  };
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly totals: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
  /** Events of the period this release cannot read (written by a newer Fidelis): left out of every figure, listed apart. */
  readonly unreadableEvents: readonly UnreadableInReport[];
  /** The recorded exchange rates foreign cash was converted with (the latest recording of each day's rate). */
  readonly rates: readonly RateEntry[];
  /** An XML export only: values that lost characters XML or FinCEN cannot carry, and which characters. */
  readonly cleaned: readonly XmlCleaning[];
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
  /** Recorded exchange rates (main/rates). */
  readonly rates: Pick<Rates, 'book'>;
  /** The institution's filing details as recorded (`fidelis branch set`). */
  institution(): Promise<InstitutionFields>;
  /** An account named by number (what staff type) or id. */
  resolveAccount(numberOrId: string): Promise<string>;
  /** Validates a FinCEN batch against FinCEN's schema; throws when it does not. */
  readonly checkXml: XmlSchemaCheck;
  /** Events per store page (the benchmark tunes it). */
  readonly pageSize?: number;
}

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

/** The day `days` before a YYYY-MM-DD day. */
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** How the statement names the bank and branch: the institution's recorded details, as far as they go. */
function bankOf(fields: InstitutionFields, branchId: string): StatementBank {
  const line = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(', ');
  return {
    name: fields.name ?? 'Fidelis',
    branch: fields.branchName ?? `Branch ${branchId}`,
    address: line(fields.branchStreet ?? fields.street, fields.branchCity ?? fields.city, [fields.branchState ?? fields.state, fields.branchZip ?? fields.zip].filter(Boolean).join(' ')),
    phone: fields.phone,
  };
}

export function createReports(deps: ReportsDeps): Reports {
  const { settings } = deps;
  const { timeZone } = settings;
  return {
    async export(input, progress) {
      const request = parseOrThrow(reportRequestSchema, input);
      const from = request.date ?? request.from!;
      const to = request.date ?? request.to!;
      // Refused before any work: a FinCEN batch needs the institution's filing details.
      const institutionFields = request.format === 'fincen-xml' || request.kind === 'statement' ? await deps.institution() : {};
      const filer = request.format === 'fincen-xml' ? filingInstitutionOf(institutionFields) : undefined;
      const accountId = request.accountId === undefined ? undefined : await deps.resolveAccount(request.accountId);
      const windows = settings.alertStructuringWindows;
      const params: ReportParams = {
        kind: request.kind,
        from,
        to,
        accountId,
        branchId: settings.branchId,
        timeZone,
        includeLate: request.includeLate,
        rules: {
          ctrThreshold: settings.reportCtrThreshold,
          largeAmount: settings.reportLargeAmount,
          structuringCount: settings.alertStructuringCount,
          structuringNearPercent: settings.alertStructuringNearPercent,
          structuringWindows: windows,
        },
        // Structuring looks back before the period as far as its longest window reaches.
        rates: await deps.rates.book(daysBefore(from, lookbackDays(windows)), to),
      };
      const ctr: CtrBuilder | undefined = request.kind === 'ctr' ? createCtrReport(params) : undefined;
      const statement: StatementBuilder | undefined = request.kind === 'statement' ? createStatementReport(params) : undefined;
      const builder: ReportBuilder = ctr ?? statement ?? createReport(params);
      const parameters: Record<string, string> = {
        report: request.kind,
        from,
        to,
        timeZone,
        branch: settings.branchId,
        ...(request.accountId ? { account: request.accountId } : {}),
        ...(request.asOfSeq !== undefined ? { asOfSeq: String(request.asOfSeq) } : {}),
        includeLate: request.includeLate ? 'yes' : 'no',
        ...(request.kind === 'ctr' ? { threshold: `${settings.reportCtrThreshold} USD` } : {}),
        ...(request.kind === 'large' ? { threshold: settings.reportLargeAmount } : {}),
      };
      const recordedBefore = endOfDay(to, timeZone);
      const header: ReportHeader = { kind: request.kind, title: builder.title, columns: builder.columns, parameters, documentDate: new Date(recordedBefore) };
      // Written beside the target and renamed at the end: a failed or interrupted run leaves no half report behind.
      const partial = `${request.out}.partial`;
      const sink =
        statement && request.format === 'pdf'
          ? statementPdfSink(partial, { bank: bankOf(institutionFields, settings.branchId), timeZone, document: () => statement.document() })
          : sinkFor(request.format, partial);
      const rowCounts: Record<string, number> = {};
      const emit = async (rows: readonly ReportRow[]) => {
        for (const row of rows) {
          rowCounts[row.section] = (rowCounts[row.section] ?? 0) + 1;
          await sink?.row(row);
        }
      };
      const feed = { from, to, timeZone, includeLate: request.includeLate, pageSize: deps.pageSize, progress, now: deps.now(), wants: builder.wants?.bind(builder) };
      try {
        await sink?.begin(header);
        const fed = await feedReport(deps.store, deps.registry, { ...feed, asOfSeq: request.asOfSeq }, (report) => emit(builder.accept(report)));
        const again = builder.rescan?.();
        const second = again
          ? await feedReport(deps.store, deps.registry, { ...feed, asOfSeq: fed.cutOff.cutoffSeq, headSeq: fed.lateThroughSeq ?? fed.cutOff.cutoffSeq, afterSeq: again.afterSeq }, (report) => emit(builder.accept(report)))
          : undefined;
        await emit(builder.finish());
        const built = builder.summary();
        // Events this release cannot read are in no figure: the report says so, each one, in its warnings.
        const unreadableEvents = [...new Map([...fed.unreadable, ...(second?.unreadable ?? [])].map((e) => [e.seq, e])).values()];
        const summary: ReportSummary = {
          totals: { ...built.totals, lastEventSeq: String(fed.cutOff.cutoffSeq), cutOffBasis: fed.cutOff.basis },
          warnings: [...built.warnings, ...unreadableWarnings(unreadableEvents)],
        };
        let totals = summary.totals;
        let cleaned: readonly XmlCleaning[] = [];
        if (sink) await sink.end(summary);
        else {
          // xmlbuilder2 loads only for a FinCEN batch: every other command (and the CLI's start) goes without it.
          const { buildFincenCtrBatch } = await import('@fidelis/shared/reports/fincenXml.js');
          const batch = buildFincenCtrBatch(ctr!.lines(), filer!, request.filingDate ?? nextDay(to));
          // Checked before a byte is written: a batch FinCEN would reject never reaches the exports folder.
          await deps.checkXml(batch.xml);
          writeFileSync(partial, batch.xml);
          rowCounts.activities = batch.activityCount;
          rowCounts.parties = batch.partyCount;
          totals = { ...totals, batchTotalAmount: batch.totalAmount.toString(), batchPartyCount: String(batch.partyCount), batchActivityCount: String(batch.activityCount) };
          cleaned = batch.cleanings;
        }
        const warnings = [...summary.warnings, ...cleaned.map((c) => `${c.where}: removed ${c.removed.join(' ')} (characters a FinCEN batch cannot carry).`)];
        const ledgerHead = await ledgerHeadAt(deps.store, fed.cutOff.cutoffSeq);
        renameSync(partial, request.out);
        const manifest: ReportManifest = {
          file: basename(request.out),
          format: request.format,
          report: request.kind,
          title: builder.title,
          parameters,
          asOf: { lastEventSeq: fed.cutOff.cutoffSeq, basis: fed.cutOff.basis, recordedBefore, lateThroughSeq: fed.lateThroughSeq },
          rowCounts,
          totals,
          warnings,
          unreadableEvents,
          rates: ctr?.ratesUsed() ?? [],
          cleaned,
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

/** One warning per event this release cannot read (a newer Fidelis wrote it): the figures above leave it out. */
function unreadableWarnings(events: readonly UnreadableInReport[]): string[] {
  return events.map((e) => `Not included: event seq ${e.seq} of ${e.streamId} is a ${e.type}, which this Fidelis cannot read; install the Fidelis that reads it and run the report again.`);
}
