/**
 * The branch's business day through a whole host: a New York branch books each movement on its own wall-clock date,
 * across both daylight-saving nights, in the journal, the trial balance and the dashboard; changing the branch's
 * zone rebuilds them in the new one and is kept in the data dir.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-business-day-'));
let now = new Date('2026-03-01T15:00:00.000Z');
let host: Host;
let accountId: string;

/** Deposits of 1.00, 2.00… at these instants (UTC), each a cash deposit at the counter. */
const instants = [
  '2026-03-08T04:30:00.000Z', // Sat 7 March 23:30 EST
  '2026-03-08T05:30:00.000Z', // Sun 8 March 00:30 EST
  '2026-03-09T03:30:00.000Z', // Sun 8 March 23:30 EDT: the 23-hour day
  '2026-03-09T04:30:00.000Z', // Mon 9 March 00:30 EDT
  '2026-11-01T05:30:00.000Z', // Sun 1 November 01:30 EDT
  '2026-11-01T06:30:00.000Z', // Sun 1 November 01:30 EST, the same wall-clock time an hour later
  '2026-11-02T04:30:00.000Z', // Sun 1 November 23:30 EST: the 25-hour day
  '2026-11-02T05:30:00.000Z', // Mon 2 November 00:30 EST
];
const deposits: string[] = [];

beforeAll(async () => {
  host = await createHost({ dataDir, clock: () => now, settings: { timeZone: 'America/New_York', factEvents: false } });
  accountId = (await host.execute({ type: 'OpenAccount', number: 'NY-1', holder: 'Nora York' })).aggregateId;
  for (const [i, instant] of instants.entries()) {
    now = new Date(instant);
    deposits.push((await host.execute({ type: 'MakeDeposit', accountId, amount: `${i + 1}.00` })).events[0]!.id);
  }
  await host.processing.settle();
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const journalDays = async () => Promise.all(deposits.map(async (id) => (await host.readModels.journal.entry(id))?.businessDay));

describe("a New York branch's business day", () => {
  it('books each deposit on the New York date it was made, across the spring-forward and fall-back nights', async () => {
    expect(await journalDays()).toEqual(['2026-03-07', '2026-03-08', '2026-03-08', '2026-03-09', '2026-11-01', '2026-11-01', '2026-11-01', '2026-11-02']);
  });

  it('balances each of those days on its own in the trial balance, holding exactly its deposits', async () => {
    const days = await host.readModels.journal.trialBalance({ currency: 'USD' });
    const debits = Object.fromEntries(days.map((d) => [d.businessDay, [d.debitTotal, d.balanced]]));
    expect(debits).toEqual({
      '2026-03-07': ['100', true],
      '2026-03-08': ['500', true],
      '2026-03-09': ['400', true],
      '2026-11-01': ['1800', true],
      '2026-11-02': ['800', true],
    });
  });

  it('counts the dashboard per New York day: the 25-hour day holds three deposits', async () => {
    const [fallBack] = await host.readModels.dashboard.days({ businessDay: '2026-11-01', currency: 'USD' });
    expect(fallBack?.deposits).toEqual({ count: 3, total: '1800' });
  });
});

describe("changing the branch's time zone", () => {
  it('refuses a zone that does not exist, changing nothing', async () => {
    await expect(host.changeTimeZone('America/Gotham')).rejects.toMatchObject({ code: 'INVALID_TIME_ZONE', field: 'timeZone' });
    expect(host.settings.timeZone).toBe('America/New_York');
  });

  it('rebuilds the journal and the dashboard in the new zone, and keeps the zone in the data dir', async () => {
    const change = await host.changeTimeZone('UTC');
    expect(change).toMatchObject({ timeZone: 'UTC', previous: 'America/New_York' });
    expect(change.rebuilt.map((r) => r.projection)).toEqual(['Journal', 'BranchDashboard']);
    expect(await journalDays()).toEqual(['2026-03-08', '2026-03-08', '2026-03-09', '2026-03-09', '2026-11-01', '2026-11-01', '2026-11-02', '2026-11-02']);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ timeZone: 'UTC' });
    // A deposit from now on is on the UTC date.
    now = new Date('2026-12-01T23:30:00.000Z');
    const late = await host.execute({ type: 'MakeDeposit', accountId, amount: '9.00' });
    await host.processing.settle();
    expect((await host.readModels.journal.entry(late.events[0]!.id))?.businessDay).toBe('2026-12-01');
  });
});
