/**
 * XLSX through exceljs's streaming writer: rows go to the file as they come (no workbook in memory). Amounts are
 * numbers in their currency's format (so a spreadsheet sums them), every text cell is made safe (controls stripped,
 * formula-like text neutralised, OWASP), and dates inside the workbook and on the zip entries are the document date,
 * so the same report gives the same bytes.
 */

import type ExcelJS from 'exceljs';
import { currencyExponent } from '@fidelis/shared/money/currency.js';
import { spreadsheetCell } from '@fidelis/shared/reports/safeText.js';
import type { ReportHeader, ReportSink } from './sink.js';
import { stampZipEntries } from './zipTimestamps.js';

/** An amount a spreadsheet can hold as a number without losing a digit (15 significant digits). */
const EXACT_NUMBER = /^-?\d{1,13}(\.\d{1,3})?$/;

/** `#,##0.00 "USD"`: grouped, the currency's decimals, its code after. */
const currencyFormat = (currency: string): string => {
  const decimals = currencyExponent(currency);
  return `#,##0${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''} "${currency}";-#,##0${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''} "${currency}"`;
};

export function xlsxSink(path: string): ReportSink {
  let open: { workbook: ExcelJS.stream.xlsx.WorkbookWriter; sheet: ExcelJS.Worksheet; header: ReportHeader } | undefined;
  const opened = () => {
    if (!open) throw new Error('The XLSX report was written to before it began.');
    return open;
  };
  const texts = (cells: readonly string[]) => cells.map(spreadsheetCell);
  return {
    async begin(header) {
      // exceljs takes a while to load: only an XLSX export pays for it.
      const { default: excel } = await import('exceljs');
      const workbook = new excel.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
      workbook.creator = 'Fidelis';
      workbook.lastModifiedBy = 'Fidelis';
      workbook.created = header.documentDate;
      workbook.modified = header.documentDate;
      const sheet = workbook.addWorksheet('Report');
      sheet.addRow(texts(['section', ...header.columns])).commit();
      open = { workbook, sheet, header };
    },
    async row(row) {
      const added = opened().sheet.addRow(texts([row.section, ...row.cells]));
      row.currencies?.forEach((currency, index) => {
        const value = row.cells[index];
        if (currency === undefined || value === undefined || !EXACT_NUMBER.test(value)) return;
        // Column index + 2: the section is the first column and exceljs counts from 1.
        const cell = added.getCell(index + 2);
        cell.value = Number(value);
        cell.numFmt = currencyFormat(currency);
      });
      added.commit();
    },
    async end(summary) {
      const { workbook, sheet, header } = opened();
      sheet.commit();
      const about = workbook.addWorksheet('Summary');
      about.addRow(texts([header.title])).commit();
      for (const [name, value] of Object.entries(header.parameters)) about.addRow(texts([name, value])).commit();
      for (const [name, value] of Object.entries(summary.totals)) about.addRow(texts([name, value])).commit();
      for (const warning of summary.warnings) about.addRow(texts(['WARNING', warning])).commit();
      about.commit();
      await workbook.commit();
      // exceljs's zip writer dates some entries with the clock: every entry gets the document date instead.
      stampZipEntries(path, header.documentDate);
    },
  };
}
