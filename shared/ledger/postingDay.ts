/**
 * The business day a posting belongs to. Normally its date on the branch's wall clock; once the branch has closed
 * that day, the command path stamps the next business day in the event's meta (`businessDay`), so the closed day's
 * books and reports stay final. The journal and the reports read an event's day through this one rule.
 */

import type { EventMeta } from '../events/envelope.js';
import { businessDayOf } from './businessDay.js';

/** The meta extension that carries a posting's business day when it differs from its calendar date. */
export const BUSINESS_DAY_META = 'businessDay';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function postingDayOf(event: { readonly occurredAt: string; readonly meta: EventMeta }, timeZone: string): string {
  const stamped = event.meta[BUSINESS_DAY_META];
  return typeof stamped === 'string' && DAY.test(stamped) ? stamped : businessDayOf(event.occurredAt, timeZone);
}
