/** RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes doubled. */

const NEEDS_QUOTES = /[",\r\n]/;

export const csvField = (value: string): string => (NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
