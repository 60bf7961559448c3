/**
 * Loads continue the state this process folded last, reading only what was appended since, and never continue one
 * folded from history that sync has since removed.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { accountSlice } from '../../../main/accounts/accountSlice.js';
import { loadAggregate } from '../../../main/ledger/loadAggregate.js';
import { createRecentStates } from '../../../main/ledger/recentStates.js';
import { commitId } from '../../../main/store/commitSchema.js';
import { createHost, type Host } from '../../../main/host.js';

const registry = createLedgerEventRegistry();
const hosts: Host[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function accountWithDeposits(deposits: number): Promise<Host> {
  const host = await createHost({ inMemory: true });
  hosts.push(host);
  await host.execute({ type: 'OpenAccount', accountId: 'a1', number: 'N-1', holder: 'Ada', openingDeposit: '100.00' });
  for (let i = 0; i < deposits; i++) await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '1.00' });
  return host;
}

const fullReplay = async (host: Host) => (await loadAggregate(host.store, registry, accountSlice, 'a1')).state;

describe('recent states', () => {
  it('a later load folds only the events appended since, to the state a full replay gives', async () => {
    const host = await accountWithDeposits(5);
    const recent = createRecentStates(() => host.store.historyEpoch(), 16);
    const first = await loadAggregate(host.store, registry, accountSlice, 'a1', {}, undefined, recent);
    expect(first.events).toHaveLength(6);

    await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '2.50' });
    const second = await loadAggregate(host.store, registry, accountSlice, 'a1', {}, undefined, recent);
    expect(second.events.map((e) => e.version)).toEqual([6]);
    expect(second.state).toEqual(await fullReplay(host));
    expect(second.state.balance).toBe(10_750n);

    // At the head, nothing is read at all.
    expect((await loadAggregate(host.store, registry, accountSlice, 'a1', {}, undefined, recent)).events).toEqual([]);
  });

  it('folds from the start again once sync removed commits it had folded', async () => {
    const host = await accountWithDeposits(3);
    const recent = createRecentStates(() => host.store.historyEpoch(), 16);
    expect((await loadAggregate(host.store, registry, accountSlice, 'a1', {}, undefined, recent)).state.balance).toBe(10_300n);

    // The last deposit was provisional and the gateway never accepted it.
    await host.store.applyRemote({ supersede: [commitId('account-a1', 3)], commits: [] });
    const after = await loadAggregate(host.store, registry, accountSlice, 'a1', {}, undefined, recent);
    expect(after.events).toHaveLength(3);
    expect(after.state.balance).toBe(10_200n);
    expect(after.state.version).toBe(2);
  });

  it('the host decides on the stream as it stands after a removal, not on the state it kept before', async () => {
    const host = await accountWithDeposits(2);
    expect((await host.getAccount('a1'))?.balance).toBe('102.00');
    await host.store.applyRemote({ supersede: [commitId('account-a1', 2)], commits: [] });
    // Decided on the kept state, this would expect version 2 and be refused as a conflict.
    const outcome = await host.execute({ type: 'MakeDeposit', accountId: 'a1', amount: '5.00' });
    expect(outcome.version).toBe(2);
    expect((await host.getAccount('a1'))?.balance).toBe('106.00');
  });
});

describe('the recent-state cache', () => {
  const kept = (version: number) => ({ state: { version }, version, facts: {}, lastRecordedAt: '2026-12-05T00:00:00.000Z', sinceSnapshot: 0 });

  it('keeps nothing folded before history moved, and forgets what it kept when it moves', () => {
    let epoch = 0;
    const recent = createRecentStates(() => epoch, 4);
    const started = recent.epoch();
    epoch++;
    recent.keep('s', kept(3), started);
    expect(recent.get('s')).toBeUndefined();

    recent.keep('s', kept(3), recent.epoch());
    expect(recent.get('s')?.version).toBe(3);
    epoch++;
    expect(recent.get('s')).toBeUndefined();
  });

  it('keeps the newer of two folds that finish out of order, and at most its capacity of streams', () => {
    const recent = createRecentStates(() => 0, 2);
    recent.keep('s', kept(5), 0);
    recent.keep('s', kept(4), 0);
    expect(recent.get('s')?.version).toBe(5);

    recent.keep('t', kept(1), 0);
    recent.keep('u', kept(1), 0);
    expect(recent.get('s')).toBeUndefined();
    expect(recent.get('u')?.version).toBe(1);
  });
});
