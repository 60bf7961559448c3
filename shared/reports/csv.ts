/** RFC 4180 CSV records through csv-stringify: CRLF line ends, fields quoted when they must be, quotes doubled. */

import { stringify } from 'csv-stringify/sync';

// csv-stringify quotes a field holding the whole record delimiter only: a lone CR or LF must be quoted too.
const LINE_BREAK = /[\r\n]/;

export const csvRecord = (fields: readonly string[]): string => stringify([[...fields]], { record_delimiter: '\r\n', quoted_match: LINE_BREAK });
