/** Snapshots: loads start from the newest one and replay only what follows; they are a cache, so they never change a result. */

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { accountSlice } from '../../../main/accounts/accountSlice.js';
import { loadAggregate } from '../../../main/ledger/loadAggregate.js';
import { parseWithBigints, stringifyWithBigints } from '@fidelis/shared/json/bigintJson.js';
import { createHost, type Host } from '../../../main/host.js';

const registry = createLedgerEventRegistry();
const hosts: Host[] = [];
const openHost = async (threshold: number) => {
  const host = await createHost({ inMemory: true, settings: { snapshotThreshold: threshold } });
  hosts.push(host);
  return host;
};
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

const openAccount = async (host: Host, accountId: string, openingDeposit = '1000') =>
  host.execute({ type: 'OpenAccount', accountId, number: `N-${accountId}`.slice(0, 20), holder: 'Ada', openingDeposit });

describe('SCENARIOS 14: snapshots', () => {
  it('1000 + 7×100 → 1700; past the threshold a load writes a snapshot and later loads replay only newer events', async () => {
    const host = await openHost(3);
    await openAccount(host, 'a1');
    for (let i = 0; i < 7; i++) await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '100' });
    expect((await host.getAccount('a1'))?.balance).toBe('1700.00');
    // Snapshots are written in the background: what the loads above left is all there once drained.
    await host.snapshots.cache.drain();
    const taken = await host.snapshots.list({ streamId: 'account-a1' });
    expect(taken.length).toBeGreaterThan(0);
    const newest = Math.max(...taken.map((s) => s.version));

    const loaded = await loadAggregate(host.store, registry, accountSlice, 'a1', {}, host.snapshots.cache);
    expect(loaded.snapshotVersion).toBe(newest);
    expect(loaded.events.map((e) => e.version)).toEqual(Array.from({ length: 7 - newest }, (_, i) => newest + 1 + i));
    expect(loaded.state.balance).toBe(170000n);
  });

  it('does not snapshot while loads stay within the threshold', async () => {
    const host = await openHost(100);
    await openAccount(host, 'a1');
    for (let i = 0; i < 7; i++) await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '100' });
    await host.snapshots.cache.drain();
    expect(await host.snapshots.list()).toEqual([]);
  });

  it('deleting snapshots changes nothing: the next load replays from the start and gives the same state', async () => {
    const host = await openHost(2);
    await openAccount(host, 'a1');
    for (let i = 0; i < 7; i++) await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '100' });
    const before = await host.getAccount('a1');
    expect(await host.snapshots.remove()).toBeGreaterThan(0);
    expect(await host.snapshots.list()).toEqual([]);
    const loaded = await loadAggregate(host.store, registry, accountSlice, 'a1', {}, host.snapshots.cache);
    expect(loaded.snapshotVersion).toBeUndefined();
    expect(loaded.events).toHaveLength(8);
    expect(await host.getAccount('a1')).toEqual(before);
  });

  it('makes snapshots on demand for one account, one aggregate type, or all', async () => {
    const host = await openHost(1000);
    await openAccount(host, 'a1');
    await openAccount(host, 'a2');
    await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '5' });

    expect(await host.snapshots.create({ id: 'a1' })).toEqual({ created: 1, streams: 1 });
    expect((await host.snapshots.list()).map((s) => `${s.streamId}@${s.version}`)).toEqual(['account-a1@1']);

    expect(await host.snapshots.create({ type: 'account' })).toEqual({ created: 1, streams: 2 });
    expect((await host.snapshots.list()).map((s) => `${s.streamId}@${s.version}`)).toEqual(['account-a1@1', 'account-a2@0']);

    await host.snapshots.remove();
    expect((await host.snapshots.create()).created).toBe(2);
    await expect(host.snapshots.create({ id: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(host.snapshots.create({ type: 'ghost' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'type' });
  });

  it('ignores a snapshot taken under another state schema', async () => {
    const host = await openHost(1000);
    await openAccount(host, 'a1');
    await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '5' });
    const [opened] = await host.readStream('account-a1');
    // A snapshot from another state schema claiming a wildly different balance must not be used.
    await host.snapshots.cache.save({
      streamId: 'account-a1',
      category: 'account',
      version: 1,
      stateVersion: '0.deadbeef',
      state: stringifyWithBigints({ ...accountSlice.decider.initialState, status: 'ACTIVE', balance: 999_999_99n, version: 1 }),
      facts: { currency: 'USD' },
      lastRecordedAt: opened!.recordedAt,
    });
    const loaded = await loadAggregate(host.store, registry, accountSlice, 'a1', {}, host.snapshots.cache);
    expect(loaded.snapshotVersion).toBeUndefined();
    expect((await host.getAccount('a1'))?.balance).toBe('1005.00');
  });

  it('keeps bigint amounts exact through a snapshot, holds included', () => {
    const state = { ...accountSlice.decider.initialState, balance: 12345678901234567890n, holds: { t1: 5n, t2: 900719925474099312n } };
    expect(parseWithBigints(stringifyWithBigints(state))).toEqual(state);
    expect(stringifyWithBigints(state)).not.toMatch(/\d+n\b/);
  });
});

