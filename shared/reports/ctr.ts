/**
 * Currency Transaction Report: cash in and cash out per customer per business day (the branch's), across every
 * account the customer owns, alone or jointly (a joint account's cash counts for each of its owners), in USD —
 * foreign currency at the day's recorded rate. A line when either side is strictly over the threshold (FinCEN: more
 * than $10,000 in, or out, each side on its own), with the transactions behind it. Lines that late events create or
 * change are listed apart.
 */

import { derivedCustomerIdOf } from '../customers/index.js';
import { formatAmount, parseAmount } from '../money/money.js';
import { addUsd, centsRoundedUp, compareUsd, usdOfCents, ZERO_USD, type UsdExact } from '../rates/exchangeRate.js';
import { usdOn, type RateEntry } from '../rates/rateBook.js';
import { createAccountDirectory, type AccountDirectory, type CustomerEntry } from './accountDirectory.js';
import { periodOnly, type ReportBuilder, type ReportInput, type ReportParams, type ReportRow } from './model.js';
import { movementOf, type Movement } from './movements.js';

/** A transaction behind a line, with its USD equivalent. */
export interface CtrTransaction extends Movement {
  readonly usd: UsdExact;
  readonly rate: RateEntry | undefined;
}

export interface CtrAccount {
  readonly accountId: string;
  readonly number: string;
  readonly cashIn: UsdExact;
  readonly cashOut: UsdExact;
}

/** One currency's share of a line (USD, or a foreign currency with its rate). */
export interface CtrCurrencyPart {
  readonly currency: string;
  readonly cashIn: bigint;
  readonly cashOut: bigint;
  readonly cashInUsd: UsdExact;
  readonly cashOutUsd: UsdExact;
  readonly rate: RateEntry | undefined;
}

export interface CtrLine {
  readonly businessDay: string;
  readonly customer: CustomerEntry;
  readonly cashIn: UsdExact;
  readonly cashOut: UsdExact;
  readonly parts: readonly CtrCurrencyPart[];
  readonly accounts: readonly CtrAccount[];
  readonly transactions: readonly CtrTransaction[];
}

interface Aggregate {
  readonly businessDay: string;
  readonly customerId: string;
  /** Minor units per currency, each side on its own. */
  readonly byCurrency: Map<string, { cashIn: bigint; cashOut: bigint }>;
  readonly transactions: Movement[];
}

export const CTR_COLUMNS = [
  'line',
  'businessDay',
  'customer',
  'customerId',
  'lineCashInUsd',
  'lineCashOutUsd',
  'accountNumber',
  'holder',
  'occurredAt',
  'direction',
  'source',
  'currency',
  'amount',
  'usdPerUnit',
  'amountUsd',
  'reference',
  'eventId',
  'seq',
] as const;

const keyOf = (businessDay: string, customerId: string) => `${businessDay}|${customerId}`;

