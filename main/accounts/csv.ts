/** Reads an accounts CSV with csv-parse: RFC 4180 quoting, CRLF, LF or CR line ends, a BOM, blank lines skipped. */

import { CsvError, parse, type Info } from 'csv-parse/sync';
import { DomainError } from '@fidelis/shared/errors.js';

export interface CsvRow {
  /** 1-based line where the row starts, for reports a person can check against the file. */
  readonly line: number;
  readonly cells: readonly string[];
}

const CR = 0x0d;
const LF = 0x0a;
const isBlank = (byte: number | undefined) => byte === 0x20 || byte === 0x09 || byte === CR || byte === LF;

/** Line breaks (CRLF, LF or CR) between two offsets. */
function lineBreaks(bytes: Buffer, from: number, to: number): number {
  let breaks = 0;
  for (let at = from; at < to; at++) if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) breaks++;
  return breaks;
}

/** The rows of a CSV text; a file csv-parse cannot read (a quote never closed) is refused naming the line. */
export function parseCsv(text: string): CsvRow[] {
  const bytes = Buffer.from(text, 'utf8');
  let records: { record: string[]; info: Info }[];
  try {
    // With `info`, each record comes with where it was read; csv-parse's types do not follow that option.
    records = parse(bytes, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      // Legacy exports: rows of any width (the importer says what is missing) and stray quotes inside a field.
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw new DomainError('VALIDATION', `The file is not readable CSV: ${error.message}`, 'file');
    throw error;
  }
  // A record's line comes from the byte offset where it ends (csv-parse's own line count takes a CRLF inside quotes for two).
  let offset = 0;
  let line = 1;
  return records.map(({ record, info }) => {
    let start = offset;
    while (start < info.bytes && isBlank(bytes[start])) start++;
    line += lineBreaks(bytes, offset, start);
    const row = { line, cells: record };
    line += lineBreaks(bytes, start, info.bytes);
    offset = info.bytes;
    return row;
  });
}
