/** Exchange rates: exact decimals, integer conversion, and the rules for recording a day's rate. */

import { describe, expect, it } from 'vitest';
import { isDomainError } from '@fidelis/shared/errors.js';
import { canonicalRate, centsRoundedUp, compareUsd, decideRate, evolveRate, initialRateState, parseRate, recordExchangeRateSchema, toUsd, usdOfCents, type RateEvent } from '@fidelis/shared/rates/index.js';

const record = (usdPerUnit: string, reason?: string) => recordExchangeRateSchema.parse({ type: 'RecordExchangeRate', day: '2026-03-02', currency: 'jpy', usdPerUnit, ...(reason ? { reason } : {}) });

describe('exchange rates as exact decimals', () => {
  it('converts with integers only: 100,000 JPY at 0.0067 is exactly 670.00 USD, 5,000.000 BHD at 2.6596 is 13,298.00 USD', () => {
    expect(compareUsd(toUsd(100_000n, 'JPY', parseRate('0.0067')), usdOfCents(67_000n))).toBe(0);
    expect(compareUsd(toUsd(5_000_000n, 'BHD', parseRate('2.6596')), usdOfCents(1_329_800n))).toBe(0);
    // A float would make 0.1 + 0.2; this stays exact: 3 EUR cents at 1.1 is 3.3 cents, rounded up to 4 only when shown.
    expect(toUsd(3n, 'EUR', parseRate('1.1'))).toEqual({ numerator: 33n, scale: 3 });
    expect(centsRoundedUp(toUsd(3n, 'EUR', parseRate('1.1')))).toBe(4n);
  });

  it('compares exactly at the threshold: 1,492,537 JPY at 0.0067 is 9,999.9979 USD, under 10,000', () => {
    expect(compareUsd(toUsd(1_492_537n, 'JPY', parseRate('0.0067')), usdOfCents(1_000_000n))).toBe(-1);
    expect(compareUsd(toUsd(1_492_538n, 'JPY', parseRate('0.0067')), usdOfCents(1_000_000n))).toBe(1);
  });

  it('refuses what is not a rate: zero, signs, exponents, separators', () => {
    for (const bad of ['0', '0.000', '-1', '1e-3', '1,5', '', '.5', '1.']) expect(() => parseRate(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'usdPerUnit' }));
  });

  it('writes a rate one way: 0.00670 and 0.0067 are one rate', () => {
    expect(canonicalRate('0.00670')).toBe('0.0067');
    expect(canonicalRate('007.50')).toBe('7.5');
    expect(canonicalRate('2')).toBe('2');
  });
});

describe('recording a day’s rate', () => {
  it('given no rate, when one is recorded, then the day has it (the currency upper-cased, the rate canonical)', () => {
    const events = decideRate(record('0.006700'), initialRateState) as RateEvent[];
    expect(events).toEqual([{ type: 'ExchangeRateRecorded', data: { day: '2026-03-02', currency: 'JPY', usdPerUnit: '0.0067' } }]);
  });

  it('given a rate, when the same rate is recorded again, then nothing changes (NO_CHANGE)', () => {
    const state = (decideRate(record('0.0067'), initialRateState) as RateEvent[]).reduce(evolveRate, initialRateState);
    expect(decideRate(record('0.00670'), state)).toMatchObject({ code: 'NO_CHANGE' });
  });

  it('given a rate, when a different one is recorded, then it needs a reason, and with one it replaces the rate', () => {
    const state = (decideRate(record('0.0067'), initialRateState) as RateEvent[]).reduce(evolveRate, initialRateState);
    expect(decideRate(record('0.0068'), state)).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    const corrected = decideRate(record('0.0068', 'typo in the morning rate'), state);
    expect(isDomainError(corrected)).toBe(false);
    expect((corrected as RateEvent[]).reduce(evolveRate, state)).toEqual({ version: 1, usdPerUnit: '0.0068' });
  });

  it('refuses USD and currencies Fidelis does not know', () => {
    expect(recordExchangeRateSchema.safeParse({ type: 'RecordExchangeRate', day: '2026-03-02', currency: 'USD', usdPerUnit: '1' }).success).toBe(false);
    expect(recordExchangeRateSchema.safeParse({ type: 'RecordExchangeRate', day: '2026-03-02', currency: 'XXX', usdPerUnit: '1' }).success).toBe(false);
  });
});
