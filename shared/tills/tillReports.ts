/**
 * Teller cash reports: till and vault positions per business day (each till session from its opening count to its
 * closing count, each vault's day from its opening position to its count), and cash over/short per teller and day
 * (every counted difference, with its reason and who signed it off). Both read the book's own rules
 * (shared/tills/book.ts), so a report and the screens never disagree.
 */

import { formatAmount } from '../money/money.js';
import { postingDayOf } from '../ledger/postingDay.js';
import { minorOf, optionalText, text, type LedgerEvent } from '../ledger/readModels/ledgerEvent.js';
import type { ReportBuilder, ReportInput, ReportParams, ReportRow } from '../reports/model.js';
import { createTotals } from '../reports/totals.js';
import { evolveTillBook, isVaultEvent, TILL_BOOK_EVENTS, tillMovementOf, type TillBookEntry } from './book.js';

/** Everything the book folds, before the period (to know where each till and vault stood) and in it. */
const wantsCash = (type: string, position: string): boolean => position !== 'after' && TILL_BOOK_EVENTS.includes(type);

const inPeriod = (params: ReportParams, day: string): boolean => day >= params.from && day <= params.to;

export const POSITION_COLUMNS = [
  'businessDay',
  'holder',
  'id',
  'teller',
  'currency',
  'opening',
  'openingDifference',
  'customerIn',
  'customerOut',
  'tillsIn',
  'tillsOut',
  'vaultIn',
  'vaultOut',
  'centreIn',
  'centreOut',
  'expected',
  'counted',
  'difference',
  'status',
] as const;

/** Cells 5 to 17 are amounts in the row's currency. */
const positionMoney = (currency: string) => POSITION_COLUMNS.map((_, i) => (i >= 5 && i <= 17 ? currency : undefined));

interface VaultDay {
  readonly day: string;
  readonly vaultId: string;
  readonly currency: string;
  readonly opening: bigint;
  position: bigint;
  tillsIn: bigint;
  tillsOut: bigint;
  centreIn: bigint;
  centreOut: bigint;
  counted: bigint | undefined;
  difference: bigint;
}

export function createTillPositionsReport(params: ReportParams): ReportBuilder {
  const tills = new Map<string, TillBookEntry>();
  const openingDifference = new Map<string, bigint>();
  const vaultPosition = new Map<string, bigint>();
  const vaultDays = new Map<string, VaultDay>();
  const sums = createTotals();
  let sessions = 0;

  const tillRow = (entry: TillBookEntry): ReportRow => {
    const m = (minor: string | bigint | undefined) => (minor === undefined ? '' : formatAmount(BigInt(minor), entry.currency));
    const { tally } = entry;
    sessions += 1;
    if (tally.difference !== undefined) sums.add('difference', entry.currency, BigInt(tally.difference));
    const expected = entry.status === 'CLOSED' && tally.counted !== undefined && tally.difference !== undefined ? BigInt(tally.counted) - BigInt(tally.difference) : BigInt(entry.position);
    return {
      section: 'till',
      cells: [
        entry.businessDay,
        'till',
        entry.tillId,
        entry.teller,
        entry.currency,
        m(tally.opening),
        m(openingDifference.get(entry.tillId) ?? 0n),
        m(tally.customerIn),
        m(tally.customerOut),
        '',
        '',
        m(tally.fromVault),
        m(tally.toVault),
        '',
        '',
        m(expected),
        m(tally.counted),
        m(tally.difference),
        entry.status,
      ],
      currencies: positionMoney(entry.currency),
    };
  };

  function foldVault(event: LedgerEvent): void {
    const vaultId = text(event.data, 'vaultId');
    const before = vaultPosition.get(vaultId) ?? 0n;
    const amount = minorOf(event.data);
    const after =
      event.type === 'VaultCounted'
        ? minorOf(event.data, 'counted')
        : event.type === 'VaultCashReceived' || event.type === 'CashReturnedToVault'
          ? before + amount
          : before - amount;
    vaultPosition.set(vaultId, after);
    const day = postingDayOf(event, params.timeZone);
    if (!inPeriod(params, day)) return;
    const key = `${day}|${vaultId}`;
    const current = vaultDays.get(key) ?? { day, vaultId, currency: text(event.data, 'currency'), opening: before, position: before, tillsIn: 0n, tillsOut: 0n, centreIn: 0n, centreOut: 0n, counted: undefined, difference: 0n };
    if (event.type === 'VaultCashReceived') current.centreIn += amount;
    if (event.type === 'VaultCashShipped') current.centreOut += amount;
    if (event.type === 'CashReturnedToVault') current.tillsIn += amount;
    if (event.type === 'CashIssuedToTill') current.tillsOut += amount;
    if (event.type === 'VaultCounted') {
      current.counted = after;
      current.difference += minorOf(event.data, 'difference');
    }
    current.position = after;
    vaultDays.set(key, current);
  }

  return {
    title: 'Till and vault positions',
    columns: POSITION_COLUMNS,
    wants: wantsCash,
    accept({ event }: ReportInput): ReportRow[] {
      if (!event) return [];
      if (isVaultEvent(event.type)) foldVault(event);
      const tillId = event.type === 'TillOpened' || event.type === 'TillClosed' ? text(event.data, 'tillId') : tillMovementOf(event)?.tillId;
      if (tillId === undefined) return [];
      if (event.type === 'TillOpened') openingDifference.set(tillId, minorOf(event.data, 'difference'));
      const entry = evolveTillBook(tills.get(tillId), event);
      if (!entry) return [];
      tills.set(tillId, entry);
      return event.type === 'TillClosed' && inPeriod(params, entry.businessDay) ? [tillRow(entry)] : [];
    },
    finish() {
      const open = [...tills.values()].filter((t) => t.status === 'OPEN' && inPeriod(params, t.businessDay)).sort((a, b) => (a.tillId < b.tillId ? -1 : 1));
      const vaults = [...vaultDays.values()].sort((a, b) => (a.day === b.day ? (a.vaultId < b.vaultId ? -1 : 1) : a.day < b.day ? -1 : 1));
      return [
        ...open.map(tillRow),
        ...vaults.map((v): ReportRow => {
          const m = (minor: bigint | undefined) => (minor === undefined ? '' : formatAmount(minor, v.currency));
          const expected = v.counted === undefined ? v.position : v.counted - v.difference;
          sums.add('difference', v.currency, v.difference);
          return {
            section: 'vault',
            cells: [v.day, 'vault', v.vaultId, '', v.currency, m(v.opening), '', '', '', m(v.tillsIn), m(v.tillsOut), '', '', m(v.centreIn), m(v.centreOut), m(expected), m(v.counted), m(v.difference), v.counted === undefined ? 'NOT COUNTED' : 'COUNTED'],
            currencies: positionMoney(v.currency),
          };
        }),
      ];
    },
    summary() {
      const uncounted = [...vaultDays.values()].filter((v) => v.counted === undefined).map((v) => `The ${v.currency} vault was not counted on ${v.day}.`);
      const open = [...tills.values()].filter((t) => t.status === 'OPEN' && inPeriod(params, t.businessDay)).map((t) => `${t.teller}'s ${t.currency} till (${t.tillId}) is still open for ${t.businessDay}.`);
      return { totals: { tillSessions: String(sessions), vaultDays: String(vaultDays.size), ...sums.formatted() }, warnings: [...open, ...uncounted] };
    },
  };
}

