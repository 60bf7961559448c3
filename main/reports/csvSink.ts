/** CSV (RFC 4180, UTF-8, CRLF): one table, "section" first; the summary and warnings close it as rows of their own. */

import { csvRecord } from '@fidelis/shared/reports/csv.js';
import { openTextFile, type ReportSink } from './sink.js';

export function csvSink(path: string): ReportSink {
  const file = openTextFile(path);
  let width = 0;
  const padded = (cells: readonly string[]) => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')];
  return {
    async begin(header) {
      width = header.columns.length + 1;
      await file.write(csvRecord(['section', ...header.columns]));
    },
    row: (row) => file.write(csvRecord(padded([row.section, ...row.cells]))),
    async end(summary) {
      for (const [name, value] of Object.entries(summary.totals)) await file.write(csvRecord(padded(['summary', name, value])));
      for (const warning of summary.warnings) await file.write(csvRecord(padded(['warning', warning])));
      await file.close();
    },
  };
}
