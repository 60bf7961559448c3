/** Money at the boundary: decimal strings in, exact minor units inside, the same strings back out. */

import { describe, expect, it } from 'vitest';
import { DomainError } from '@fidelis/shared/errors.js';
import { currencyExponent, formatAmount, fromMinorString, parseAmount, parseEnteredAmount, toMinorString } from '@fidelis/shared/money/index.js';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

describe('parsing an amount', () => {
  it.each([
    ['1000', 100000n],
    ['1000.5', 100050n],
    ['1000.50', 100050n],
    ['0.01', 1n],
    ['0', 0n],
    ['007.10', 710n],
  ])('reads "%s" USD as %s cents', (text, minor) => {
    expect(parseAmount(text, 'USD')).toBe(minor);
  });

  it('uses the currency exponent: JPY has none, KWD has three', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(parseAmount('1000', 'JPY')).toBe(1000n);
    expect(parseAmount('1.234', 'KWD')).toBe(1234n);
    expect(parseAmount('1.2', 'KWD')).toBe(1200n);
  });

  it('keeps amounts far beyond a float exact', () => {
    expect(parseAmount('90071992547409930.99', 'USD')).toBe(9007199254740993099n);
    expect(formatAmount(9007199254740993099n, 'USD')).toBe('90071992547409930.99');
  });

  it('refuses more decimals than the currency has, never rounding', () => {
    const usd = refusal(() => parseAmount('10.001', 'USD'));
    expect(usd).toMatchObject({ code: 'INVALID_AMOUNT', field: 'amount' });
    expect(usd.message).toContain('2 decimal places');
    const jpy = refusal(() => parseAmount('1.5', 'JPY'));
    expect(jpy).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(jpy.message).toContain('whole number');
    expect(refusal(() => parseAmount('1.2345', 'KWD')).code).toBe('INVALID_AMOUNT');
  });

  it.each([
    ['1e3', /not an amount/],
    ['-0', /without a sign/],
    ['-5', /without a sign/],
    ['+5', /without a sign/],
    ['', /Enter an amount/],
    ['   ', /Enter an amount/],
    ['NaN', /not an amount/],
    ['Infinity', /not an amount/],
    ['1,000', /thousands separators/],
    [' 1', /spaces/],
    ['1 000', /spaces/],
    ['1.', /not an amount/],
    ['.5', /not an amount/],
    ['0x10', /not an amount/],
    ['１２', /not an amount/],
  ])('refuses "%s" with a clear INVALID_AMOUNT', (text, message) => {
    const error = refusal(() => parseAmount(text, 'USD'));
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.field).toBe('amount');
    expect(error.message).toMatch(message);
  });

  it('reports the field it was asked to', () => {
    expect(refusal(() => parseAmount('abc', 'USD', 'openingDeposit')).field).toBe('openingDeposit');
  });

  it('refuses a currency it does not know, on the currency field', () => {
    const error = refusal(() => parseAmount('10', 'XXX'));
    expect(error).toMatchObject({ code: 'UNKNOWN_CURRENCY', field: 'currency' });
    expect(error.message).toContain('XXX');
    expect(refusal(() => parseAmount('10', 'usd')).code).toBe('UNKNOWN_CURRENCY');
    expect(refusal(() => formatAmount(10n, 'XXX')).code).toBe('UNKNOWN_CURRENCY');
  });
});

describe('parsing an amount someone entered', () => {
  it('accepts up to 15 digits before the point, in every currency', () => {
    expect(parseEnteredAmount('999999999999999.99', 'USD')).toBe(99999999999999999n);
    expect(parseEnteredAmount('999999999999999', 'JPY')).toBe(999999999999999n);
  });

  it('refuses an amount no branch handles (10^15 and up) on its field, where parseAmount still reads it', () => {
    for (const [text, currency] of [['1000000000000000', 'USD'], [`1${'0'.repeat(30)}`, 'USD'], ['1000000000000000', 'JPY'], ['9'.repeat(40), 'EUR']] as const) {
      expect(() => parseEnteredAmount(text, currency, 'openingDeposit')).toThrowError(expect.objectContaining({ code: 'INVALID_AMOUNT', field: 'openingDeposit', message: expect.stringMatching(/too large/) }));
      expect(parseAmount(text, currency) > 0n).toBe(true);
    }
  });

  it('quotes a bad amount on one short line, however long or multi-line it was', () => {
    const error = (() => {
      try {
        parseEnteredAmount(`1\n${'x'.repeat(10_000)}`, 'USD');
      } catch (caught) {
        return caught as DomainError;
      }
      throw new Error('accepted');
    })();
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(120);
  });
});

describe('formatting an amount', () => {
  it.each([
    [155000n, 'USD', '1550.00'],
    [100050n, 'USD', '1000.50'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [-50000n, 'USD', '-500.00'],
    [-1n, 'USD', '-0.01'],
    [1000n, 'JPY', '1000'],
    [1234n, 'KWD', '1.234'],
    [7n, 'KWD', '0.007'],
  ])('prints %s minor units of %s as "%s"', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('round-trips every non-negative formatted amount through parse', () => {
    for (const [currency, minor] of [['USD', 123456789n], ['JPY', 42n], ['KWD', 1001n], ['USD', 0n]] as const) {
      expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
    }
  });
});

describe('minor units as they travel in events', () => {
  it('are base-10 integer strings', () => {
    expect(toMinorString(-1500n)).toBe('-1500');
    expect(fromMinorString('155000')).toBe(155000n);
    expect(fromMinorString('-1')).toBe(-1n);
  });

  it.each(['1.5', '01', '-0', '', '1e3', ' 1'])('refuses "%s"', (text) => {
    expect(refusal(() => fromMinorString(text)).code).toBe('INVALID_AMOUNT');
  });
});