export const OVER_SHORT_COLUMNS = ['businessDay', 'teller', 'holder', 'id', 'currency', 'count', 'over', 'short', 'reason', 'signedOffBy', 'eventId', 'seq'] as const;

const overShortMoney = (currency: string) => OVER_SHORT_COLUMNS.map((_, i) => (i === 6 || i === 7 ? currency : undefined));

const COUNTS: Readonly<Record<string, string>> = { TillOpened: 'till opening', TillClosed: 'till closing', VaultCounted: 'vault count' };

/** Cash over/short: each counted difference in the period, then each teller's total per day and currency. */
export function createOverShortReport(params: ReportParams): ReportBuilder {
  const tellers = new Map<string, string>();
  const perTeller = new Map<string, { day: string; teller: string; currency: string; over: bigint; short: bigint }>();
  const sums = createTotals();
  let differences = 0;

  return {
    title: 'Cash over and short per teller and day',
    columns: OVER_SHORT_COLUMNS,
    wants: (type, position) => position !== 'after' && (type === 'TillOpened' || type === 'TillClosed' || type === 'VaultCounted'),
    accept({ event, position }: ReportInput): ReportRow[] {
      if (!event || !COUNTS[event.type]) return [];
      const tillId = optionalText(event.data, 'tillId');
      if (event.type === 'TillOpened') tellers.set(tillId!, text(event.data, 'teller'));
      const difference = minorOf(event.data, 'difference');
      // The day of the till session or vault count the difference was found in.
      const day = text(event.data, 'businessDay');
      if (difference === 0n || !inPeriod(params, day) || (position === 'late' && !params.includeLate)) return [];
      // A till's difference is its teller's; a vault's, the supervisor's who counted it.
      const teller = tillId === undefined ? event.meta.actor : (tellers.get(tillId) ?? text(event.data, 'teller'));
      const currency = text(event.data, 'currency');
      const over = difference > 0n ? difference : 0n;
      const short = difference < 0n ? -difference : 0n;
      const key = `${day}|${teller}|${currency}`;
      const total = perTeller.get(key) ?? { day, teller, currency, over: 0n, short: 0n };
      perTeller.set(key, { ...total, over: total.over + over, short: total.short + short });
      sums.add('over', currency, over);
      sums.add('short', currency, short);
      differences += 1;
      const m = (minor: bigint) => (minor === 0n ? '' : formatAmount(minor, currency));
      return [
        {
          section: position === 'late' ? 'late' : 'difference',
          cells: [day, teller, tillId === undefined ? 'vault' : 'till', tillId ?? text(event.data, 'vaultId'), currency, COUNTS[event.type]!, m(over), m(short), optionalText(event.data, 'reason') ?? '', optionalText(event.data, 'signedOffBy') ?? '', event.id, String(event.seq)],
          currencies: overShortMoney(currency),
        },
      ];
    },
    finish() {
      return [...perTeller.keys()].sort().map((key) => {
        const t = perTeller.get(key)!;
        const m = (minor: bigint) => formatAmount(minor, t.currency);
        return { section: 'total', cells: [t.day, t.teller, '', '', t.currency, 'total', m(t.over), m(t.short), '', '', '', ''], currencies: overShortMoney(t.currency) };
      });
    },
    summary: () => ({ totals: { differences: String(differences), tellerDays: String(perTeller.size), ...sums.formatted() }, warnings: [] }),
  };
}
