/** Writers racing on one account: no duplicate versions, losers re-decide a bounded number of times, then report the conflict. */

import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { accountSlice } from '../../../main/accounts/accountSlice.js';
import { hashCommand, runCommand, type PipelineDeps } from '../../../main/ledger/commandPipeline.js';
import type { EventStore } from '../../../main/store/eventStore.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { accountCommands } from '../../support/accountFixtures.js';
import { refusalOf, testMeta } from '../../support/storeFixtures.js';

const hosts: Host[] = [];

async function newHost(maxConflictRetries?: number): Promise<Host> {
  const host = await createHost({ inMemory: true, ...(maxConflictRetries === undefined ? {} : { settings: { maxConflictRetries } }) });
  hosts.push(host);
  return host;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

async function versionsOf(host: Host, accountId: string): Promise<number[]> {
  return (await host.readStream(`account-${accountId}`)).map((e) => e.version);
}

describe('concurrent commands on one account in one host', () => {
  it('accepts every withdrawal that fits and refuses the rest, whatever order the race settles in', async () => {
    const host = await newHost(5);
    const cmd = accountCommands();
    await host.execute(cmd.open({ openingDeposit: '1000' }));
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => host.execute(cmd.withdraw('300'))));
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : []));
    expect(accepted).toHaveLength(3);
    expect(refused.map((e) => e.code)).toEqual(['INSUFFICIENT_FUNDS', 'INSUFFICIENT_FUNDS']);
    expect(await versionsOf(host, cmd.accountId)).toEqual([0, 1, 2, 3]);
    expect(await host.getAccount(cmd.accountId)).toMatchObject({ balance: '100.00', version: 3 });
  });

  it('with maxConflictRetries 0, reports CONCURRENCY_CONFLICT on version for the losers and keeps the winners', async () => {
    const host = await newHost(0);
    const cmd = accountCommands();
    await host.execute(cmd.open({ openingDeposit: '0' }));
    const results = await Promise.allSettled(['1', '2', '3', '4', '5'].map((amount) => host.execute(cmd.deposit(amount))));
    const conflicts = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : []));
    expect(conflicts.length).toBeGreaterThan(0);
    for (const conflict of conflicts) expect(conflict).toMatchObject({ code: 'CONCURRENCY_CONFLICT', field: 'version' });

    const acceptedTotal = results.reduce((sum, r, i) => sum + (r.status === 'fulfilled' ? i + 1 : 0), 0);
    const versions = await versionsOf(host, cmd.accountId);
    expect(versions).toEqual(versions.map((_, i) => i));
    expect(versions).toHaveLength(1 + results.filter((r) => r.status === 'fulfilled').length);
    expect((await host.getAccount(cmd.accountId))?.balance).toBe(`${acceptedTotal}.00`);
  });
});

describe('re-deciding after losing a race (6)', () => {
  /** The host's own store, except that each load is followed by a competing command on the same account. */
  function racingStore(host: Host, races: number, competitor: () => unknown): { store: EventStore; loads: () => number } {
    let loads = 0;
    return {
      loads: () => loads,
      store: {
        ...host.store,
        async readStream(streamId, range) {
          const events = await host.store.readStream(streamId, range);
          loads++;
          if (loads <= races) await host.execute(competitor());
          return events;
        },
      },
    };
  }

  const deps = (store: EventStore, maxConflictRetries: number): PipelineDeps => ({
    store,
    registry: createLedgerEventRegistry(),
    now: () => new Date('2026-01-15T09:30:00.000Z'),
    maxConflictRetries,
  });

  it('reports CONCURRENCY_CONFLICT after the bounded number of re-decides, storing nothing of its own', async () => {
    const host = await newHost();
    const cmd = accountCommands();
    await host.execute(cmd.open({ openingDeposit: '100' }));
    const racing = racingStore(host, Infinity, () => cmd.deposit('1'));
    const command = cmd.withdraw('5');
    const error = await refusalOf(runCommand(deps(racing.store, 2), accountSlice, command, testMeta(), hashCommand(command)));
    expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', field: 'version' });
    expect(error.message).toContain('3 times');
    expect(racing.loads()).toBe(3);
    const stream = await host.readStream(`account-${cmd.accountId}`);
    expect(stream.map((e) => e.type)).not.toContain('Fidelis.WithdrawalMade.v2');
    expect(stream.map((e) => e.version)).toEqual([0, 1, 2, 3]);
  });

  it('lands on a re-decide after losing once, at the next free version', async () => {
    const host = await newHost();
    const cmd = accountCommands();
    await host.execute(cmd.open({ openingDeposit: '100' }));
    const racing = racingStore(host, 1, () => cmd.deposit('1'));
    const command = cmd.withdraw('5');
    const outcome = await runCommand(deps(racing.store, 2), accountSlice, command, testMeta(), hashCommand(command));
    expect(outcome).toMatchObject({ version: 2, duplicate: false });
    expect(racing.loads()).toBe(2);
    expect(await host.getAccount(cmd.accountId)).toMatchObject({ balance: '96.00', version: 2 });
  });

  it('decides again on the new state: a withdrawal that no longer fits is refused, not forced through', async () => {
    const host = await newHost();
    const cmd = accountCommands();
    await host.execute(cmd.open({ openingDeposit: '1000' }));
    const racing = racingStore(host, 1, () => cmd.withdraw('1000'));
    const command = cmd.withdraw('600');
    const error = await refusalOf(runCommand(deps(racing.store, 3), accountSlice, command, testMeta(), hashCommand(command)));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    expect(await host.getAccount(cmd.accountId)).toMatchObject({ balance: '0.00', version: 1 });
  });
});
