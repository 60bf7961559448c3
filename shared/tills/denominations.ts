/**
 * The notes and coins a branch counts, per currency, and how a count by denomination adds up. A count names each
 * denomination by its id (`N100` is the 100 note, `C0.25` the quarter coin) with how many pieces; its total is
 * exact in minor units.
 */

import { z } from 'zod';
import { DomainError } from '../errors.js';
import { parseAmount } from '../money/money.js';

export type DenominationKind = 'note' | 'coin';

export interface Denomination {
  /** `N` for a note or `C` for a coin, then the face value in major units: `N100`, `C1`, `C0.25`. */
  readonly id: string;
  readonly kind: DenominationKind;
  /** Face value in minor units, as a decimal string (JSON carries no bigint). */
  readonly value: string;
  /** Face value as printed: "100", "0.25". */
  readonly face: string;
}

/** Notes and coins in circulation, largest first (legal tender a branch still takes in, such as the 500 euro note). */
const TABLES: Readonly<Record<string, { readonly notes: readonly string[]; readonly coins: readonly string[] }>> = {
  USD: { notes: ['100', '50', '20', '10', '5', '2', '1'], coins: ['1', '0.50', '0.25', '0.10', '0.05', '0.01'] },
  EUR: { notes: ['500', '200', '100', '50', '20', '10', '5'], coins: ['2', '1', '0.50', '0.20', '0.10', '0.05', '0.02', '0.01'] },
  GBP: { notes: ['50', '20', '10', '5'], coins: ['2', '1', '0.50', '0.20', '0.10', '0.05', '0.02', '0.01'] },
  CHF: { notes: ['1000', '200', '100', '50', '20', '10'], coins: ['5', '2', '1', '0.50', '0.20', '0.10', '0.05'] },
  CAD: { notes: ['100', '50', '20', '10', '5'], coins: ['2', '1', '0.25', '0.10', '0.05'] },
  AUD: { notes: ['100', '50', '20', '10', '5'], coins: ['2', '1', '0.50', '0.20', '0.10', '0.05'] },
  NZD: { notes: ['100', '50', '20', '10', '5'], coins: ['2', '1', '0.50', '0.20', '0.10'] },
  SEK: { notes: ['1000', '500', '200', '100', '50', '20'], coins: ['10', '5', '2', '1'] },
  NOK: { notes: ['1000', '500', '200', '100', '50'], coins: ['20', '10', '5', '1'] },
  DKK: { notes: ['1000', '500', '200', '100', '50'], coins: ['20', '10', '5', '2', '1', '0.50'] },
  HKD: { notes: ['1000', '500', '100', '50', '20', '10'], coins: ['10', '5', '2', '1', '0.50', '0.20', '0.10'] },
  SGD: { notes: ['10000', '1000', '100', '50', '10', '5', '2'], coins: ['1', '0.50', '0.20', '0.10', '0.05'] },
  MXN: { notes: ['1000', '500', '200', '100', '50', '20'], coins: ['20', '10', '5', '2', '1', '0.50'] },
  JPY: { notes: ['10000', '5000', '2000', '1000'], coins: ['500', '100', '50', '10', '5', '1'] },
  KWD: { notes: ['20', '10', '5', '1', '0.500', '0.250'], coins: ['0.100', '0.050', '0.020', '0.010', '0.005'] },
};

const tables = new Map<string, readonly Denomination[]>();

function build(currency: string): readonly Denomination[] | undefined {
  const table = TABLES[currency];
  if (!table) return undefined;
  // Faces are written with at most the currency's decimals: parseAmount refuses a table typo instead of rounding it.
  const of = (kind: DenominationKind, face: string): Denomination => {
    const short = face.includes('.') ? face.replace(/0+$/, '').replace(/\.$/, '') : face;
    return { id: `${kind === 'note' ? 'N' : 'C'}${short}`, kind, value: parseAmount(face, currency).toString(), face };
  };
  return [...table.notes.map((face) => of('note', face)), ...table.coins.map((face) => of('coin', face))];
}

/** The currencies a till or vault can hold: those with a table of notes and coins. */
export const CASH_CURRENCIES: readonly string[] = Object.keys(TABLES);

/** The notes and coins of a currency, largest note first; refused (UNKNOWN_CURRENCY, field currency) without a table. */
export function denominationsOf(currency: string): readonly Denomination[] {
  let table = tables.get(currency);
  if (!table) {
    table = build(currency);
    if (!table) throw new DomainError('UNKNOWN_CURRENCY', `There is no table of ${currency} notes and coins: a till or vault holds ${CASH_CURRENCIES.join(', ')}.`, 'currency');
    tables.set(currency, table);
  }
  return table;
}

/** At most this many pieces of one denomination in one count: a vault's straps, far past any drawer. */
export const MAX_PIECES = 10_000_000;

/** A count as it travels: pieces per denomination id; denominations left out were counted as none. */
export const denominationCountSchema = z.record(
  z.string().trim().min(1).max(12),
  z.number('Count whole pieces.').int('Count whole pieces.').min(0, 'A count cannot be negative.').max(MAX_PIECES, `At most ${MAX_PIECES} pieces of one denomination.`),
);
export type DenominationCount = z.infer<typeof denominationCountSchema>;

/**
 * The total of a count in minor units. A denomination the currency does not have is refused on its field
 * (`count.N3`), so a note typed against the wrong currency is never booked at a guessed value.
 */
export function countTotal(currency: string, count: DenominationCount, field = 'count'): bigint {
  const table = denominationsOf(currency);
  let total = 0n;
  for (const [id, pieces] of Object.entries(count)) {
    const denomination = table.find((d) => d.id === id);
    if (!denomination) throw new DomainError('VALIDATION', `${currency} has no denomination ${id}: count ${table.map((d) => d.id).join(', ')}.`, `${field}.${id}`);
    if (!Number.isSafeInteger(pieces) || pieces < 0) throw new DomainError('VALIDATION', `Count whole pieces of ${id}.`, `${field}.${id}`);
    total += BigInt(denomination.value) * BigInt(pieces);
  }
  return total;
}

/** The count without denominations counted as none, in the table's order: what an event records. */
export function normalisedCount(currency: string, count: DenominationCount): DenominationCount {
  const table = denominationsOf(currency);
  return Object.fromEntries(table.filter((d) => (count[d.id] ?? 0) > 0).map((d) => [d.id, count[d.id]!]));
}
