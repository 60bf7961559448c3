/** The branch's business day: its wall-clock date in its IANA zone, cut at its midnight, daylight-saving changes included. */

import { describe, expect, it } from 'vitest';
import { businessDayBounds, businessDayOf, isTimeZone, nextDay, requireTimeZone, startOfBusinessDay } from '@fidelis/shared/ledger/businessDay.js';

const hours = ({ from, to }: { from: Date; to: Date }) => (to.getTime() - from.getTime()) / 3_600_000;

describe('the business day of an instant', () => {
  it('books an 8 p.m. deposit in New York on that day, not on the next UTC date', () => {
    expect(businessDayOf('2026-06-15T00:30:00.000Z', 'America/New_York')).toBe('2026-06-14');
    expect(businessDayOf('2026-06-15T00:30:00.000Z', 'UTC')).toBe('2026-06-15');
  });

  it("cuts at the branch's midnight, to the millisecond", () => {
    expect(businessDayOf('2026-06-15T03:59:59.999Z', 'America/New_York')).toBe('2026-06-14');
    expect(businessDayOf('2026-06-15T04:00:00.000Z', 'America/New_York')).toBe('2026-06-15');
    expect(businessDayOf('2026-06-14T22:00:00.000Z', 'Europe/Berlin')).toBe('2026-06-15');
    expect(businessDayOf('2026-06-14T18:14:59.999Z', 'Asia/Kathmandu')).toBe('2026-06-14');
    expect(businessDayOf('2026-06-14T18:15:00.000Z', 'Asia/Kathmandu')).toBe('2026-06-15');
  });

  it('moves the cut with daylight saving: New York midnight is 05:00 UTC in winter and 04:00 UTC in summer', () => {
    // 2026-03-08: clocks go forward at 02:00 (EST → EDT).
    expect(businessDayOf('2026-03-08T04:59:59.999Z', 'America/New_York')).toBe('2026-03-07');
    expect(businessDayOf('2026-03-08T05:00:00.000Z', 'America/New_York')).toBe('2026-03-08');
    expect(businessDayOf('2026-03-09T03:59:59.999Z', 'America/New_York')).toBe('2026-03-08');
    expect(businessDayOf('2026-03-09T04:00:00.000Z', 'America/New_York')).toBe('2026-03-09');
    // 2026-11-01: clocks go back at 02:00 (EDT → EST); 01:30 happens twice, both on the 1st.
    expect(businessDayOf('2026-11-01T05:30:00.000Z', 'America/New_York')).toBe('2026-11-01');
    expect(businessDayOf('2026-11-01T06:30:00.000Z', 'America/New_York')).toBe('2026-11-01');
    expect(businessDayOf('2026-11-02T04:59:59.999Z', 'America/New_York')).toBe('2026-11-01');
    expect(businessDayOf('2026-11-02T05:00:00.000Z', 'America/New_York')).toBe('2026-11-02');
  });
});

describe('a business day as a span of instants', () => {
  it('is 23 hours on the spring-forward day, 25 on the fall-back day and 24 otherwise', () => {
    expect(businessDayBounds('2026-03-08', 'America/New_York')).toEqual({ from: new Date('2026-03-08T05:00:00.000Z'), to: new Date('2026-03-09T04:00:00.000Z') });
    expect(hours(businessDayBounds('2026-03-08', 'America/New_York'))).toBe(23);
    expect(hours(businessDayBounds('2026-11-01', 'America/New_York'))).toBe(25);
    expect(hours(businessDayBounds('2026-06-15', 'America/New_York'))).toBe(24);
    expect(hours(businessDayBounds('2026-03-29', 'Europe/London'))).toBe(23);
  });

  it('starts at the first instant that exists where a zone skips midnight, and at the first midnight where it repeats one', () => {
    // Chile springs forward at 00:00 (24:00 → 01:00) on 2026-09-06 and falls back at 00:00 on 2026-04-05.
    expect(startOfBusinessDay('2026-09-06', 'America/Santiago')).toEqual(new Date('2026-09-06T04:00:00.000Z'));
    expect(businessDayOf(new Date('2026-09-06T03:59:59.999Z'), 'America/Santiago')).toBe('2026-09-05');
    expect(hours(businessDayBounds('2026-09-06', 'America/Santiago'))).toBe(23);
    expect(hours(businessDayBounds('2026-04-04', 'America/Santiago'))).toBe(25);
  });

  it('agrees with businessDayOf at both ends, over a whole year in several zones', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC']) {
      for (let day = '2026-01-01'; day < '2027-01-01'; day = nextDay(day)) {
        const { from, to } = businessDayBounds(day, zone);
        expect(businessDayOf(from, zone)).toBe(day);
        expect(businessDayOf(new Date(from.getTime() - 1), zone)).not.toBe(day);
        expect(businessDayOf(new Date(to.getTime() - 1), zone)).toBe(day);
      }
    }
  });
});

