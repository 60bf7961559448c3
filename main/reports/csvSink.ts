/**
 * CSV (RFC 4180, UTF-8, CRLF): one table, "section" first; the summary and warnings close it as rows of their own.
 * Every cell is made safe to open in a spreadsheet: controls stripped, formula-like text neutralised (OWASP).
 */

import { csvRecord } from '@fidelis/shared/reports/csv.js';
import { spreadsheetCell } from '@fidelis/shared/reports/safeText.js';
import { openTextFile, type ReportSink } from './sink.js';

export function csvSink(path: string): ReportSink {
  const file = openTextFile(path);
  let width = 0;
  const record = (cells: readonly string[]) => csvRecord([...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')].map(spreadsheetCell));
  return {
    async begin(header) {
      width = header.columns.length + 1;
      await file.write(record(['section', ...header.columns]));
    },
    row: (row) => file.write(record([row.section, ...row.cells])),
    async end(summary) {
      for (const [name, value] of Object.entries(summary.totals)) await file.write(record(['summary', name, value]));
      for (const warning of summary.warnings) await file.write(record(['warning', warning]));
      await file.close();
    },
  };
}
