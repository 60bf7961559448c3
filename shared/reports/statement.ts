/** Account statement: the opening balance, every movement of the period with the running balance, the closing balance. */

import { DomainError } from '../errors.js';
import { formatAmount } from '../money/money.js';
import { createAccountDirectory } from './accountDirectory.js';
import type { ReportBuilder, ReportInput, ReportParams, ReportRow } from './model.js';
import { movementOf, type Movement } from './movements.js';

export const STATEMENT_COLUMNS = ['businessDay', 'occurredAt', 'seq', 'eventId', 'description', 'reference', 'debit', 'credit', 'balance'] as const;

/** How a statement line reads; a reversal names the movement it compensates and why. */
function describeMovement(m: Movement): string {
  if (m.reverses) return `Reversal of ${m.kind === 'DEPOSIT_REVERSAL' ? 'deposit' : 'withdrawal'} ${m.reverses.eventId}: ${m.reverses.reason}`;
  return m.kind === 'OPENING_DEPOSIT' ? 'Opening deposit' : m.kind === 'DEPOSIT' ? `Deposit (${m.source})` : m.cash ? 'Cash withdrawal' : 'Transfer debit';
}

export function createStatementReport(params: ReportParams): ReportBuilder {
  const accountId = params.accountId;
  if (!accountId) throw new DomainError('VALIDATION', 'A statement is for one account: name it with --account ID.', 'accountId');
  const directory = createAccountDirectory();
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
    return { section: 'opening', cells: [params.from, '', '', '', 'Opening balance', '', '', '', money(opening)] };
  };

  return {
    title: 'Account statement',
    columns: STATEMENT_COLUMNS,
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event) return [];
      directory.fold(event, position === 'late');
      if (position === 'after') return [];
      const m = movementOf(event, directory);
      if (!m || m.accountId !== accountId) return [];
      const signed = m.direction === 'IN' ? m.amount : -m.amount;
      const backDated = position === 'before' ? ' (back-dated)' : '';
      const description = `${describeMovement(m)}${backDated}`;
      const cells = (running: string) => [m.businessDay, m.occurredAt, String(m.seq), m.eventId, description, m.reference, m.direction === 'OUT' ? money(m.amount) : '', m.direction === 'IN' ? money(m.amount) : '', running];
      // An earlier-dated event recorded after the period's first movement (an offline workstation's, synced) goes
      // into the period as back-dated, so the opening balance already printed stays true and the sums still add up.
      if (position === 'before' && !started) {
        balance += signed;
        return [];
      }
      if (position === 'late') return params.includeLate ? [{ section: 'late', cells: cells('') }] : [];
      const rows = started ? [] : [openingRow()];
      balance += signed;
      movements += 1;
      if (m.direction === 'IN') credits += m.amount;
      else debits += m.amount;
      rows.push({ section: 'movement', cells: cells(money(balance)) });
      return rows;
    },
    finish() {
      const rows = started ? [] : [openingRow()];
      if (!directory.get(accountId)) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId} as of the report's cut-off.`, 'accountId');
      rows.push({ section: 'closing', cells: [params.to, '', '', '', 'Closing balance', '', money(debits), money(credits), money(balance)] });
      return rows;
    },
    summary: () => {
      const account = directory.get(accountId);
      return {
        totals: { accountNumber: account?.number ?? '', holder: account?.holder ?? '', currency: currency(), opening: money(opening), credits: money(credits), debits: money(debits), closing: money(balance), movements: String(movements) },
        warnings: [],
      };
    },
  };
}
