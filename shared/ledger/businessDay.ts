/**
 * The branch's business day: the calendar date on the branch's wall clock (an IANA time zone such as
 * America/New_York), so an 8 p.m. deposit in New York is booked today, not tomorrow as a UTC date would have it.
 * Intl.DateTimeFormat does the zone arithmetic, daylight-saving changes included; no library.
 */

import { DomainError } from '../errors.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, era: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws INVALID_TIME_ZONE (field timeZone) for a zone the runtime does not know. */
export function requireTimeZone(timeZone: string): string {
  if (!isTimeZone(timeZone)) throw new DomainError('INVALID_TIME_ZONE', `${timeZone} is not a time zone: use an IANA name such as America/New_York or UTC.`, 'timeZone');
  return timeZone;
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  let beforeCommonEra = false;
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type === 'era') beforeCommonEra = part.value === 'BC';
    else if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  // Years as ISO 8601 counts them (1 BC is year 0), as the YYYY-MM-DD days of reports do.
  const year = beforeCommonEra ? 1 - parts.year! : parts.year!;
  return { year, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Date.UTC for any year: Date.UTC itself reads years 0 to 99 as 1900 to 1999. */
function utcOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** A day's parts; YYYY-MM-DD, with more year digits past 9999. */
function partsOf(day: string): [number, number, number] {
  const match = /^(\d{4,6})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new DomainError('VALIDATION', `${day} is not a day: use YYYY-MM-DD.`, 'day');
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * Zone offsets by 15-minute UTC bucket, per zone: formatToParts is most of a journal rebuild's day arithmetic, and
 * one bucket serves every event in it. A bucket is cached only when the offset at its first and last millisecond
 * agree, so a bucket a transition falls in (one at 00:01, or an offset of -0:44:30) is always computed in full;
 * what this assumes is only that no zone changes its offset and back within 15 minutes.
 */
const BUCKET = 15 * 60 * 1000;
/** Buckets kept per zone (about 40 days' worth of busy ones); past it the zone's cache starts over. */
const BUCKETS_KEPT = 4096;
/** The offset a bucket holds throughout, or null where it changes inside it. */
const offsets = new Map<string, Map<number, number | null>>();
/** Instants whose bucket and wall clock stay inside the Date range (±8.64e15 ms; offsets are under a day): the rest go to Intl. */
const CACHED_RANGE = 8.64e15 - 2 * 24 * 60 * 60 * 1000;

function bucketOffset(instant: number, timeZone: string): number | null {
  const bucket = Math.floor(instant / BUCKET);
  const zone = offsets.get(timeZone);
  let offset = zone?.get(bucket);
  if (offset === undefined) {
    const first = offsetAt(bucket * BUCKET, timeZone);
    offset = first === offsetAt((bucket + 1) * BUCKET - 1, timeZone) ? first : null;
    // Remembered only once Intl has accepted the zone.
    if (!zone) offsets.set(timeZone, new Map([[bucket, offset]]));
    else {
      if (zone.size >= BUCKETS_KEPT) zone.clear();
      zone.set(bucket, offset);
    }
  }
  return offset;
}

/** The business day (YYYY-MM-DD) an instant falls on in the branch's zone. */
export function businessDayOf(occurredAt: string | Date, timeZone: string): string {
  const instant = typeof occurredAt === 'string' ? Date.parse(occurredAt) : occurredAt.getTime();
  const offset = Math.abs(instant) < CACHED_RANGE ? bucketOffset(instant, timeZone) : null;
  if (offset !== null) {
    // The wall clock is UTC's at the instant moved by the offset.
    const wall = new Date(instant + offset);
    return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  }
  const { year, month, day } = wallClock(instant, timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return utcOf(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant of a business day in the zone: its local midnight, or the first instant after it where a
 * daylight-saving change skips midnight (some zones spring forward at 00:00).
 */
export function startOfBusinessDay(day: string, timeZone: string): Date {
  const [year, month, date] = partsOf(day);
  const midnightUtc = utcOf(year, month, date);
  // The offset at local midnight is within a day of UTC's midnight: guess with the offset there, then correct once.
  let instant = midnightUtc - offsetAt(midnightUtc, timeZone);
  instant = midnightUtc - offsetAt(instant, timeZone);
  const dayAt = (at: number) => businessDayOf(new Date(at), timeZone);
  // A midnight that happens twice (clocks back at 01:00) starts the day at its first occurrence.
  while (dayAt(instant - HOUR) === day) instant -= HOUR;
  while (dayAt(instant - MINUTE) === day) instant -= MINUTE;
  // A midnight that does not happen (clocks forward at 00:00) starts the day at the first instant that exists.
  while (dayAt(instant) < day) instant += MINUTE;
  return new Date(instant);
}

/** A business day as a half-open interval of instants [from, to): 23, 24 or 25 hours long across daylight-saving changes. */
export function businessDayBounds(day: string, timeZone: string): { from: Date; to: Date } {
  return { from: startOfBusinessDay(day, timeZone), to: startOfBusinessDay(nextDay(day), timeZone) };
}

/** The calendar day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  const [year, month, date] = partsOf(day);
  const next = new Date(utcOf(year, month, date) + 24 * HOUR);
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}
