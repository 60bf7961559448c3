/**
 * Currency Transaction Report: cash in and cash out per customer (holder) per business day and currency; a line
 * when either side is over the threshold (FinCEN: more than $10,000 in or out, each side on its own), with the
 * transactions behind it. Lines that late events create or change are listed apart.
 */

import { formatAmount } from '../money/money.js';
import { thresholdIn } from '../ledger/readModels/compliance.js';
import type { HolderDetails } from '../accounts/state.js';
import { createAccountDirectory, type AccountDirectory } from './accountDirectory.js';
import { periodOnly, type ReportBuilder, type ReportInput, type ReportParams, type ReportRow } from './model.js';
import { movementOf, type Movement } from './movements.js';

export interface CtrAccount {
  readonly accountId: string;
  readonly number: string;
  readonly cashIn: bigint;
  readonly cashOut: bigint;
}

export interface CtrLine {
  readonly businessDay: string;
  /** The customer as the holder's name reads on the accounts (trimmed, case-insensitive). */
  readonly customer: string;
  readonly currency: string;
  readonly cashIn: bigint;
  readonly cashOut: bigint;
  readonly accounts: readonly CtrAccount[];
  readonly details: HolderDetails | undefined;
  readonly transactions: readonly Movement[];
}

interface Aggregate {
  businessDay: string;
  customer: string;
  currency: string;
  cashIn: bigint;
  cashOut: bigint;
  transactions: Movement[];
}

export const CTR_COLUMNS = ['line', 'businessDay', 'customer', 'currency', 'lineCashIn', 'lineCashOut', 'accountNumber', 'eventId', 'seq', 'occurredAt', 'direction', 'source', 'amount', 'reference'] as const;

const customerKey = (holder: string) => holder.trim().replace(/\s+/g, ' ').toLowerCase();

const keyOf = (movement: Movement) => `${movement.businessDay}|${customerKey(movement.holder)}|${movement.currency}`;