type Step = { kind: 'deposit' | 'withdraw'; amount: number } | { kind: 'hold' | 'release'; amount: number } | { kind: 'snapshot' } | { kind: 'forget' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deposit' as const), amount: fc.integer({ min: 1, max: 50_000 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), amount: fc.integer({ min: 1, max: 80_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hold' as const), amount: fc.integer({ min: 1, max: 10_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), amount: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'snapshot' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'forget' as const }) },
);

describe('snapshot loads equal full replays', () => {
  it('for random histories, at every version and at the head', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (threshold, steps) => {
        const host = await openHost(threshold);
        try {
          await openAccount(host, 'p1', '100.00');
          let holds = 0;
          for (const step of steps) {
            const minor = 'amount' in step ? (step.amount / 100).toFixed(2) : '0';
            if (step.kind === 'snapshot') await host.snapshots.create({ id: 'p1' });
            else if (step.kind === 'forget') await host.snapshots.remove();
            else if (step.kind === 'release') {
              if (holds > 0) await host.execute({ type: 'ReleaseHold', accountId: 'p1', holdId: `h${holds--}` });
            } else if (step.kind === 'hold') {
              await host.execute({ type: 'PlaceHold', accountId: 'p1', holdId: `h${++holds}`, amount: minor }).catch(() => holds--);
            } else {
              // Refusals (insufficient funds) are part of a random history: they store nothing.
              await host.execute({ type: step.kind === 'deposit' ? 'MakeDeposit' : 'MakeWithdrawal', accountId: 'p1', amount: minor }).catch(() => undefined);
            }
          }
          await host.snapshots.cache.drain();
          const head = await host.store.streamVersion('account-p1');
          const full = await loadAggregate(host.store, registry, accountSlice, 'p1');
          const cached = await loadAggregate(host.store, registry, accountSlice, 'p1', {}, host.snapshots.cache);
          expect(cached.state).toEqual(full.state);
          for (let version = 0; version <= head; version++) {
            const replayed = (await loadAggregate(host.store, registry, accountSlice, 'p1', { toVersion: version })).state;
            const past = await host.accountAt('p1', { atVersion: version });
            expect(past.account.balance).toBe(((Number(replayed.balance) / 100).toFixed(2)));
            expect(past.account.availableBalance).toBe(((Number(replayed.balance - Object.values(replayed.holds).reduce((a, b) => a + b, 0n)) / 100).toFixed(2)));
            expect(past.account.version).toBe(version);
          }
        } finally {
          await host.close();
          hosts.splice(hosts.indexOf(host), 1);
        }
      }),
      { numRuns: 15 },
    );
  });
});
