/** The subscription engine on the real (in-memory) store: order and completeness under concurrent appends, priority lanes, bulk import beside live work. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { importAccounts } from '../../../main/accounts/importAccounts.js';
import { createPriorityLanes, type Hurry } from '../../../main/processing/priorityLanes.js';
import { accountCommands } from '../../support/accountFixtures.js';

let host: Host;
beforeEach(async () => {
  host = await createHost({ inMemory: true, settings: { processingRetryBaseMs: 1, processingBatchSize: 7 } });
});
afterEach(async () => {
  await host.close();
});

describe('subscriptions under concurrent appends (SCENARIOS 10)', () => {
  it('hands a slow subscriber every event exactly in seq order, and its checkpoint never passes one it has not handled', async () => {
    const handled: number[] = [];
    const positionsSeen: number[] = [];
    await host.processing.subscribe({
      name: 'slow-auditor',
      async handle(event) {
        await new Promise((resolve) => setImmediate(resolve));
        const status = (await host.processing.status()).find((s) => s.name === 'slow-auditor')!;
        // While this event is being handled, the checkpoint is still before it.
        positionsSeen.push(status.position < event.seq ? 1 : 0);
        handled.push(event.seq);
      },
    });
    const accounts = Array.from({ length: 6 }, () => accountCommands());
    await Promise.all(accounts.map((a, i) => host.execute(a.open({ number: `CC-${i}` }))));
    // Writers on six streams at once, while the subscriber is busy catching up.
    await Promise.all(accounts.map(async (a) => {
      for (let i = 0; i < 8; i++) await host.execute(a.deposit('1'));
    }));
    await host.processing.settle();
    const all: number[] = [];
    for (let after = 0; ; ) {
      const page = await host.store.readAll(after, 500);
      if (page.length === 0) break;
      all.push(...page.map((e) => e.seq));
      after = page.at(-1)!.seq;
    }
    expect(handled).toEqual(all);
    expect(positionsSeen.every((ok) => ok === 1)).toBe(true);
    for (const a of accounts) expect(await host.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: '1008.00', transactionCount: 9 });
  });
});

describe('inline read models (read your writes)', () => {
  it('shows each command to the next read, though a command returns once its events are durable and inline projections fold them in batches', async () => {
    const a = accountCommands();
    await host.execute(a.open({ number: 'RW-1' }));
    for (let i = 1; i <= 12; i++) {
      await host.execute(a.deposit('1'));
      expect(await host.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: `${1000 + i}.00`, transactionCount: i + 1 });
    }
    const other = accountCommands();
    await host.execute(other.open({ number: 'RW-2' }));
    expect(await host.accountResolver.resolve('RW-2')).toBe(other.accountId);
  });
});

describe('priority lanes', () => {
  const turns = async (n: number) => {
    for (let turn = 0; turn < n; turn++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('holds a subscriber batch while teller commands flow, until a pause, the longest wait, or a reader asks', async () => {
    const lanes = createPriorityLanes();
    // No command yet: nothing to wait for.
    await lanes.whenQuiet(60_000, 60_000);

    (await lanes.admit())();
    const reader: Hurry = {};
    let released = false;
    const held = lanes.whenQuiet(60_000, 60_000, reader).then(() => (released = true));
    await turns(5);
    expect(released).toBe(false);
    reader.wake!();
    await held;

    // Commands keep coming (one just ended): the batch still goes after the longest wait.
    (await lanes.admit())();
    await lanes.whenQuiet(60_000, 5);
  });

  it('runs work on the innermost lane chosen', async () => {
    const lanes = createPriorityLanes();
    expect(lanes.current()).toBe('live');
    const seen = await lanes.run('bulk', async () => [lanes.current(), await lanes.run('live', async () => lanes.current()), lanes.current()]);
    expect(seen).toEqual(['bulk', 'live', 'bulk']);
  });

  it('admits bulk work only once no live work is in flight', async () => {
    const lanes = createPriorityLanes();
    const order: string[] = [];
    const releaseLive = await lanes.admit();
    const bulk = lanes.run('bulk', async () => {
      const release = await lanes.admit();
      order.push('bulk admitted');
      release();
    });
    // Turns of the event loop, not a sleep: an admission that ignored the live work would have happened by now.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    order.push('live done');
    releaseLive();
    await bulk;
    expect(order).toEqual(['live done', 'bulk admitted']);
  });
});

describe('bulk migration beside live work (SCENARIOS 22)', () => {
  it('never holds back a teller: under a running import, 5000 + 1000 + 100 + 200 + 150 gives 6450 before the import ends', async () => {
    await host.close();
    host = await createHost({ inMemory: true });
    const rows = Array.from({ length: 40 }, (_, i) => `LEG-${i},Legacy Holder ${i},USD,${i}.50,2019-05-0${(i % 9) + 1}`);
    let importedRows = 0;
    let importRunning!: () => void;
    const running = new Promise<void>((resolve) => (importRunning = resolve));
    const importing = importAccounts(host, ['number,holder,currency,opening balance,opened on', ...rows].join('\n'), {
      onProgress: (done) => {
        importedRows = done;
        importRunning();
      },
    });
    // The teller starts once the import has made progress, so the two really run side by side.
    await running;
    const teller = accountCommands();
    await host.execute(teller.open({ openingDeposit: '5000', number: 'TELLER-1' }));
    for (const amount of ['1000', '100', '200', '150']) await host.execute(teller.deposit(amount));
    const rowsWhenTellerDone = importedRows;
    expect((await host.readModels.accountSummaries.get(teller.accountId))?.balance).toBe('6450.00');
    const report = await importing;
    expect(rowsWhenTellerDone).toBeLessThan(40);
    expect(report).toMatchObject({ rows: 40, imported: 40, skipped: 0, rejected: [] });
    expect(await host.readModels.accountSummaries.count()).toBe(41);
  });
});
