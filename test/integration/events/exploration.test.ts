/** SCENARIOS 24: exploring the event store — streams with paging, categories in global order, stats, search, history; unknown types kept. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { createExplorer } from '../../../main/events/explorer.js';
import { scanEvents } from '../../../main/events/scan.js';
import { accountSlice } from '../../../main/accounts/accountSlice.js';
import { loadAggregate } from '../../../main/ledger/loadAggregate.js';
import type { EventStore } from '../../../main/store/eventStore.js';
import { createHost, type Host } from '../../../main/host.js';
import { explorerSearchResult, explorerStreamsResult, explorerTypesResult, traceResult } from '@fidelis/shared/operations/api.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';

let host: Host;
let now = new Date('2026-05-04T08:00:00.000Z');
const tick = () => {
  now = new Date(now.getTime() + 60_000);
};

beforeAll(async () => {
  host = await createHost({ inMemory: true, clock: () => now, settings: { factEvents: false } });
  const run = async (command: Record<string, unknown>, actor: string) => {
    tick();
    await host.execute(command, { actor });
  };
  await run({ type: 'OpenAccount', accountId: 'x1', number: 'X-1', holder: 'Xena', openingDeposit: '1000' }, 'alice');
  await run({ type: 'OpenAccount', accountId: 'x2', number: 'X-2', holder: 'Yann', openingDeposit: '50' }, 'bob');
  await run({ type: 'MakeDeposit', accountId: 'x1', amount: '500' }, 'alice');
  await run({ type: 'MakeDeposit', accountId: 'x2', amount: '5' }, 'bob');
  await run({ type: 'MakeWithdrawal', accountId: 'x1', amount: '200' }, 'carol');
  await run({ type: 'MakeDeposit', accountId: 'x1', amount: '1' }, 'alice');
});
afterAll(async () => {
  await host.close();
});

describe('SCENARIOS 24: event store exploration', () => {
  it('reads a stream a page at a time', async () => {
    const first = await host.explore.readStream('account-x1', { limit: 2 });
    expect(first.events.map((e) => e.version)).toEqual([0, 1]);
    expect(first.next).toBe(2);
    const second = await host.explore.read('account-x1', { from: 2, limit: 2 });
    expect(second.events.map((e) => e.version)).toEqual([2, 3]);
    expect(second.next).toBeNull();
  });

  it('reads a category across its streams in global (seq) order, a page at a time', async () => {
    const first = await host.explore.read('account', { limit: 4 });
    expect(first.events.map((e) => `${e.streamId}@${e.version}`)).toEqual(['account-x1@0', 'account-x2@0', 'account-x1@1', 'account-x2@1']);
    const rest = await host.explore.read('account', { from: first.next!, limit: 4 });
    expect(rest.events.map((e) => `${e.streamId}@${e.version}`)).toEqual(['account-x1@2', 'account-x1@3']);
    const seqs = [...first.events, ...rest.events].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('counts events and streams per type and per category, with the latest time', async () => {
    const stats = await host.explore.stats();
    // Each opening also reserved its number, on a stream of its own.
    expect(stats).toMatchObject({ events: 8, streams: 4, unknownEvents: 0 });
    expect(stats.types.find((t) => t.type === 'Fidelis.DepositMade.v4')).toEqual({
      type: 'Fidelis.DepositMade.v4',
      known: true,
      events: 3,
      streams: 2,
      latest: '2026-05-04T08:06:00.000Z',
    });
    expect(stats.categories).toEqual([
      { category: 'account', events: 6, streams: 2, latest: '2026-05-04T08:06:00.000Z' },
      { category: 'accountnumber', events: 2, streams: 2, latest: '2026-05-04T08:02:00.000Z' },
    ]);
  });

  it('searches types by any part, whatever the case', async () => {
    const lower = await host.explore.search({ typePart: 'deposit' });
    const upper = await host.explore.search({ typePart: 'DEPOSITMADE' });
    expect(lower.total).toBe(3);
    expect(upper.events.map((e) => e.id)).toEqual(lower.events.map((e) => e.id));
    expect((await host.explore.search({ typePart: 'deposit', limit: 1 })).events).toHaveLength(1);
    await expect(host.explore.search({ typePart: '  ' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('lists an account’s history: version, type, time and actor', async () => {
    const history = await host.explore.history('x1');
    expect(history.map(({ version, type, recordedAt, actor }) => ({ version, type, recordedAt, actor }))).toEqual([
      { version: 0, type: 'Fidelis.AccountOpened.v2', recordedAt: '2026-05-04T08:01:00.000Z', actor: 'alice' },
      { version: 1, type: 'Fidelis.DepositMade.v4', recordedAt: '2026-05-04T08:03:00.000Z', actor: 'alice' },
      { version: 2, type: 'Fidelis.WithdrawalMade.v2', recordedAt: '2026-05-04T08:05:00.000Z', actor: 'carol' },
      { version: 3, type: 'Fidelis.DepositMade.v4', recordedAt: '2026-05-04T08:06:00.000Z', actor: 'alice' },
    ]);
    await expect(host.explore.history('nobody')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('pages through the store: no read asks for more than one page', async () => {
    const limits: number[] = [];
    const counting: EventStore = { ...host.store, readAll: (after, limit) => (limits.push(limit), host.store.readAll(after, limit)) };
    await createExplorer(counting, createLedgerEventRegistry()).stats();
    expect(limits.length).toBeGreaterThan(0);
    expect(Math.max(...limits)).toBeLessThanOrEqual(1000);
    const seen: number[] = [];
    for await (const event of scanEvents(host.store, 0, 4)) seen.push(event.seq);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('the explorer through the renderer API', () => {
  it('answers in the API contract’s shapes', async () => {
    const api = host.api.handlers.explorer;
    const call = { principal: { username: 'tom', displayName: 'Tom Teller', roles: ['teller'] } satisfies Principal };
    const streams = explorerStreamsResult.parse(await api['explorer.streams']({ category: 'account', offset: 0, limit: 10 }, call));
    expect(streams.items.map((s) => `${s.streamId}@${s.version}`)).toEqual(['account-x1@3', 'account-x2@1']);
    const types = explorerTypesResult.parse(await api['explorer.types']({}, call));
    expect(types.items.find((t) => t.type === 'Fidelis.DepositMade.v4')?.count).toBe(3);
    const found = explorerSearchResult.parse(await api['explorer.search']({ text: 'Withdrawal', offset: 0, limit: 10 }, call));
    expect(found.items.map((e) => e.streamId)).toEqual(['account-x1']);
    const trace = traceResult.parse(await api['explorer.trace']({ correlationId: found.items[0]!.correlationId }, call));
    expect(trace.nodes.map((n) => n.kind)).toEqual(['command', 'event']);
  });
});

describe('an event type this build does not know (from a newer app, or arriving by sync)', () => {
  it('is kept and shown in exploration; the account is flagged and refuses commands (UNREADABLE_EVENT) instead of deciding on a guess', async () => {
    tick();
    await host.store.append({
      streamId: 'account-x2',
      expected: 1,
      events: [{ type: 'Fidelis.LoyaltyPointsAwarded.v1', data: { accountId: 'x2', points: 40 }, occurredAt: now.toISOString() }],
      meta: { commandId: 'future-1', correlationId: 'future-1', causationId: 'future-1', actor: 'newer-app', deviceId: 'd9', branchId: 'BR009' },
      commandHash: 'future',
    });

    const loaded = await loadAggregate(host.store, createLedgerEventRegistry(), accountSlice, 'x2');
    expect(loaded.skippedUnknown).toBe(1);
    expect(loaded.unreadable).toEqual([expect.objectContaining({ type: 'Fidelis.LoyaltyPointsAwarded.v1', version: 2 })]);
    expect(loaded.state.version).toBe(2);
    expect(await host.getAccount('x2')).toMatchObject({ balance: '55.00', unreadable: { events: 1, types: ['Fidelis.LoyaltyPointsAwarded.v1'] } });
    // Nothing is decided on a state that leaves an event out: the command is refused and nothing is appended.
    await expect(host.execute({ type: 'MakeDeposit', accountId: 'x2', amount: '1' })).rejects.toMatchObject({ code: 'UNREADABLE_EVENT', field: 'streamId' });
    expect(await host.store.streamVersion('account-x2')).toBe(2);

    const shown = await host.explore.readStream('account-x2');
    expect(shown.events.map((e) => [e.type, e.known])).toEqual([
      ['Fidelis.AccountOpened.v2', true],
      ['Fidelis.DepositMade.v4', true],
      ['Fidelis.LoyaltyPointsAwarded.v1', false],
    ]);
    expect(shown.events[2]!.data).toEqual({ accountId: 'x2', points: 40 });
    const stats = await host.explore.stats();
    expect(stats.unknownEvents).toBe(1);
    expect(stats.types.find((t) => t.type === 'Fidelis.LoyaltyPointsAwarded.v1')).toMatchObject({ known: false, events: 1, streams: 1 });
    expect((await host.explore.search({ typePart: 'loyalty' })).total).toBe(1);
    expect((await host.explore.history('x2')).map((r) => r.known)).toEqual([true, true, false]);
    expect((await host.accountAt('x2', { atVersion: 1 })).account.balance).toBe('55.00');
  });
});
