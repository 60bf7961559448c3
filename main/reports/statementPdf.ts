/**
 * The account statement as a document for the customer (pdfkit, A4 portrait): the bank and branch, the customer's
 * name and address, account number, currency and period, the opening and closing balances with money in and out,
 * then every movement with its date, a readable description, reference and running balance, "Page n of m" on each
 * page. Rows are kept until the end (one account's period), when who the statement is for is known. The document's
 * dates are the period's end, so the same statement gives the same bytes.
 */

import { createWriteStream } from 'node:fs';
import type PDFDocument from 'pdfkit';
import type { ReportRow } from '@fidelis/shared/reports/model.js';
import { stripControls } from '@fidelis/shared/reports/safeText.js';
import { readableDay, type StatementDocument } from '@fidelis/shared/reports/statement.js';
import type { ReportSink } from './sink.js';

/** How the statement names the bank: the institution's recorded details, as far as they go. */
export interface StatementBank {
  readonly name: string;
  readonly branch: string;
  readonly address: string;
  readonly phone?: string | undefined;
}

export interface StatementPdfOptions {
  readonly bank: StatementBank;
  readonly timeZone: string;
  /** Asked at the end, once every row is in. */
  document(): StatementDocument;
}

const MARGIN = 50;
const BODY = 9.5;
const ROW = 15;
/** Date, description, reference, money out, money in, balance: shares of the usable width. */
const SHARES = [0.13, 0.34, 0.17, 0.12, 0.12, 0.12] as const;

type Doc = InstanceType<typeof PDFDocument>;

/** "1,234.50": thousands grouped in the whole part only. */
const grouped = (amount: string): string => {
  if (amount === '') return '';
  const [whole, fraction] = amount.split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = whole!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
};

