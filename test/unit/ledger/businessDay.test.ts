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
