// The part of pdfkit (0.20, no bundled types) that main/reports/pdfSink.ts uses.
declare module 'pdfkit' {
  import type { Writable } from 'node:stream';

  interface PdfTextOptions {
    width?: number;
    height?: number;
    lineBreak?: boolean;
    ellipsis?: boolean | string;
    align?: 'left' | 'right' | 'center' | 'justify';
  }

  interface PdfDocumentOptions {
    size?: string | [number, number];
    layout?: 'portrait' | 'landscape';
    margin?: number;
    compress?: boolean;
    autoFirstPage?: boolean;
    bufferPages?: boolean;
    info?: { Title?: string; Author?: string; Subject?: string; Creator?: string; Producer?: string; CreationDate?: Date; ModDate?: Date };
  }

  export default class PDFDocument {
    constructor(options?: PdfDocumentOptions);
    readonly page: { readonly width: number; readonly height: number; readonly margins: { top: number; bottom: number; left: number; right: number } };
    y: number;
    x: number;
    pipe<T extends Writable>(destination: T): T;
    addPage(options?: PdfDocumentOptions): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    text(text: string, x?: number, y?: number, options?: PdfTextOptions): this;
    moveDown(lines?: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(color?: string): this;
    end(): void;
  }
}
