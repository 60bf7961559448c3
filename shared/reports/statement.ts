/**
 * Account statement: the opening balance, every movement of the period described as a customer reads it, with the
 * running balance, and the closing balance. Besides its rows it tells a document (the PDF) who the statement is for:
 * account number and currency, the owners with the primary owner's address, and the period's figures.
 */

import type { Address } from '../customers/events.js';
import { DomainError } from '../errors.js';
import { formatAmount } from '../money/money.js';
import { createAccountDirectory } from './accountDirectory.js';
import type { ReportBuilder, ReportInput, ReportParams, ReportRow } from './model.js';
import { movementOf, type Movement } from './movements.js';

export const STATEMENT_COLUMNS = ['date', 'description', 'reference', 'debit', 'credit', 'balance', 'occurredAt', 'eventId', 'seq'] as const;

/** Debit, credit and balance are amounts in the account's currency. */
const moneyCells = (currency: string) => STATEMENT_COLUMNS.map((_, i) => (i >= 3 && i <= 5 ? currency : undefined));

const DEPOSIT_SOURCES: Readonly<Record<string, string>> = {
  cash: 'Cash deposit',
  check: 'Check deposit',
  wire: 'Wire transfer received',
  ach: 'ACH credit',
  payroll: 'Payroll credit',
  bank_transfer: 'Bank transfer received',
  payflow: 'Incoming payment',
  manual: 'Deposit',
  unknown: 'Deposit',
};
/** A source as a sentence names it. */
const SOURCE_NAMES: Readonly<Record<string, string>> = { cash: 'in cash', check: 'by check', wire: 'by wire', ach: 'by ACH', payroll: 'from payroll', bank_transfer: 'by bank transfer', payflow: 'by payment', manual: '' };
const WITHDRAWAL_CHANNELS: Readonly<Record<string, string>> = { cash: 'Cash withdrawal', transfer: 'Transfer sent', payment: 'Payment sent', reversal: 'Compensating debit' };

/** "2 Mar 2026": how a date reads on a statement, independent of the reader's locale. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const readableDay = (day: string): string => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

/** How a movement reads on a statement; a reversal says which movement (by its day and amount) it corrects, and why. */
function describe(m: Movement, channel: string | undefined, earlier: ReadonlyMap<string, Movement>): string {
  if (m.reverses) {
    const original = earlier.get(m.reverses.eventId);
    const what = m.kind === 'DEPOSIT_REVERSAL' ? 'deposit' : 'withdrawal';
    const which = original ? ` of ${readableDay(original.businessDay)} (${formatAmount(original.amount, original.currency)})` : '';
    return `Correction: ${what}${which} reversed — ${m.reverses.reason}`;
  }
  if (m.kind === 'OPENING_DEPOSIT') return `Opening deposit ${SOURCE_NAMES[m.source] ?? ''}`.trim();
  if (m.kind === 'WITHDRAWAL') return WITHDRAWAL_CHANNELS[m.source] ?? 'Withdrawal';
  if (channel === 'transfer') return 'Transfer received';
  if (channel === 'payment') return 'Incoming payment';
  if (channel === 'reversal') return 'Refund';
  return DEPOSIT_SOURCES[m.source] ?? 'Deposit';
}

/** Who and what a statement document is about. */
export interface StatementDocument {
  readonly accountNumber: string;
  readonly currency: string;
  /** Every owner's legal name, the primary first. */
  readonly owners: readonly string[];
  /** The primary owner's address, when recorded. */
  readonly address: Address | undefined;
  readonly from: string;
  readonly to: string;
  readonly opening: string;
  readonly credits: string;
  readonly debits: string;
  readonly closing: string;
  readonly movements: number;
}

export interface StatementBuilder extends ReportBuilder {
  /** After finish: the document's heading facts. */
  document(): StatementDocument;
}

export function createStatementReport(params: ReportParams): StatementBuilder {
  const accountId = params.accountId;
  if (!accountId) throw new DomainError('VALIDATION', 'A statement is for one account: name it with --account.', 'accountId');
  const directory = createAccountDirectory();
  /** This account's movements so far, by event id: a reversal names the one it corrects. */
  const seen = new Map<string, Movement>();
  let opening = 0n;
  let balance = 0n;
  let started = false;
  let movements = 0;
  let credits = 0n;
  let debits = 0n;
  const currency = () => directory.currencyOf(accountId) ?? 'USD';
  const money = (minor: bigint) => formatAmount(minor, currency());
  const openingRow = (): ReportRow => {
    started = true;
    opening = balance;
    return { section: 'opening', cells: [params.from, 'Opening balance', '', '', '', money(opening), '', '', ''], currencies: moneyCells(currency()) };
  };

  const builder: StatementBuilder = {
    title: 'Account statement',
    columns: STATEMENT_COLUMNS,
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event) return [];
      directory.fold(event, position === 'late');
      if (position === 'after') return [];
      const m = movementOf(event, directory, params.timeZone);
      if (!m || m.accountId !== accountId) return [];
      const signed = m.direction === 'IN' ? m.amount : -m.amount;
      const channel = typeof event.data.channel === 'string' ? event.data.channel : undefined;
      const backDated = position === 'before' ? ' (back-dated)' : '';
      const description = `${describe(m, channel, seen)}${backDated}`;
      seen.set(m.eventId, m);
      const cells = (running: string) => [m.businessDay, description, m.reference, m.direction === 'OUT' ? money(m.amount) : '', m.direction === 'IN' ? money(m.amount) : '', running, m.occurredAt, m.eventId, String(m.seq)];
      const row = (section: string, running: string): ReportRow => ({ section, cells: cells(running), currencies: moneyCells(m.currency) });
      // An earlier-dated event recorded after the period's first movement (an offline workstation's, synced) goes
      // into the period as back-dated, so the opening balance already printed stays true and the sums still add up.
      if (position === 'before' && !started) {
        balance += signed;
        return [];
      }
      if (position === 'late') return params.includeLate ? [row('late', '')] : [];
      const rows = started ? [] : [openingRow()];
      balance += signed;
      movements += 1;
      if (m.direction === 'IN') credits += m.amount;
      else debits += m.amount;
      rows.push(row('movement', money(balance)));
      return rows;
    },
    finish() {
      const rows = started ? [] : [openingRow()];
      if (!directory.get(accountId)) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId} as of the report's cut-off.`, 'accountId');
      rows.push({ section: 'closing', cells: [params.to, 'Closing balance', '', money(debits), money(credits), money(balance), '', '', ''], currencies: moneyCells(currency()) });
      return rows;
    },
    summary: () => {
      const account = directory.get(accountId);
      return {
        totals: {
          accountNumber: account?.number ?? '',
          customers: directory.ownerNames(accountId),
          currency: currency(),
          opening: money(opening),
          credits: money(credits),
          debits: money(debits),
          closing: money(balance),
          movements: String(movements),
        },
        warnings: [],
      };
    },
    document() {
      const account = directory.get(accountId);
      const owners = account?.owners ?? [];
      return {
        accountNumber: account?.number ?? '',
        currency: currency(),
        owners: owners.length > 0 ? owners.map((o) => directory.customer(o)?.legalName ?? o) : [account?.holder ?? ''],
        address: owners[0] === undefined ? undefined : directory.customer(owners[0])?.address,
        from: params.from,
        to: params.to,
        opening: money(opening),
        credits: money(credits),
        debits: money(debits),
        closing: money(balance),
        movements,
      };
    },
  };
  return builder;
}
