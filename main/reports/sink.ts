/** Where report rows go: one writer per format, each writing one file, deterministically (no clock in the bytes). */

import { createWriteStream, type WriteStream } from 'node:fs';
import type { ReportRow, ReportSummary } from '@fidelis/shared/reports/model.js';

export interface ReportHeader {
  readonly kind: string;
  readonly title: string;
  readonly columns: readonly string[];
  /** Parameters and cut-off as printed in the file (strings, in a fixed order). */
  readonly parameters: Readonly<Record<string, string>>;
  /** The document date written inside formats that want one (XLSX, PDF): the period's end, never the clock. */
  readonly documentDate: Date;
}

export interface ReportSink {
  begin(header: ReportHeader): Promise<void>;
  row(row: ReportRow): Promise<void>;
  end(summary: ReportSummary): Promise<void>;
}

/** A file written in order, waiting whenever the OS buffer is full, so a large report never piles up in memory. */
export function openTextFile(path: string): { write(text: string): Promise<void>; close(): Promise<void> } {
  const stream: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  return {
    async write(text) {
      if (!stream.write(text)) await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failed]);
    },
    close: () => Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]),
  };
}