/** Folds cash movements into per customer-day totals; memory grows with customer-days that had cash, not with events. */
function createAggregator() {
  const byKey = new Map<string, Aggregate>();
  return {
    add(movement: Movement, customerId: string) {
      const key = keyOf(movement.businessDay, customerId);
      let aggregate = byKey.get(key);
      if (!aggregate) {
        aggregate = { businessDay: movement.businessDay, customerId, byCurrency: new Map(), transactions: [] };
        byKey.set(key, aggregate);
      }
      const sums = aggregate.byCurrency.get(movement.currency) ?? { cashIn: 0n, cashOut: 0n };
      if (movement.direction === 'IN') sums.cashIn += movement.amount;
      else sums.cashOut += movement.amount;
      aggregate.byCurrency.set(movement.currency, sums);
    },
    /** Second pass: the movement behind a line. */
    keep(movement: Movement, customerId: string) {
      byKey.get(keyOf(movement.businessDay, customerId))?.transactions.push(movement);
    },
    entries: () => [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    get: (key: string) => byKey.get(key),
  };
}

type Totals = { cashIn: UsdExact; cashOut: UsdExact; parts: CtrCurrencyPart[] };

export interface CtrBuilder extends ReportBuilder {
  /** The report's lines (after finish), for the FinCEN batch. */
  lines(): readonly CtrLine[];
  /** The rates the report converted with (after rescan), for the manifest. */
  ratesUsed(): readonly RateEntry[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function createCtrReport(params: ReportParams): CtrBuilder {
  const { timeZone, rates } = params;
  const threshold = usdOfCents(parseAmount(params.rules.ctrThreshold, 'USD', 'ctrThreshold'));
  const directory: AccountDirectory = createAccountDirectory();
  const main = createAggregator();
  const withLate = createAggregator();
  const used = new Map<string, RateEntry>();

  /** USD totals of an aggregate; refuses (RATE_MISSING) when a foreign currency has no rate for the day. */
  const totalsOf = (aggregate: Aggregate): Totals => {
    let cashIn = ZERO_USD;
    let cashOut = ZERO_USD;
    const parts: CtrCurrencyPart[] = [];
    for (const [currency, sums] of [...aggregate.byCurrency].sort(([a], [b]) => byText(a, b))) {
      const inUsd = usdOn(rates, aggregate.businessDay, sums.cashIn, currency);
      const outUsd = usdOn(rates, aggregate.businessDay, sums.cashOut, currency);
      if (inUsd.rate) used.set(`${currency}|${aggregate.businessDay}`, inUsd.rate);
      cashIn = addUsd(cashIn, inUsd.usd);
      cashOut = addUsd(cashOut, outUsd.usd);
      parts.push({ currency, cashIn: sums.cashIn, cashOut: sums.cashOut, cashInUsd: inUsd.usd, cashOutUsd: outUsd.usd, rate: inUsd.rate });
    }
    return { cashIn, cashOut, parts };
  };
  const overThreshold = (t: Totals) => compareUsd(t.cashIn, threshold) > 0 || compareUsd(t.cashOut, threshold) > 0;

  const lineOf = (aggregate: Aggregate, totals: Totals): CtrLine => {
    const transactions = [...aggregate.transactions]
      .sort((a, b) => a.seq - b.seq)
      .map((t): CtrTransaction => ({ ...t, ...usdOn(rates, t.businessDay, t.amount, t.currency) }));
    const accounts = new Map<string, { accountId: string; number: string; cashIn: UsdExact; cashOut: UsdExact }>();
    for (const t of transactions) {
      const account = accounts.get(t.accountId) ?? { accountId: t.accountId, number: t.number, cashIn: ZERO_USD, cashOut: ZERO_USD };
      if (t.direction === 'IN') account.cashIn = addUsd(account.cashIn, t.usd);
      else account.cashOut = addUsd(account.cashOut, t.usd);
      accounts.set(t.accountId, account);
    }
    const customer = directory.customer(aggregate.customerId) ?? { customerId: aggregate.customerId, kind: 'PERSON', legalName: aggregate.customerId, derived: true };
    return {
      businessDay: aggregate.businessDay,
      customer,
      cashIn: totals.cashIn,
      cashOut: totals.cashOut,
      parts: totals.parts,
      accounts: [...accounts.values()].sort((a, b) => byText(a.number, b.number)),
      transactions,
    };
  };

  let mainLines: CtrLine[] = [];
  let lateLines: CtrLine[] = [];
  // First pass: totals only. Second pass (over the period again): the transactions of the lines, and only those.
  let pass: 1 | 2 = 1;
  let firstSeq: number | undefined;
  let mainTotals = new Map<string, Totals>();
  let lateTotals = new Map<string, Totals>();

  const usd = (amount: UsdExact) => formatAmount(centsRoundedUp(amount), 'USD');
  const rowsOf = (section: string, lines: readonly CtrLine[]): ReportRow[] =>
    lines.flatMap((line, index) =>
      line.transactions.map((t) => ({
        section,
        cells: [
          String(index + 1),
          line.businessDay,
          line.customer.legalName,
          line.customer.customerId,
          usd(line.cashIn),
          usd(line.cashOut),
          t.number,
          t.holder,
          t.occurredAt,
          t.direction,
          t.source,
          t.currency,
          formatAmount(t.amount, t.currency),
          t.rate?.usdPerUnit ?? '',
          usd(t.usd),
          t.reference,
          t.eventId,
          String(t.seq),
        ],
        currencies: [undefined, undefined, undefined, undefined, 'USD', 'USD', undefined, undefined, undefined, undefined, undefined, undefined, t.currency, undefined, 'USD'],
      })),
    );

  return {
    title: 'Currency Transaction Report',
    columns: CTR_COLUMNS,
    wants: periodOnly,
    accept({ event, position }: ReportInput) {
      if (!event) return [];
      // The directory is complete after the first pass.
      if (pass === 1) directory.fold(event, position === 'late');
      if (position !== 'period' && position !== 'late') return [];
      const movement = movementOf(event, directory, timeZone);
      // Reversals are never cash (movements.ts): a reversed cash deposit still counts on its day as the cash it was.
      if (!movement?.cash) return [];
      // An account no event named owners of (none today) still counts, for the customer derived from it.
      const owners = movement.owners.length > 0 ? movement.owners : [derivedCustomerIdOf(movement.accountId)];
      for (const owner of owners) {
        if (pass === 2) {
          if (position === 'period' && mainTotals.has(keyOf(movement.businessDay, owner))) main.keep(movement, owner);
          if (lateTotals.has(keyOf(movement.businessDay, owner))) withLate.keep(movement, owner);
          continue;
        }
        if (position === 'period') main.add(movement, owner);
        withLate.add(movement, owner);
      }
      if (pass === 1) firstSeq ??= movement.seq;
      return [];
    },
    rescan() {
      mainTotals = new Map(main.entries().map(([key, a]) => [key, totalsOf(a)] as const).filter(([, t]) => overThreshold(t)));
      // A late event matters when it makes a line appear or changes the totals of one.
      lateTotals = params.includeLate
        ? new Map(
            withLate
              .entries()
              .map(([key, a]) => [key, totalsOf(a)] as const)
              .filter(([key, t]) => {
                const before = mainTotals.get(key) ?? (main.get(key) ? totalsOf(main.get(key)!) : undefined);
                return overThreshold(t) && (!before || compareUsd(before.cashIn, t.cashIn) !== 0 || compareUsd(before.cashOut, t.cashOut) !== 0);
              }),
          )
        : new Map();
      if (mainTotals.size === 0 && lateTotals.size === 0) return undefined;
      pass = 2;
      return { afterSeq: firstSeq! - 1 };
    },
    finish() {
      // By day, then as a reader looks a customer up: by name (the id tells two of one name apart).
      const ordered = (lines: CtrLine[]) => lines.sort((a, b) => byText(a.businessDay, b.businessDay) || byText(a.customer.legalName, b.customer.legalName) || byText(a.customer.customerId, b.customer.customerId));
      mainLines = ordered([...mainTotals].map(([key, totals]) => lineOf(main.get(key)!, totals)));
      lateLines = ordered([...lateTotals].map(([key, totals]) => lineOf(withLate.get(key)!, totals)));
      return [...rowsOf('ctr', mainLines), ...rowsOf('late', lateLines)];
    },
    summary() {
      let cashIn = ZERO_USD;
      let cashOut = ZERO_USD;
      for (const line of mainLines) {
        cashIn = addUsd(cashIn, line.cashIn);
        cashOut = addUsd(cashOut, line.cashOut);
      }
      const totals: Record<string, string> = { lines: String(mainLines.length), lateLines: String(lateLines.length), threshold: `${params.rules.ctrThreshold} USD`, cashInUsd: usd(cashIn), cashOutUsd: usd(cashOut) };
      for (const rate of [...used.values()].sort((a, b) => byText(`${a.currency}|${a.day}`, `${b.currency}|${b.day}`))) totals[`rate.${rate.currency}.${rate.day}`] = rate.usdPerUnit;
      const warnings = mainLines.flatMap((line) => missingDetails(line));
      return { totals, warnings };
    },
    lines: () => mainLines,
    ratesUsed: () => [...used.values()],
  };
}

/** What FinCEN's Part I asks for that the customer's record lacks: the filing says "unknown" for each. */
function missingDetails(line: CtrLine): string[] {
  const c = line.customer;
  const missing = [
    ...(c.address ? [] : ['address']),
    ...(c.dateOfBirth || c.kind === 'ORGANISATION' ? [] : ['date of birth']),
    ...(c.tin ? [] : ['TIN']),
    ...(c.identification || c.kind === 'ORGANISATION' ? [] : ['identification']),
  ];
  if (missing.length === 0) return [];
  return [`Customer ${c.legalName} (${c.customerId}) has no ${missing.join(', ')} recorded (line of ${line.businessDay}): the filing says unknown for each.`];
}

/** Whole dollars, rounded up: FinCEN takes dollars, and a CTR never under-reports. */
export const wholeDollarsOf = (amount: UsdExact): bigint => (centsRoundedUp(amount) + 99n) / 100n;
