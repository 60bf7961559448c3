/**
 * ExchangeRates: the rate of each currency on each business day, as last recorded, with who recorded it and how
 * often it was corrected. Inline, so a rate just recorded is what the next report converts with.
 */

import { optionalText, text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { RateRow } from '@fidelis/shared/rates/api.js';
import type { RateEntry } from '@fidelis/shared/rates/rateBook.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export const RATES_PROJECTION = 'ExchangeRates';

export type RateDocument = RateRow & RateEntry;

/** Sorted by day, then currency: a period's rates are one key range. */
export const rateKey = (day: string, currency: string) => `rate:${day}|${currency}`;

export const ratesProjection: ProjectionDefinition = {
  name: RATES_PROJECTION,
  version: 1,
  mode: 'inline',
  categories: ['rate'],
  eventTypes: ['ExchangeRateRecorded'],
  async apply(event, view) {
    const day = text(event.data, 'day');
    const currency = text(event.data, 'currency');
    await view.update<RateDocument>(rateKey(day, currency), (current) => ({
      day,
      currency,
      usdPerUnit: text(event.data, 'usdPerUnit'),
      recordedBy: event.meta.actor,
      recordedAt: event.occurredAt,
      revisions: (current?.revisions ?? 0) + 1,
      reason: optionalText(event.data, 'reason') ?? null,
      eventId: event.id,
    }));
  },
};
