/** Dead letters (SCENARIOS 20) and subscription status and metrics (SCENARIOS 21) on the real (in-memory) store. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { accountCommands } from '../../support/accountFixtures.js';

let host: Host;
beforeEach(async () => {
  host = await createHost({ inMemory: true, settings: { processingRetryBaseMs: 1, processingMaxRetries: 3 } });
});
afterEach(async () => {
  await host.close();
});

/** A handler that fails on one account's deposits until it is "fixed", recording what it handled. */
async function poisonedHandler(poisonedAccount: string) {
  const state = { fixed: false, attempts: 0, handled: [] as string[] };
  await host.processing.subscribe({
    name: 'ledger-export',
    categories: ['account'],
    async handle(event) {
      if (!state.fixed && event.type === 'DepositMade' && event.data.accountId === poisonedAccount) {
        state.attempts++;
        throw new Error(`export refused deposit ${event.id}`);
      }
      state.handled.push(event.id);
    },
  });
  return state;
}

describe('dead-letter queues (SCENARIOS 20)', () => {
  it('retries N times, parks the event with payload, reason, stack, retry count and time, holds its stream behind it and lets the rest flow', async () => {
    const poisoned = accountCommands();
    const healthy = accountCommands();
    const state = await poisonedHandler(poisoned.accountId);
    await host.execute(poisoned.open());
    await host.execute(healthy.open());
    await host.execute(poisoned.deposit('10'));
    await host.execute(poisoned.withdraw('5'));
    await host.execute(healthy.deposit('20'));
    await host.processing.settle();

    expect(state.attempts).toBe(4);
    const events = await host.readStream(`account-${poisoned.accountId}`);
    const queue = await host.processing.deadLetters.list('ledger-export');
    expect(queue.map((d) => [d.status, d.eventId])).toEqual([
      ['parked', events[1]!.id],
      ['held', events[2]!.id],
    ]);
    const parked = await host.processing.deadLetters.inspect(queue[0]!.id);
    expect(parked).toMatchObject({ subscription: 'ledger-export', retryCount: 3, reason: `export refused deposit ${events[1]!.id}`, event: { id: events[1]!.id, data: { amount: '1000' } } });
    expect(parked.stack).toContain('export refused deposit');
    expect(Date.parse(parked.failedAt)).not.toBeNaN();
    // The healthy account flowed on; the poisoned one's withdrawal was not handled out of order.
    const healthyEvents = await host.readStream(`account-${healthy.accountId}`);
    expect(state.handled).toEqual(expect.arrayContaining(healthyEvents.map((e) => e.id)));
    expect(state.handled).not.toContain(events[2]!.id);
  });

  it('replays in order after the fix and empties the queue; a replay out of order is refused', async () => {
    const poisoned = accountCommands();
    const state = await poisonedHandler(poisoned.accountId);
    await host.execute(poisoned.open());
    await host.execute(poisoned.deposit('10'));
    await host.execute(poisoned.deposit('11'));
    await host.processing.settle();
    const [first, second] = await host.processing.deadLetters.list('ledger-export');
    await expect(host.processing.deadLetters.replay(second!.id)).rejects.toMatchObject({ code: 'VALIDATION' });

    const stillBroken = await host.processing.deadLetters.replay(first!.id);
    expect(stillBroken).toMatchObject({ replayed: [], failed: { id: first!.id }, remaining: 2 });
    expect((await host.processing.deadLetters.inspect(first!.id)).retryCount).toBe(4);

    state.fixed = true;
    const report = await host.processing.deadLetters.replay(first!.id);
    expect(report).toEqual({ replayed: [first!.id, second!.id], remaining: 0 });
    const events = await host.readStream(`account-${poisoned.accountId}`);
    expect(state.handled).toEqual(events.map((e) => e.id));
    // The stream flows again.
    await host.execute(poisoned.deposit('12'));
    await host.processing.settle();
    expect(state.handled).toHaveLength(4);
    expect(await host.processing.deadLetters.list()).toEqual([]);
  });

  it('replays a whole queue, and purges one', async () => {
    const a = accountCommands();
    const b = accountCommands();
    const state = await poisonedHandler(a.accountId);
    await host.execute(a.open());
    await host.execute(a.deposit('1'));
    await host.processing.settle();
    state.fixed = true;
    expect(await host.processing.deadLetters.replayAll('ledger-export')).toMatchObject({ remaining: 0 });
    expect(state.handled).toHaveLength(2);

    state.fixed = false;
    await host.execute(b.open());
    await host.execute(a.deposit('2'));
    await host.processing.settle();
    expect(await host.processing.deadLetters.purge('ledger-export')).toBe(1);
    expect(await host.processing.deadLetters.list('ledger-export')).toEqual([]);
    await expect(host.processing.deadLetters.purge('no-such-subscription')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('replays a poisoned projection event into the read model once', async () => {
    const a = accountCommands();
    let broken = true;
    await host.processing.addProjection({
      name: 'DepositCount',
      version: 1,
      mode: 'async',
      eventTypes: ['DepositMade'],
      async apply(event, view) {
        if (broken && event.data.amount === '700') throw new Error('cannot count sevens');
        await view.update<{ count: number }>('all', (current) => ({ count: (current?.count ?? 0) + 1 }));
      },
    });
    const b = accountCommands();
    await host.execute(a.open());
    await host.execute(b.open());
    await host.execute(a.deposit('7'));
    await host.execute(b.deposit('8'));
    await host.processing.settle();
    const [parked] = await host.processing.deadLetters.list('projection:DepositCount');
    expect(await host.readModels.document('DepositCount', 'all')).toEqual({ count: 1 });
    broken = false;
    await host.processing.deadLetters.replay(parked!.id);
    expect(await host.readModels.document('DepositCount', 'all')).toEqual({ count: 2 });
    // A second replay of the same event (say, restored from a backup queue) changes nothing.
    await host.processing.deadLetters.replay(parked!.id).catch(() => undefined);
    expect(await host.readModels.document('DepositCount', 'all')).toEqual({ count: 2 });
    const [rebuilt] = await host.processing.rebuild('DepositCount');
    expect(rebuilt).toMatchObject({ dispatched: 2 });
    expect(await host.readModels.document('DepositCount', 'all')).toEqual({ count: 2 });
  });
});

describe('subscription status and metrics (SCENARIOS 21)', () => {
  it('reports per subscriber its stream, position, lag, pending, dead letters, status and last error, also as metrics', async () => {
    const a = accountCommands();
    await poisonedHandler(a.accountId);
    await host.execute(a.open());
    await host.execute(a.deposit('1'));
    await host.processing.settle();
    const statuses = await host.processing.status();
    const byName = new Map(statuses.map((s) => [s.name, s]));
    expect(byName.get('projection:AccountSummary')).toMatchObject({ status: 'ok', lag: 0, pending: 0, deadLetters: 0, mode: 'inline', lastError: null });
    expect(byName.get('compliance-alerts')).toMatchObject({ status: 'ok', stream: expect.stringContaining('account') });
    expect(byName.get('ledger-export')).toMatchObject({ status: 'failing', deadLetters: 1, lastError: { message: expect.stringContaining('export refused') } });
    expect(JSON.parse(JSON.stringify(statuses))).toEqual(statuses);

    const metrics = await host.metrics.text();
    expect(metrics).toContain('fidelis_subscription_lag{subscription="projection:AccountSummary"} 0');
    expect(metrics).toContain('fidelis_subscription_dead_letters{subscription="ledger-export"} 1');
    expect(metrics).toContain('fidelis_subscription_status{subscription="ledger-export"} 2');
    expect(metrics).toContain('fidelis_commands_total{type="MakeDeposit",outcome="accepted"} 1');
    expect(metrics).toMatch(/fidelis_events_appended_total\{type="Fidelis.DepositMade.v4"\} 1/);
    expect(metrics).toMatch(/fidelis_append_latency_seconds_count \d+/);
  });

  it('reports a subscriber that is far behind as lagging', async () => {
    // One RxDB database per name and process: this test needs its own settings, so it replaces the shared host.
    await host.close();
    const lagging = (host = await createHost({ inMemory: true, settings: { processingLagWarning: 2 } }));
    {
      const a = accountCommands();
      await lagging.execute(a.open());
      for (let i = 0; i < 4; i++) await lagging.execute(a.deposit('1'));
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered: () => void = () => undefined;
      const busy = new Promise<void>((resolve) => (entered = resolve));
      await lagging.processing.subscribe({
        name: 'late-joiner',
        async handle() {
          entered();
          await gate;
        },
      });
      await busy;
      const status = (await lagging.processing.status()).find((s) => s.name === 'late-joiner')!;
      expect(status).toMatchObject({ position: 0, status: 'lagging' });
      expect(status.lag).toBeGreaterThan(2);
      release();
      await lagging.processing.settle();
      expect((await lagging.processing.status()).find((s) => s.name === 'late-joiner')).toMatchObject({ lag: 0, status: 'ok' });
    }
  });
});
