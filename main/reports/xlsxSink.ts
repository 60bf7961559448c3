/**
 * XLSX through exceljs's streaming writer: rows go to the file as they come (no workbook in memory). Dates inside the
 * workbook and on the zip entries are the document date, so the same report gives the same bytes.
 */

import ExcelJS from 'exceljs';
import type { ReportSink } from './sink.js';
import { stampZipEntries } from './zipTimestamps.js';

export function xlsxSink(path: string): ReportSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | undefined;
  let header: { parameters: Readonly<Record<string, string>>; title: string; documentDate: Date } | undefined;
  return {
    async begin(h) {
      header = h;
      workbook.creator = 'Fidelis';
      workbook.lastModifiedBy = 'Fidelis';
      workbook.created = h.documentDate;
      workbook.modified = h.documentDate;
      sheet = workbook.addWorksheet('Report');
      sheet.addRow(['section', ...h.columns]).commit();
    },
    async row(row) {
      sheet!.addRow([row.section, ...row.cells]).commit();
    },
    async end(summary) {
      sheet!.commit();
      const about = workbook.addWorksheet('Summary');
      about.addRow([header!.title]).commit();
      for (const [name, value] of Object.entries(header!.parameters)) about.addRow([name, value]).commit();
      for (const [name, value] of Object.entries(summary.totals)) about.addRow([name, value]).commit();
      for (const warning of summary.warnings) about.addRow(['WARNING', warning]).commit();
      about.commit();
      await workbook.commit();
      // exceljs's zip writer dates some entries with the clock: every entry gets the document date instead.
      stampZipEntries(path, header!.documentDate);
    },
  };
}
