/**
 * PDF through pdfkit for people: landscape A4, a title block with parameters and cut-off, the rows as a small-print
 * grid that repeats its header on each page, then the summary and any warning in red. Written page by page to the file;
 * the document's dates are the document date (its file id derives from them), so the same report gives the same bytes.
 */

import { createWriteStream } from 'node:fs';
import type PDFDocument from 'pdfkit';
import { stripControls } from '@fidelis/shared/reports/safeText.js';
import type { ReportSink } from './sink.js';

const FONT_SIZE = 6.5;
const ROW_HEIGHT = 9;

const ACRONYMS = new Set(['usd', 'id', 'tin']);

/** How a column reads on paper: `lineCashInUsd` → "Line cash in USD". */
export const columnLabel = (column: string): string => {
  const words = column.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ').map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  return words.join(' ').replace(/^./, (c) => c.toUpperCase());
};

export function pdfSink(path: string): ReportSink {
  let doc: InstanceType<typeof PDFDocument> | undefined;
  let columns: readonly string[] = [];
  let widths: number[] = [];
  let finished: Promise<void> = Promise.resolve();
  const left = () => doc!.page.margins.left;
  const bottom = () => doc!.page.height - doc!.page.margins.bottom;

  const headerCells = () => ['Section', ...columns.map(columnLabel)];
  /** One line of cells; `amounts` marks the ones aligned right (amounts, so their decimals line up). */
  const cellsLine = (cells: readonly string[], bold = false, amounts: readonly boolean[] = []) => {
    if (doc!.y + ROW_HEIGHT > bottom()) {
      doc!.addPage();
      cellsLine(headerCells(), true);
    }
    const y = doc!.y;
    let x = left();
    doc!.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    cells.forEach((cell, index) => {
      doc!.text(stripControls(cell), x, y, { width: widths[index]! - 2, height: ROW_HEIGHT, lineBreak: false, ellipsis: true, align: amounts[index] ? 'right' : 'left' });
      x += widths[index]!;
    });
    doc!.x = left();
    doc!.y = y + ROW_HEIGHT;
  };

  return {
    async begin(header) {
      // pdfkit takes a while to load: only a PDF export pays for it.
      const { default: PdfDocument } = await import('pdfkit');
      doc = new PdfDocument({ size: 'A4', layout: 'landscape', margin: 30, info: { Title: header.title, Creator: 'Fidelis', Producer: 'Fidelis', CreationDate: header.documentDate, ModDate: header.documentDate } });
      const out = createWriteStream(path);
      finished = new Promise((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      doc.pipe(out);
      columns = header.columns;
      const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      // Every column gets a share of the width in proportion to its header's length, at least a fixed minimum.
      const weights = ['section', ...columns].map((c) => Math.max(6, c.length));
      const sum = weights.reduce((a, b) => a + b, 0);
      widths = weights.map((w) => (w / sum) * usable);
      doc.font('Helvetica-Bold').fontSize(14).text(header.title, left(), doc.page.margins.top);
      doc.font('Helvetica').fontSize(8);
      for (const [name, value] of Object.entries(header.parameters)) doc.text(stripControls(`${name}: ${value}`));
      doc.moveDown(0.5);
      cellsLine(headerCells(), true);
    },
    async row(row) {
      cellsLine([row.section, ...row.cells], false, [false, ...(row.currencies ?? []).map((c) => c !== undefined)]);
    },
    async end(summary) {
      doc!.moveDown(1);
      doc!.x = left();
      doc!.font('Helvetica-Bold').fontSize(9).text('Summary', left());
      doc!.font('Helvetica').fontSize(8);
      for (const [name, value] of Object.entries(summary.totals)) doc!.text(stripControls(`${name}: ${value}`), left());
      for (const warning of summary.warnings) doc!.fillColor('red').font('Helvetica-Bold').text(stripControls(`WARNING: ${warning}`), left()).fillColor('black');
      doc!.end();
      await finished;
    },
  };
}
