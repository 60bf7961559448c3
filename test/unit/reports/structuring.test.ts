/** Structuring as examiners look for it: per customer, across accounts, over a day, several days or a rolling week; one alert per series, naming its deposits. */

import { describe, expect, it } from 'vitest';
import { assessStructuring, initialStructuringState, type CashDeposit, type StructuringSeries, type StructuringState } from '@fidelis/shared/compliance/structuring.js';
import { usdOfCents } from '@fidelis/shared/rates/exchangeRate.js';
import { createStructuringReport } from '@fidelis/shared/reports/structuring.js';
import { eventFactory, paramsOf, RULES, runReport } from '../../support/reportEvents.js';

const rules = { threshold: usdOfCents(1_000_000n), nearPercent: 80, minCount: 3, windows: RULES.structuringWindows };

let n = 0;
const deposit = (occurredAt: string, cents: bigint, accountId = 'a1'): CashDeposit => ({
  eventId: `d${++n}`,
  accountId,
  amount: cents.toString(),
  currency: 'USD',
  usd: { numerator: cents.toString(), scale: 2 },
  occurredAt,
  businessDay: occurredAt.slice(0, 10),
});

/** Feeds deposits of one customer in order; returns each alert as it last stood. */
function alertsOf(deposits: readonly CashDeposit[]): StructuringSeries[] {
  let state: StructuringState = initialStructuringState;
  const alerts = new Map<string, StructuringSeries>();
  for (const d of deposits) {
    const result = assessStructuring(state, 'cust', d, rules);
    state = result.state;
    if (result.series) alerts.set(result.series.alertId, result.series);
  }
  return [...alerts.values()];
}

const hoursAfter = (start: string, hours: number) => new Date(Date.parse(start) + hours * 3_600_000).toISOString();

describe('structuring per customer', () => {
  it('3 × 9,500 cash 26 hours apart: one alert naming the three deposits', () => {
    const start = '2026-03-02T10:00:00.000Z';
    const deposits = [0, 26, 52].map((h) => deposit(hoursAfter(start, h), 950_000n));
    const alerts = alertsOf(deposits);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.deposits.map((d) => d.eventId)).toEqual(deposits.map((d) => d.eventId));
  });

  it('4 × 9,000 on consecutive days: one alert naming all four', () => {
    const deposits = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map((day) => deposit(`${day}T11:00:00.000Z`, 900_000n));
    const alerts = alertsOf(deposits);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.deposits.map((d) => d.eventId)).toEqual(deposits.map((d) => d.eventId));
  });

  it('3 × 9,900 over three accounts of one customer within two hours: one alert over the three accounts', () => {
    const deposits = [0, 1, 2].map((h, i) => deposit(hoursAfter('2026-03-02T09:00:00.000Z', h), 990_000n, `acct-${i}`));
    const alerts = alertsOf(deposits);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.window).toEqual({ kind: 'businessDays', days: 1 });
    expect(new Set(alerts[0]!.deposits.map((d) => d.accountId))).toEqual(new Set(['acct-0', 'acct-1', 'acct-2']));
  });

  it('raises nothing for small deposits, for deposits over the threshold (a CTR), or for a series spread past every window', () => {
    expect(alertsOf([0, 1, 2].map((h) => deposit(hoursAfter('2026-03-02T09:00:00.000Z', h), 500_000n)))).toEqual([]);
    expect(alertsOf([0, 1, 2].map((h) => deposit(hoursAfter('2026-03-02T09:00:00.000Z', h), 1_200_000n)))).toEqual([]);
    expect(alertsOf([0, 200, 400].map((h) => deposit(hoursAfter('2026-03-02T09:00:00.000Z', h), 950_000n)))).toEqual([]);
  });

  it('changes nothing when a deposit is delivered again', () => {
    const d = deposit('2026-03-02T09:00:00.000Z', 950_000n);
    const once = assessStructuring(initialStructuringState, 'cust', d, rules);
    const twice = assessStructuring(once.state, 'cust', d, rules);
    expect(twice.state).toBe(once.state);
    expect(twice.series).toBeUndefined();
  });

  it('the structuring report finds the series per customer across accounts, and names account, holder and customer', () => {
    const { customer, opened, cashIn } = eventFactory();
    const report = createStructuringReport(paramsOf('structuring'));
    const rows = runReport(report, [
      customer('sam', 'Samuel Same'),
      opened('s1', ['sam'], 'USD', '0', 'Sam Same'),
      opened('s2', ['sam'], 'USD', '0', 'Samuel Same'),
      opened('s3', ['sam'], 'USD', '0', 'Samuel Same'),
      cashIn('s1', '990000', '2026-03-02T09:00:00.000Z'),
      cashIn('s2', '990000', '2026-03-02T10:00:00.000Z'),
      cashIn('s3', '990000', '2026-03-02T11:00:00.000Z'),
    ]);
    expect(rows.map((r) => [r.cells[1], r.cells[8], r.cells[9], r.cells[11]])).toEqual([
      ['Samuel Same', 'S1', 'Sam Same', '9900.00'],
      ['Samuel Same', 'S2', 'Samuel Same', '9900.00'],
      ['Samuel Same', 'S3', 'Samuel Same', '9900.00'],
    ]);
    expect(report.summary().totals).toMatchObject({ alerts: '1', structuredUsd: '29700.00' });
  });
});
