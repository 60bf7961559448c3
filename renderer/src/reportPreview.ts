/**
 * A report preview as staff read it: column headings and codes in words, amounts formatted with their currency, times
 * local. Only the screen changes: the exported files keep their machine cells, as regulators and spreadsheets want.
 */

import type { ReportPreview } from '@fidelis/shared/reports/api.js';
import { displayEventType, displayMoney, displayTime } from './format.js';
import { humanCode, sourceLabel, statusLabel } from './labels.js';

/** camelCase as a sentence: accountNumber → Account number. The fallback for a column not listed. */
const sentence = (name: string): string => humanCode(name.replace(/([a-z\d])([A-Z])/g, '$1 $2'));

const COLUMN_LABELS: Readonly<Record<string, string>> = {
  accountNumber: 'Account',
  customerId: 'Customer id',
  customers: 'Customers',
  lineCashInUsd: 'Customer’s cash in that day (USD)',
  lineCashOutUsd: 'Customer’s cash out that day (USD)',
  usdPerUnit: 'Rate (USD per unit)',
  amountUsd: 'Amount in USD',
  seriesTotalUsd: 'Series total (USD)',
  eventId: 'Event id',
  seq: 'Position',
  occurredAt: 'Time',
  recordedAt: 'Recorded',
  streamId: 'Stream',
  type: 'Event',
  workstation: 'Workstation',
  branchId: 'Branch',
  commandId: 'Command id',
  correlationId: 'Correlation id',
  causationId: 'Caused by',
  ledgerAccount: 'Ledger account',
  id: 'Till or vault',
  openingDifference: 'Difference at opening',
  customerIn: 'From customers',
  customerOut: 'To customers',
  tillsIn: 'From tills',
  tillsOut: 'To tills',
  vaultIn: 'From the vault',
  vaultOut: 'To the vault',
  centreIn: 'From the cash centre',
  centreOut: 'To the cash centre',
  count: 'Count',
  signedOffBy: 'Signed off by',
  kind: 'Movement',
};

export const columnLabel = (column: string): string => COLUMN_LABELS[column] ?? sentence(column);

const SECTION_LABELS: Readonly<Record<string, string>> = {
  ctr: 'CTR lines',
  late: 'Arrived late, by sync',
  large: 'Large transactions',
  structuring: 'Possible structuring',
  'trial-balance': 'Trial balance',
  journal: 'Journal',
  total: 'Totals',
  opening: 'Opening balance',
  movement: 'Movements',
  closing: 'Closing balance',
  audit: 'Events',
  till: 'Tills',
  vault: 'The vault',
  difference: 'Counted differences',
};

export const sectionLabel = (section: string): string => SECTION_LABELS[section] ?? humanCode(section);

/** Columns holding an amount in the row's currency (its `currency` cell, or the statement's). */
const MONEY_COLUMNS: ReadonlySet<string> = new Set([
  'amount', 'debit', 'credit', 'balance', 'opening', 'openingDifference', 'customerIn', 'customerOut', 'tillsIn', 'tillsOut',
  'vaultIn', 'vaultOut', 'centreIn', 'centreOut', 'expected', 'counted', 'difference', 'over', 'short', 'credits', 'debits', 'closing',
]);

/** Columns and totals named "…Usd" hold US dollars whatever the row's currency. */
const inUsd = (name: string): boolean => /Usd$/.test(name);

/** An amount as the screen shows it; a cell that is no amount ("", "total") stays as it is. */
function money(cell: string, currency: string | undefined): string {
  if (cell === '' || currency === undefined || currency === '') return cell;
  try {
    return displayMoney(cell, currency);
  } catch {
    return cell;
  }
}

const YES_NO: Readonly<Record<string, string>> = { Y: 'Yes', N: 'No' };
const DIRECTIONS: Readonly<Record<string, string>> = { IN: 'In', OUT: 'Out' };

function codeCell(column: string, cell: string): string {
  if (cell === '') return cell;
  switch (column) {
    case 'source':
      return sourceLabel(cell);
    case 'kind':
    case 'balanced':
      return humanCode(cell);
    case 'direction':
      return DIRECTIONS[cell] ?? cell;
    case 'cash':
      return YES_NO[cell] ?? cell;
    case 'status':
      return statusLabel(cell);
    case 'type':
      return displayEventType(cell);
    case 'occurredAt':
    case 'recordedAt':
      return Number.isNaN(Date.parse(cell)) ? cell : displayTime(cell);
    default:
      return cell;
  }
}

export interface PresentedSection {
  readonly name: string;
  readonly label: string;
  readonly rowCount: number;
  readonly rows: readonly (readonly string[])[];
}

export interface PresentedPreview {
  readonly columns: readonly string[];
  /** Per column: whether it holds amounts or counts, aligned right. */
  readonly numeric: readonly boolean[];
  readonly sections: readonly PresentedSection[];
  readonly totals: readonly (readonly [label: string, value: string])[];
}

/** Where the report stopped reading: every report names it, in the manifest's words. */
const CUT_OFF: Readonly<Record<string, string>> = { head: 'The latest event (the day is still open)', 'end-of-day': 'The end of the business day', given: 'The position asked for' };

const TOTAL_LABELS: Readonly<Record<string, string>> = { lastEventSeq: 'Read up to event', cutOffBasis: 'Cut-off', accountNumber: 'Account' };

/** "10000.00 USD" (a total that names its currency) as a formatted amount. */
const namedAmount = /^(-?\d+(?:\.\d+)?) ([A-Z]{3})$/;

function presentTotal(name: string, value: string, statementCurrency: string | undefined): readonly [string, string] {
  const perCurrency = /^(.+)\.([A-Z]{3})$/.exec(name);
  if (perCurrency) return [`${sentence(perCurrency[1]!)} (${perCurrency[2]})`, money(value, perCurrency[2])];
  const named = namedAmount.exec(value);
  if (named) return [sentence(name), money(named[1]!, named[2])];
  if (inUsd(name)) return [sentence(name.replace(/Usd$/, '')) + ' (USD)', money(value, 'USD')];
  if (MONEY_COLUMNS.has(name)) return [sentence(name), money(value, statementCurrency)];
  return [TOTAL_LABELS[name] ?? sentence(name), name === 'cutOffBasis' ? (CUT_OFF[value] ?? value) : value];
}

export function presentPreview(preview: ReportPreview): PresentedPreview {
  const currencyColumn = preview.columns.indexOf('currency');
  // A statement is one account's: its currency is a total, not a column.
  const statementCurrency = preview.totals['currency'];
  const cellOf = (row: readonly string[], column: string, index: number): string => {
    const cell = row[index] ?? '';
    if (inUsd(column)) return money(cell, 'USD');
    if (MONEY_COLUMNS.has(column)) return money(cell, currencyColumn >= 0 ? row[currencyColumn] : statementCurrency);
    return codeCell(column, cell);
  };
  return {
    columns: preview.columns.map(columnLabel),
    numeric: preview.columns.map((column) => inUsd(column) || MONEY_COLUMNS.has(column) || column === 'seq'),
    sections: preview.sections.map((section) => ({
      name: section.name,
      label: sectionLabel(section.name),
      rowCount: section.rowCount,
      rows: section.rows.map((row) => preview.columns.map((column, index) => cellOf(row, column, index))),
    })),
    totals: Object.entries(preview.totals).map(([name, value]) => presentTotal(name, value, statementCurrency)),
  };
}
