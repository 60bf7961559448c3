/** SCENARIOS 15: an account as it stood at a version or as of a time, read-only, from the nearest snapshot. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';

/** The ledger's clock, moved by the test: every command is recorded at the time set before it. */
let now = new Date('2026-03-02T09:00:00.000Z');
const at = (iso: string) => {
  now = new Date(iso);
};

let host: Host;

beforeAll(async () => {
  host = await createHost({ inMemory: true, clock: () => now, settings: { snapshotThreshold: 1 } });
  const steps: [string, Record<string, unknown>][] = [
    ['2026-03-02T09:00:00.000Z', { type: 'OpenAccount', accountId: 'h1', number: 'H-1', holder: 'Hugo', openingDeposit: '1000' }],
    ['2026-03-02T10:00:00.000Z', { type: 'MakeDeposit', accountId: 'h1', amount: '500' }],
    ['2026-03-02T11:00:00.000Z', { type: 'MakeDeposit', accountId: 'h1', amount: '200' }],
    ['2026-03-02T12:00:00.000Z', { type: 'MakeWithdrawal', accountId: 'h1', amount: '500' }],
    ['2026-03-02T13:00:00.000Z', { type: 'MakeDeposit', accountId: 'h1', amount: '300' }],
  ];
  for (const [time, command] of steps) {
    at(time);
    await host.execute(command);
  }
  at('2026-03-03T08:00:00.000Z');
});

afterAll(async () => {
  await host.close();
});

describe('SCENARIOS 15: open 1000, +500, +200, −500, +300', () => {
  it('at version 2 the balance is 1700', async () => {
    const past = await host.accountAt('h1', { atVersion: 2 });
    expect(past.account).toMatchObject({ balance: '1700.00', version: 2 });
    expect(past.pointInTime).toEqual({ version: 2 });
    expect(past.headVersion).toBe(4);
  });

  it('as of a time between the +200 and the −500 the balance is 1700', async () => {
    const past = await host.accountAt('h1', { asOf: '2026-03-02T11:30:00Z' });
    expect(past.account).toMatchObject({ balance: '1700.00', version: 2 });
    expect(past.pointInTime).toEqual({ version: 2, asOf: '2026-03-02T11:30:00.000Z' });
  });

  it('now the balance is 1500', async () => {
    expect((await host.getAccount('h1'))?.balance).toBe('1500.00');
    expect((await host.accountAt('h1', { asOf: '2026-03-03T08:00:00Z' })).account.balance).toBe('1500.00');
  });

  it('an event recorded exactly at the time asked for is included', async () => {
    expect((await host.accountAt('h1', { asOf: '2026-03-02T12:00:00.000Z' })).account.balance).toBe('1200.00');
  });

  it('starts from the nearest snapshot not past the point asked for, with the same result', async () => {
    // Threshold 1: the commands' own loads left snapshots at versions 1 and 3; this adds one at the head (4).
    await host.snapshots.create({ id: 'h1' });
    expect((await host.snapshots.list()).map((s) => s.version)).toEqual([1, 3, 4]);
    const byVersion = await host.accountAt('h1', { atVersion: 2 });
    expect(byVersion.snapshotVersion).toBe(1);
    expect(byVersion.replayed).toBe(1);
    expect(byVersion.account.balance).toBe('1700.00');
    const byTime = await host.accountAt('h1', { asOf: '2026-03-02T11:30:00Z' });
    expect(byTime.snapshotVersion).toBe(1);
    expect(byTime.account.balance).toBe('1700.00');
  });

  it('refuses both a version and a time at once', async () => {
    await expect(host.accountAt('h1', { atVersion: 2, asOf: '2026-03-02T11:30:00Z' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'asOf',
      message: 'Give either a version (--at-version) or a time (--as-of), not both.',
    });
  });

  it('says the account did not exist yet at a time before its opening', async () => {
    await expect(host.accountAt('h1', { asOf: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
      field: 'asOf',
      message: 'Account h1 did not exist yet at 2026-03-01T00:00:00.000Z: it was opened at 2026-03-02T09:00:00.000Z.',
    });
  });

  it('refuses a version the account has not reached and a malformed time', async () => {
    await expect(host.accountAt('h1', { atVersion: 9 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'atVersion' });
    await expect(host.accountAt('h1', { asOf: 'yesterday' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'asOf' });
  });

  it('is read-only: a command on a temporal view fails with READ_ONLY and changes nothing', async () => {
    const past = await host.accountAt('h1', { atVersion: 2 });
    await expect(past.execute({ type: 'MakeWithdrawal', accountId: 'h1', amount: '100' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(Object.isFrozen(past)).toBe(true);
    expect((await host.getAccount('h1'))?.version).toBe(4);
  });
});