/** Folds cash movements into per customer-day totals; memory grows with customer-days that had cash, not with events. */
function createAggregator() {
  const byKey = new Map<string, Aggregate>();
  return {
    add(movement: Movement) {
      const key = keyOf(movement);
      let aggregate = byKey.get(key);
      if (!aggregate) {
        aggregate = { businessDay: movement.businessDay, customer: movement.holder.trim().replace(/\s+/g, ' '), currency: movement.currency, cashIn: 0n, cashOut: 0n, transactions: [] };
        byKey.set(key, aggregate);
      }
      if (movement.direction === 'IN') aggregate.cashIn += movement.amount;
      else aggregate.cashOut += movement.amount;
    },
    /** Second pass: the movement behind a line. */
    keep(movement: Movement) {
      byKey.get(keyOf(movement))?.transactions.push(movement);
    },
    entries: () => [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    get: (key: string) => byKey.get(key),
  };
}

function lineOf(aggregate: Aggregate, directory: AccountDirectory): CtrLine {
  const accounts = new Map<string, { accountId: string; number: string; cashIn: bigint; cashOut: bigint }>();
  for (const t of aggregate.transactions) {
    const account = accounts.get(t.accountId) ?? { accountId: t.accountId, number: t.number, cashIn: 0n, cashOut: 0n };
    if (t.direction === 'IN') account.cashIn += t.amount;
    else account.cashOut += t.amount;
    accounts.set(t.accountId, account);
  }
  const sortedAccounts = [...accounts.values()].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  // The holder's details from the first of their accounts that has them recorded.
  const details = sortedAccounts.map((a) => directory.get(a.accountId)?.details).find((d) => d !== undefined);
  return { ...aggregate, accounts: sortedAccounts, details, transactions: [...aggregate.transactions].sort((a, b) => a.seq - b.seq) };
}

export interface CtrBuilder extends ReportBuilder {
  /** The report's lines (after finish), for the FinCEN batch. */
  lines(): readonly CtrLine[];
}

export function createCtrReport(params: ReportParams): CtrBuilder {
  const directory = createAccountDirectory();
  const main = createAggregator();
  const withLate = createAggregator();
  const overThreshold = (a: { cashIn: bigint; cashOut: bigint; currency: string }) => {
    const threshold = thresholdIn(params.rules.ctrThreshold, a.currency);
    return a.cashIn > threshold || a.cashOut > threshold;
  };
  let mainLines: CtrLine[] = [];
  let lateLines: CtrLine[] = [];
  // First pass: totals only. Second pass (over the period again): the transactions of the lines, and only those.
  let pass: 1 | 2 = 1;
  let firstSeq: number | undefined;
  let mainKeys = new Set<string>();
  let lateKeys = new Set<string>();

  const rowsOf = (section: string, lines: readonly CtrLine[]): ReportRow[] =>
    lines.flatMap((line, index) =>
      line.transactions.map((t) => ({
        section,
        cells: [
          String(index + 1),
          line.businessDay,
          line.customer,
          line.currency,
          formatAmount(line.cashIn, line.currency),
          formatAmount(line.cashOut, line.currency),
          t.number,
          t.eventId,
          String(t.seq),
          t.occurredAt,
          t.direction,
          t.source,
          formatAmount(t.amount, t.currency),
          t.reference,
        ],
      })),
    );

  return {
    title: 'Currency Transaction Report',
    columns: CTR_COLUMNS,
    wants: periodOnly,
    accept({ event, position }: ReportInput) {
      if (!event) return [];
      // The directory is complete after the first pass (numbers and holders do not change).
      if (pass === 1) directory.fold(event, position === 'late');
      if (position !== 'period' && position !== 'late') return [];
      const movement = movementOf(event, directory);
      // Reversals are never cash (movements.ts): a reversed cash deposit still counts on its day as the cash it was.
      if (!movement?.cash) return [];
      if (pass === 2) {
        if (position === 'period' && mainKeys.has(keyOf(movement))) main.keep(movement);
        if (lateKeys.has(keyOf(movement))) withLate.keep(movement);
        return [];
      }
      firstSeq ??= movement.seq;
      if (position === 'period') main.add(movement);
      withLate.add(movement);
      return [];
    },
    rescan() {
      mainKeys = new Set(main.entries().filter(([, a]) => overThreshold(a)).map(([key]) => key));
      // A late event matters when it makes a line appear or changes the totals of one.
      lateKeys = params.includeLate
        ? new Set(
            withLate
              .entries()
              .filter(([key, a]) => {
                const before = main.get(key);
                return overThreshold(a) && (!before || before.cashIn !== a.cashIn || before.cashOut !== a.cashOut);
              })
              .map(([key]) => key),
          )
        : new Set();
      if (mainKeys.size === 0 && lateKeys.size === 0) return undefined;
      pass = 2;
      return { afterSeq: firstSeq! - 1 };
    },
    finish() {
      mainLines = [...mainKeys].sort().map((key) => lineOf(main.get(key)!, directory));
      lateLines = [...lateKeys].sort().map((key) => lineOf(withLate.get(key)!, directory));
      return [...rowsOf('ctr', mainLines), ...rowsOf('late', lateLines)];
    },
    summary() {
      const sums = new Map<string, bigint>();
      const add = (key: string, amount: bigint) => sums.set(key, (sums.get(key) ?? 0n) + amount);
      for (const line of mainLines) {
        add(`cashIn.${line.currency}`, line.cashIn);
        add(`cashOut.${line.currency}`, line.cashOut);
      }
      const totals: Record<string, string> = { lines: String(mainLines.length), lateLines: String(lateLines.length) };
      for (const [key, amount] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) totals[key] = formatAmount(amount, key.slice(key.indexOf('.') + 1));
      const warnings = mainLines.filter((l) => l.details === undefined).map((l) => `No holder details recorded for ${l.customer} (line of ${l.businessDay}): the CTR will say address, date of birth and identification are unknown.`);
      return { totals, warnings };
    },
    lines: () => mainLines,
  };
}
