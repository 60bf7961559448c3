/**
 * The branch's calendar: which business day a posting made now belongs to. The branch's wall-clock date, unless
 * that day is closed already; then the next one, stamped in the command's meta (`businessDay`) by the enricher
 * below so the journal and the reports put the posting there (shared/ledger/postingDay.ts).
 */

import { BUSINESS_DAY_META } from '@fidelis/shared/ledger/postingDay.js';
import { businessDayOf } from '@fidelis/shared/ledger/businessDay.js';
import { currentBusinessDay } from '@fidelis/shared/tills/index.js';
import type { Enricher, MetaValue } from '../enrichment/enrichers.js';

export interface BranchCalendar {
  /** A close the book folded (live, synced or replayed): the last closed day only moves forward. */
  observe(businessDay: string): void;
  lastClosed(): string | undefined;
  /** The business day of a posting made at `now`. */
  current(now: Date): string;
  /** Stamps the next business day on commands made after the day's close (nothing otherwise). */
  readonly enricher: Enricher;
}

export function createBranchCalendar(options: { readonly clock: () => Date; readonly timeZone: () => string }): BranchCalendar {
  let lastClosed: string | undefined;
  const current = (now: Date) => currentBusinessDay(now, options.timeZone(), lastClosed);
  return {
    observe(businessDay) {
      if (lastClosed === undefined || businessDay > lastClosed) lastClosed = businessDay;
    },
    lastClosed: () => lastClosed,
    current,
    enricher: {
      name: 'businessDay',
      enrich(): Record<string, MetaValue> {
        const now = options.clock();
        const day = current(now);
        return day === businessDayOf(now, options.timeZone()) ? {} : { [BUSINESS_DAY_META]: day };
      },
    },
  };
}
