/** The CTR follows the customer: cash per customer and business day across accounts, in USD at the day's rate, strictly over 10,000. */

import { describe, expect, it } from 'vitest';
import { centsRoundedUp } from '@fidelis/shared/rates/exchangeRate.js';
import { createCtrReport, type CtrLine } from '@fidelis/shared/reports/ctr.js';
import { eventFactory, paramsOf, rates, runReport } from '../../support/reportEvents.js';

const at = (time: string, day = '2026-03-02') => `${day}T${time}:00.000Z`;
/** A line as a reader checks it: day, customer, cash in and out in USD. */
const summary = (line: CtrLine) => [line.businessDay, line.customer.legalName, centsRoundedUp(line.cashIn), centsRoundedUp(line.cashOut)];

describe('currency transaction report per customer', () => {
  it('adds up two cash deposits of 6,000 to two accounts of one customer on one business day: one line of 12,000', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr'));
    runReport(ctr, [customer('sam', 'Sam Same'), opened('s1', ['sam']), opened('s2', ['sam']), cashIn('s1', '600000', at('09:00')), cashIn('s2', '600000', at('15:00'))]);
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Sam Same', 1_200_000n, 0n]]);
    expect(ctr.lines()[0]!.accounts.map((a) => a.number)).toEqual(['S1', 'S2']);
  });

  it('files nothing at exactly 10,000.00, and one line a cent over', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr'));
    runReport(ctr, [customer('a', 'Ann Exact'), customer('b', 'Ben Over'), opened('a1', ['a']), opened('b1', ['b']), cashIn('a1', '1000000', at('09:00')), cashIn('b1', '1000001', at('09:00'))]);
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Ben Over', 1_000_001n, 0n]]);
  });

  it('keeps cash in and cash out apart: 8,000 in and 8,000 out is no CTR', () => {
    const { customer, opened, cashIn, cashOut } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr'));
    runReport(ctr, [customer('c', 'Cal Both'), opened('c1', ['c']), cashIn('c1', '800000', at('09:00')), cashOut('c1', '800000', at('10:00'))]);
    expect(ctr.lines()).toEqual([]);
  });

  it('converts JPY at the recorded rate: 100,000 JPY (about 670 USD) is none, 1,600,000 JPY (10,720 USD) is one line', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr', { rates: rates(['2026-03-02', 'JPY', '0.0067']) }));
    runReport(ctr, [customer('y', 'Yui Small'), customer('z', 'Zen Large'), opened('y1', ['y'], 'JPY'), opened('z1', ['z'], 'JPY'), cashIn('y1', '100000', at('09:00'), 'JPY'), cashIn('z1', '1600000', at('09:00'), 'JPY')]);
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Zen Large', 1_072_000n, 0n]]);
    expect(ctr.lines()[0]!.parts).toMatchObject([{ currency: 'JPY', cashIn: 1_600_000n, rate: { usdPerUnit: '0.0067' } }]);
    expect(ctr.ratesUsed()).toMatchObject([{ day: '2026-03-02', currency: 'JPY', usdPerUnit: '0.0067' }]);
  });

  it('converts BHD with its three decimals: 5,000.000 BHD (about 13,298 USD) is a line', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr', { rates: rates(['2026-03-02', 'BHD', '2.6596']) }));
    runReport(ctr, [customer('h', 'Hamad Bahrain'), opened('h1', ['h'], 'BHD'), cashIn('h1', '5000000', at('09:00'), 'BHD')]);
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Hamad Bahrain', 1_329_800n, 0n]]);
  });

  it('adds foreign and dollar cash of one customer on one day together', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr', { rates: rates(['2026-03-02', 'EUR', '1.08']) }));
    runReport(ctr, [customer('m', 'Mia Mixed'), opened('m1', ['m']), opened('m2', ['m'], 'EUR'), cashIn('m1', '600000', at('09:00')), cashIn('m2', '400000', at('10:00'), 'EUR')]);
    // 6,000.00 USD + 4,000.00 EUR × 1.08 = 10,320.00 USD.
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Mia Mixed', 1_032_000n, 0n]]);
  });

  it('refuses without the day’s rate, naming the day and the currency, rather than guess one', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr', { rates: rates(['2026-03-01', 'JPY', '0.0067']) }));
    expect(() => runReport(ctr, [customer('y', 'Yui Small'), opened('y1', ['y'], 'JPY'), cashIn('y1', '100000', at('09:00'), 'JPY')])).toThrow(
      expect.objectContaining({ code: 'RATE_MISSING', field: 'rates', message: expect.stringMatching(/JPY.*2026-03-02/) }),
    );
  });

  it('follows the customer, not the name: two customers with one name file apart, one customer with two spellings files once', () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr'));
    runReport(ctr, [
      customer('lena-1', 'Lena Case', { tin: '111111111', tinType: 'SSN' }),
      customer('lena-2', 'Lena Case', { tin: '222222222', tinType: 'SSN' }),
      customer('sam', 'Samuel Same', { tin: '333333333', tinType: 'SSN' }),
      opened('l1', ['lena-1'], 'USD', '0', 'Lena Case'),
      opened('l2', ['lena-2'], 'USD', '0', 'LENA  CASE'),
      opened('s1', ['sam'], 'USD', '0', 'Sam Same'),
      opened('s2', ['sam'], 'USD', '0', 'Samuel Same'),
      cashIn('l1', '600000', at('09:00')),
      cashIn('l2', '600000', at('09:30')),
      cashIn('s1', '600000', at('10:00')),
      cashIn('s2', '600000', at('11:00')),
    ]);
    expect(ctr.lines().map((l) => [l.customer.customerId, centsRoundedUp(l.cashIn)])).toEqual([['sam', 1_200_000n]]);
  });

  it("counts a joint account's cash for each of its owners", () => {
    const { customer, opened, cashIn } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr'));
    runReport(ctr, [customer('p', 'Pat Joint'), customer('q', 'Quinn Joint'), opened('j1', ['p', 'q']), opened('p1', ['p']), cashIn('j1', '700000', at('09:00')), cashIn('p1', '400000', at('10:00'))]);
    // Pat: 7,000 jointly + 4,000 alone; Quinn: 7,000 only.
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Pat Joint', 1_100_000n, 0n]]);
  });

  it('keeps a cash withdrawal whose reference mimics a transfer or PayFlow as cash; a transfer leg by its channel is not', () => {
    const { customer, opened, cashOut } = eventFactory();
    const ctr = createCtrReport(paramsOf('ctr'));
    runReport(ctr, [
      customer('w', 'Wes Draw'),
      opened('w1', ['w'], 'USD', '0'),
      cashOut('w1', '600000', at('09:00'), 'cash', 'transfer:y'),
      cashOut('w1', '500000', at('10:00'), 'cash', 'payflow-x'),
      cashOut('w1', '900000', at('11:00'), 'transfer', 'T-1'),
      cashOut('w1', '900000', at('12:00'), 'payment', 'P-1'),
    ]);
    expect(ctr.lines().map(summary)).toEqual([['2026-03-02', 'Wes Draw', 0n, 1_100_000n]]);
    expect(ctr.lines()[0]!.transactions.map((t) => t.reference)).toEqual(['transfer:y', 'payflow-x']);
  });

  it("cuts business days at the branch's midnight, across the spring-forward night too", () => {
    const { customer, opened, cashIn } = eventFactory();
    // New York, 2026-03-08: clocks go from 02:00 EST to 03:00 EDT. 04:30 UTC is 23:30 on the 7th; 05:30 UTC is 00:30 on the 8th.
    const ctr = createCtrReport(paramsOf('ctr', { from: '2026-03-07', to: '2026-03-08', timeZone: 'America/New_York' }));
    runReport(ctr, [
      customer('n', 'Nia York'),
      opened('n1', ['n']),
      cashIn('n1', '600000', '2026-03-07T15:00:00.000Z'),
      cashIn('n1', '600000', '2026-03-08T04:30:00.000Z'),
      cashIn('n1', '900000', '2026-03-08T05:30:00.000Z'),
      // 23:30 EDT on the 8th (03:30 UTC on the 9th): still the 8th in the branch.
      cashIn('n1', '200000', '2026-03-09T03:30:00.000Z'),
    ]);
    expect(ctr.lines().map(summary)).toEqual([
      ['2026-03-07', 'Nia York', 1_200_000n, 0n],
      ['2026-03-08', 'Nia York', 1_100_000n, 0n],
    ]);
  });
});
