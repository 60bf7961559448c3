/** JSON for machines: the header, then rows as objects keyed by column, then the summary; written as it goes. */

import { openTextFile, type ReportSink } from './sink.js';

export function jsonSink(path: string): ReportSink {
  const file = openTextFile(path);
  let columns: readonly string[] = [];
  let first = true;
  return {
    async begin(header) {
      columns = header.columns;
      await file.write(`{"report":${JSON.stringify(header.kind)},"title":${JSON.stringify(header.title)},"parameters":${JSON.stringify(header.parameters)},"columns":${JSON.stringify(['section', ...columns])},"rows":[`);
    },
    async row(row) {
      const record: Record<string, string> = { section: row.section };
      columns.forEach((column, index) => (record[column] = row.cells[index] ?? ''));
      await file.write(`${first ? '\n' : ',\n'}${JSON.stringify(record)}`);
      first = false;
    },
    async end(summary) {
      await file.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
      await file.close();
    },
  };
}
