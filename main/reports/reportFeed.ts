/**
 * Streams the store to a report as of a cut-off: every event recorded up to it, in seq order, one page at a time,
 * each marked before / period / after by its business day; then, when asked, the events recorded after the cut-off
 * whose business day falls in the period ("late", e.g. an offline workstation's, synced the next morning).
 */

import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { nextDay, startOfBusinessDay } from '@fidelis/shared/ledger/businessDay.js';
import { postingDayOf } from '@fidelis/shared/ledger/postingDay.js';
import { parseEventTypeName } from '@fidelis/shared/events/envelope.js';
import type { EventPosition, ReportInput } from '@fidelis/shared/reports/model.js';
import { scanEvents } from '../events/scan.js';
import { createEventDecoder } from '../processing/eventDecoder.js';
import type { EventStore } from '../store/eventStore.js';

export interface CutOff {
  /** The last event position the report includes. */
  readonly cutoffSeq: number;
  /** How it was chosen: a seq given by the caller, the end of the period's last business day, or the head (the day is not over). */
  readonly basis: 'given' | 'end-of-day' | 'head';
}

export interface FeedOptions {
  readonly from: string;
  readonly to: string;
  /** The branch's IANA time zone: business days and the cut-off at the end of the last one are its. */
  readonly timeZone: string;
  /** Report exactly the events up to this seq (instead of those recorded by the end of `to`). */
  readonly asOfSeq?: number | undefined;
  readonly includeLate: boolean;
  readonly pageSize?: number | undefined;
  readonly progress?: ((done: number, total: number) => void) | undefined;
  /** Now: a period whose last day is not over yet is reported as far as the head (provisional). */
  readonly now: Date;
  /** The report's filter: events it does not want are not decoded. */
  readonly wants?: ((type: string, position: EventPosition) => boolean) | undefined;
  /** A second pass: start after this seq and read no further than this head (the first pass's). */
  readonly afterSeq?: number | undefined;
  readonly headSeq?: number | undefined;
}

export interface FeedResult {
  readonly cutOff: CutOff;
  /** The last seq read for the late section (the head when the report started), or null without one. */
  readonly lateThroughSeq: number | null;
  readonly eventsRead: number;
  /** Events of the period (or late) this release cannot read: left out of every figure, listed apart. */
  readonly unreadable: readonly UnreadableInReport[];
}

export interface UnreadableInReport {
  readonly seq: number;
  readonly streamId: string;
  readonly type: string;
}

/** The first instant after the business day `to` in the branch's zone (its next midnight): events recorded from then on are past the cut-off. */
export const endOfDay = (day: string, timeZone: string): string => startOfBusinessDay(nextDay(day), timeZone).toISOString();

export async function feedReport(store: EventStore, registry: EventRegistry, options: FeedOptions, consume: (input: ReportInput) => Promise<void>): Promise<FeedResult> {
  // The head when the report starts: events appended while it runs belong to the next run.
  const head = options.headSeq ?? store.headSeq();
  const end = endOfDay(options.to, options.timeZone);
  const given = options.asOfSeq !== undefined;
  const decoder = createEventDecoder(store, registry);
  let cutoffSeq: number | undefined = given ? Math.min(options.asOfSeq!, head) : undefined;
  let lastSeq = options.afterSeq ?? 0;
  let eventsRead = 0;
  const unreadable: UnreadableInReport[] = [];
  const lastToRead = options.includeLate ? head : (cutoffSeq ?? head);
  let nextProgress = 0;
  for await (const envelope of scanEvents(store, options.afterSeq ?? 0, options.pageSize)) {
    if (envelope.seq > lastToRead) break;
    // recordedAt is the appending workstation's clock, stamped in seq order: the first event recorded after the
    // day's end marks the cut-off, and every later seq is past it.
    if (cutoffSeq === undefined && envelope.recordedAt >= end) cutoffSeq = lastSeq;
    const beyond = cutoffSeq !== undefined && envelope.seq > cutoffSeq;
    if (beyond && !options.includeLate) break;
    lastSeq = envelope.seq;
    eventsRead += 1;
    // A posting after its day's close belongs to the next business day (shared/ledger/postingDay.ts).
    const day = postingDayOf(envelope, options.timeZone);
    const inPeriod = day >= options.from && day <= options.to;
    if (beyond && !inPeriod) continue;
    const position = beyond ? 'late' : day < options.from ? 'before' : inPeriod ? 'period' : 'after';
    if ((position === 'period' || position === 'late') && !registry.isKnown(envelope.type)) unreadable.push({ seq: envelope.seq, streamId: envelope.streamId, type: envelope.type });
    if (!options.wants || options.wants(parseEventTypeName(envelope.type)?.name ?? envelope.type, position)) {
      await consume({ envelope, event: await decoder.decode(envelope), position });
    }
    if (options.progress && envelope.seq >= nextProgress) {
      options.progress(envelope.seq, lastToRead);
      nextProgress = envelope.seq + 10_000;
    }
  }
  options.progress?.(lastToRead, lastToRead);
  const basis = given ? 'given' : cutoffSeq === undefined && options.now.toISOString() < end ? 'head' : 'end-of-day';
  return { cutOff: { cutoffSeq: cutoffSeq ?? Math.min(lastSeq, head), basis }, lateThroughSeq: options.includeLate ? head : null, eventsRead, unreadable };
}
