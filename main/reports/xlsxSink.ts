/**
 * XLSX through exceljs's streaming writer: rows go to the file as they come (no workbook in memory). Dates inside the
 * workbook and on the zip entries are the document date, so the same report gives the same bytes.
 */

import type ExcelJS from 'exceljs';
import type { ReportHeader, ReportSink } from './sink.js';
import { stampZipEntries } from './zipTimestamps.js';

export function xlsxSink(path: string): ReportSink {
  let open: { workbook: ExcelJS.stream.xlsx.WorkbookWriter; sheet: ExcelJS.Worksheet; header: ReportHeader } | undefined;
  const opened = () => {
    if (!open) throw new Error('The XLSX report was written to before it began.');
    return open;
  };
  return {
    async begin(header) {
      // exceljs takes a while to load: only an XLSX export pays for it.
      const { default: excel } = await import('exceljs');
      const workbook = new excel.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
      workbook.creator = 'Fidelis';
      workbook.lastModifiedBy = 'Fidelis';
      workbook.created = header.documentDate;
      workbook.modified = header.documentDate;
      const sheet = workbook.addWorksheet('Report');
      sheet.addRow(['section', ...header.columns]).commit();
      open = { workbook, sheet, header };
    },
    async row(row) {
      opened().sheet.addRow([row.section, ...row.cells]).commit();
    },
    async end(summary) {
      const { workbook, sheet, header } = opened();
      sheet.commit();
      const about = workbook.addWorksheet('Summary');
      about.addRow([header.title]).commit();
      for (const [name, value] of Object.entries(header.parameters)) about.addRow([name, value]).commit();
      for (const [name, value] of Object.entries(summary.totals)) about.addRow([name, value]).commit();
      for (const warning of summary.warnings) about.addRow(['WARNING', warning]).commit();
      about.commit();
      await workbook.commit();
      // exceljs's zip writer dates some entries with the clock: every entry gets the document date instead.
      stampZipEntries(path, header.documentDate);
    },
  };
}