describe('the ends of the calendar a report period may name', () => {
  it('cuts days of year 0 and year 9999 as any other, and names the day after 9999-12-31', () => {
    expect(businessDayBounds('0000-01-01', 'UTC')).toEqual({ from: new Date('0000-01-01T00:00:00.000Z'), to: new Date('0000-01-02T00:00:00.000Z') });
    expect(businessDayOf(startOfBusinessDay('0050-06-01', 'America/New_York'), 'America/New_York')).toBe('0050-06-01');
    expect(nextDay('9999-12-31')).toBe('10000-01-01');
    expect(hours(businessDayBounds('9999-12-31', 'America/New_York'))).toBe(24);
  });

  it('refuses what is not a day with VALIDATION', () => {
    expect(() => nextDay('31/12/2026')).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'day' }));
  });
});

describe('time zones', () => {
  it('knows IANA names and refuses others with INVALID_TIME_ZONE on timeZone', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(() => requireTimeZone('EST5EDT-nope')).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE', field: 'timeZone' }));
  });
});

/** Intl's own answer, computed afresh for every instant: what businessDayOf's cache of zone offsets must agree with. */
const uncachedDayOf = (timeZone: string) => {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, era: 'short', year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant: number): string => {
    const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
    const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
    return `${String(year).padStart(4, '0')}-${parts.month}-${parts.day}`;
  };
};

/** The instants a zone's offset changes at, from 1890 to 2035 (a day apart at least), to the millisecond. */
function transitionsOf(timeZone: string): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offset = (instant: number) => format.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')!.value;
  const found: number[] = [];
  const DAY = 24 * 3_600_000;
  for (let at = Date.UTC(1890, 0, 1), before = offset(at); at < Date.UTC(2035, 0, 1); at += DAY) {
    const after = offset(at + DAY);
    if (after === before) continue;
    let [low, high] = [at, at + DAY];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offset(middle) === before) low = middle;
      else high = middle;
    }
    found.push(high);
    before = after;
  }
  return found;
}

describe('the business day with zone offsets cached by quarter hour', () => {
  // DST of an hour, of 30 minutes (Lord Howe), +05:45 (Kathmandu), changes at 00:01 local (Gaza 2010-2011), the
  // -0:44:30 of Monrovia until 1972, midnight changes (Santiago) and local mean times with seconds before 1900–1930.
  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Gaza', 'Africa/Monrovia', 'America/Santiago'];

  it.each(zones)('agrees with Intl to the millisecond around every offset change in %s', (zone) => {
    const expected = uncachedDayOf(zone);
    const transitions = transitionsOf(zone);
    expect(transitions.length).toBeGreaterThan(1);
    for (const transition of transitions) {
      const around = [-1000, -1, 0, 1, 999, 1000];
      // Every 7 minutes for 3 hours either side, which crosses each quarter-hour bucket there at different points.
      for (let step = -26; step <= 26; step++) around.push(step * 7 * 60_000 + (step % 3) * 17);
      // Twice: the first pass fills the cache, the second reads it, backwards.
      for (const instants of [around, [...around].reverse()]) {
        for (const delta of instants) expect(businessDayOf(new Date(transition + delta), zone), `${new Date(transition + delta).toISOString()} in ${zone}`).toBe(expected(transition + delta));
      }
    }
  });

  it('agrees with Intl over a whole year in 37-minute steps (more buckets than a zone keeps), and at the ends of the Date range', () => {
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      const expected = uncachedDayOf(zone);
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 37 * 60_000 + 1) expect(businessDayOf(new Date(at), zone)).toBe(expected(at));
      for (const at of [-8.64e15, -8.64e15 + 1, 8.64e15 - 1, 8.64e15, Date.UTC(-1, 5, 1), Date.UTC(0, 0, 1) - 1]) expect(businessDayOf(new Date(at), zone)).toBe(expected(at));
    }
  });

  it('still refuses an unknown zone and an instant that is not one', () => {
    expect(() => businessDayOf('2026-06-15T00:30:00.000Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => businessDayOf('not a time', 'UTC')).toThrow(RangeError);
  });
});
