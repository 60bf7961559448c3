/**
 * The branch's calendar: which business day a posting made now belongs to. The branch's wall-clock date, unless
 * that day is closed already; then the day after the last close, stamped in the command's meta (`businessDay`) so
 * the journal and the reports put the posting there (shared/ledger/postingDay.ts). Read from the TillBook each time,
 * so a close the gateway refused (and sync took back) stops counting as soon as the book is rebuilt without it.
 */

import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { businessDayOf } from '@fidelis/shared/ledger/businessDay.js';
import { BUSINESS_DAY_META } from '@fidelis/shared/ledger/postingDay.js';
import { currentBusinessDay } from '@fidelis/shared/tills/index.js';
import type { TillBook } from './tillBook.js';

export interface BranchCalendar {
  /** The business day of a posting made now. */
  currentDay(): Promise<string>;
  /** The last business day the branch closed, if any. */
  lastClosed(): Promise<string | undefined>;
  /** The meta with the business day stamped when it is not the wall-clock date (after the day's close). */
  dated(meta: EventMeta): Promise<EventMeta>;
}

export function createBranchCalendar(deps: { readonly book: Pick<TillBook, 'lastClosed'>; readonly branchId: string; readonly clock: () => Date; readonly timeZone: () => string }): BranchCalendar {
  const lastClosed = () => deps.book.lastClosed(deps.branchId);
  return {
    lastClosed,
    currentDay: async () => currentBusinessDay(deps.clock(), deps.timeZone(), await lastClosed()),
    async dated(meta) {
      const now = deps.clock();
      const day = currentBusinessDay(now, deps.timeZone(), await lastClosed());
      return day === businessDayOf(now, deps.timeZone()) ? meta : { ...meta, [BUSINESS_DAY_META]: day };
    },
  };
}
