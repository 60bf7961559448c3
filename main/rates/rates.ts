/** Exchange rates as main offers them: record one (a supervisor's command), list them, and the book reports convert with. */

import type { RateBook } from '@fidelis/shared/rates/rateBook.js';
import { createRateBook } from '@fidelis/shared/rates/rateBook.js';
import type { RateRow } from '@fidelis/shared/rates/api.js';
import type { ReadModels } from '../projections/readModels.js';
import { rateKey, RATES_PROJECTION, type RateDocument } from './ratesProjection.js';

export interface RateQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly currency?: string | undefined;
  readonly limit?: number | undefined;
}

export interface Rates {
  /** Newest day first, currencies in order within a day. */
  list(query?: RateQuery): Promise<RateRow[]>;
  get(day: string, currency: string): Promise<RateRow | undefined>;
  /** Every rate recorded for the days from … to (inclusive), for a report. */
  book(from: string, to: string): Promise<RateBook>;
}

const toRow = ({ eventId: _eventId, ...row }: RateDocument): RateRow => row;

export function createRates(readModels: Pick<ReadModels, 'documents'>): Rates {
  const range = async (from: string | undefined, to: string | undefined, limit?: number) =>
    readModels.documents<RateDocument>(RATES_PROJECTION, {
      // "|" sorts after every digit and "-": the range runs from the first day's first key past the last day's last.
      keyRange: { gte: rateKey(from ?? '0000-00-00', ''), lt: rateKey(to ?? '9999-99-99', '\uffff') },
      ...(limit ? { limit } : {}),
    });
  return {
    async list(query = {}) {
      // Newest day first: today's rates are what a supervisor checks.
      const documents = await range(query.from, query.to);
      const matching = documents
        .filter((d) => query.currency === undefined || d.currency === query.currency)
        .sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : a.currency < b.currency ? -1 : 1));
      return matching.slice(0, query.limit ?? 200).map(toRow);
    },
    async get(day, currency) {
      const [found] = await readModels.documents<RateDocument>(RATES_PROJECTION, { keyRange: { gte: rateKey(day, currency), lt: `${rateKey(day, currency)}\u0000` }, limit: 1 });
      return found ? toRow(found) : undefined;
    },
    async book(from, to) {
      return createRateBook(await range(from, to));
    },
  };
}