export function statementPdfSink(path: string, options: StatementPdfOptions): ReportSink {
  const rows: ReportRow[] = [];
  let documentDate = new Date(0);
  let title = '';
  return {
    async begin(header) {
      documentDate = header.documentDate;
      title = header.title;
    },
    async row(row) {
      rows.push(row);
    },
    async end() {
      const { default: PdfDocument } = await import('pdfkit');
      const info = options.document();
      const doc: Doc = new PdfDocument({
        size: 'A4',
        margin: MARGIN,
        bufferPages: true,
        info: { Title: `${title} ${info.accountNumber} ${info.from} to ${info.to}`, Author: options.bank.name, Creator: 'Fidelis', Producer: 'Fidelis', CreationDate: documentDate, ModDate: documentDate },
      });
      const out = createWriteStream(path);
      const finished = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      doc.pipe(out);
      const width = doc.page.width - 2 * MARGIN;
      const text = (value: string) => stripControls(value);
      const amount = grouped;

      // The bank and branch, top left; what the document is, top right.
      const top = MARGIN;
      doc.font('Helvetica-Bold').fontSize(16).text(text(options.bank.name), MARGIN, top, { width: width * 0.55 });
      doc.font('Helvetica').fontSize(BODY).text(text(options.bank.branch), { width: width * 0.55 });
      if (options.bank.address) doc.text(text(options.bank.address), { width: width * 0.55 });
      if (options.bank.phone) doc.text(`Telephone ${text(options.bank.phone)}`, { width: width * 0.55 });
      const right = MARGIN + width * 0.58;
      doc.font('Helvetica-Bold').fontSize(14).text('Account statement', right, top, { width: width * 0.42, align: 'right' });
      doc.font('Helvetica').fontSize(BODY);
      doc.text(`Account number ${text(info.accountNumber)}`, right, undefined, { width: width * 0.42, align: 'right' });
      doc.text(`Currency ${info.currency}`, right, undefined, { width: width * 0.42, align: 'right' });
      doc.text(`${readableDay(info.from)} to ${readableDay(info.to)}`, right, undefined, { width: width * 0.42, align: 'right' });

      // The customer, as on an envelope.
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, top + 80) + 10;
      doc.font('Helvetica-Bold').fontSize(11).text(text(info.owners.join(' and ')), MARGIN, undefined, { width: width * 0.6 });
      doc.font('Helvetica').fontSize(BODY + 0.5);
      const a = info.address;
      if (a) {
        for (const line of [a.line1, a.line2, [a.city, a.state, a.postalCode].filter(Boolean).join(' '), a.country]) if (line) doc.text(text(line), MARGIN, undefined, { width: width * 0.6 });
      } else {
        doc.fillColor('#555555').text('No address on record', MARGIN, undefined, { width: width * 0.6 }).fillColor('black');
      }

      // The period in four figures.
      doc.moveDown(1.2);
      const boxTop = doc.y;
      const figures: Array<[string, string]> = [
        ['Opening balance', info.opening],
        ['Money in', info.credits],
        ['Money out', info.debits],
        ['Closing balance', info.closing],
      ];
      const cell = width / figures.length;
      doc.rect(MARGIN, boxTop, width, 38).fillAndStroke('#f2f2f2', '#999999').fillColor('black');
      figures.forEach(([label, value], index) => {
        doc.font('Helvetica').fontSize(8).text(label, MARGIN + index * cell + 6, boxTop + 6, { width: cell - 12 });
        doc.font('Helvetica-Bold').fontSize(11).text(`${amount(value)} ${info.currency}`, MARGIN + index * cell + 6, boxTop + 20, { width: cell - 12 });
      });
      doc.x = MARGIN;
      doc.y = boxTop + 52;

      // The movements.
      const columns = SHARES.map((share) => share * width);
      const headings = ['Date', 'Description', 'Reference', 'Money out', 'Money in', 'Balance'];
      const bottom = () => doc.page.height - MARGIN - 20;
      const line = (cells: readonly string[], bold: boolean) => {
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY);
        const heights = cells.map((c, i) => doc.heightOfString(c, { width: columns[i]! - 6 }));
        const height = Math.max(ROW, ...heights.map((h) => h + 4));
        if (doc.y + height > bottom()) {
          doc.addPage();
          heading();
          doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY);
        }
        const y = doc.y;
        let x = MARGIN;
        cells.forEach((c, i) => {
          doc.text(c, x + 3, y + 2, { width: columns[i]! - 6, align: i >= 3 ? 'right' : 'left' });
          x += columns[i]!;
        });
        doc.x = MARGIN;
        doc.y = y + height;
      };
      const heading = () => {
        doc.font('Helvetica-Bold').fontSize(BODY);
        const y = doc.y;
        doc.rect(MARGIN, y, width, ROW + 2).fill('#e6e6e6').fillColor('black');
        let x = MARGIN;
        headings.forEach((h, i) => {
          doc.text(h, x + 3, y + 3, { width: columns[i]! - 6, align: i >= 3 ? 'right' : 'left' });
          x += columns[i]!;
        });
        doc.x = MARGIN;
        doc.y = y + ROW + 4;
      };
      heading();
      const late: ReportRow[] = [];
      for (const row of rows) {
        if (row.section === 'late') {
          late.push(row);
          continue;
        }
        const [day = '', description = '', reference = '', debit = '', credit = '', balance = ''] = row.cells;
        const bold = row.section !== 'movement';
        line([readableDay(day), text(description), text(reference), amount(debit), amount(credit), amount(balance)], bold);
      }
      if (info.movements === 0) line(['', 'No movements in this period.', '', '', '', ''], false);
      if (late.length > 0) {
        doc.moveDown(1);
        doc.font('Helvetica-Bold').fontSize(BODY).text('Recorded after the statement was drawn up, dated inside its period:', MARGIN);
        doc.moveDown(0.3);
        for (const row of late) {
          const [day = '', description = '', reference = '', debit = '', credit = ''] = row.cells;
          line([readableDay(day), text(description), text(reference), amount(debit), amount(credit), ''], false);
        }
      }
      doc.moveDown(1.5);
      doc.font('Helvetica').fontSize(8).fillColor('#555555');
      doc.text(`Amounts in ${info.currency}. Dates are business days of the branch (${options.timeZone}). Please tell us about any entry you do not recognise.`, MARGIN, undefined, { width });
      doc.fillColor('black');

      // Page numbers, once the number of pages is known.
      const pages = doc.bufferedPageRange();
      for (let index = 0; index < pages.count; index += 1) {
        doc.switchToPage(pages.start + index);
        // Written inside the bottom margin: without lowering it, pdfkit would start a new page for the footer.
        doc.page.margins.bottom = 0;
        doc.font('Helvetica').fontSize(8).text(`${text(options.bank.name)} · Account ${text(info.accountNumber)} · Page ${index + 1} of ${pages.count}`, MARGIN, doc.page.height - MARGIN - 5, { width, align: 'center', lineBreak: false });
      }
      doc.end();
      await finished;
    },
  };
}
