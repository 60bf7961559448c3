/** Handlers on the real (in-memory) store: compliance alerts, notifications, independent subscribers, commands caused by events. */

import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { accountCommands } from '../../support/accountFixtures.js';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const open = async (settings = {}, clock?: () => Date) => (host = await createHost({ inMemory: true, settings: { processingRetryBaseMs: 1, ...settings }, ...(clock ? { clock } : {}) }));

describe('compliance alerts and notifications (SCENARIOS 9)', () => {
  it('alerts on a deposit of 10,000 and a withdrawal of 5,000, sends a welcome and a large-withdrawal notice, and nothing below', async () => {
    const h = await open();
    const a = accountCommands();
    await h.execute(a.open({ openingDeposit: '0', holder: 'Grace Hopper', number: 'AL-1' }));
    await h.execute(a.deposit('9999.99'));
    await h.execute(a.deposit('10000.00'));
    await h.execute(a.withdraw('4999.99'));
    await h.execute(a.withdraw('5000'));
    await h.processing.settle();
    const alerts = await h.alerts.list();
    expect(alerts.map((x) => [x.kind, x.amount])).toEqual([
      ['LARGE_DEPOSIT', '1000000'],
      ['LARGE_WITHDRAWAL', '500000'],
    ]);
    const notices = await h.alerts.notifications({ accountId: a.accountId });
    expect(notices.map((n) => n.kind)).toEqual(['WELCOME', 'LARGE_WITHDRAWAL']);
    expect(notices[0]!.message).toContain('Grace Hopper');
    expect(notices[1]!.message).toContain('5,000.00 USD');
  });

  it('uses the thresholds from the settings', async () => {
    const h = await open({ alertLargeDeposit: '500.00', alertLargeWithdrawal: '100.00' });
    const a = accountCommands();
    await h.execute(a.open({ openingDeposit: '0' }));
    await h.execute(a.deposit('500'));
    await h.execute(a.withdraw('100'));
    await h.processing.settle();
    expect((await h.alerts.list()).map((x) => x.kind)).toEqual(['LARGE_DEPOSIT', 'LARGE_WITHDRAWAL']);
  });

  it('raises a structuring alert for three cash deposits just below the threshold within a day, not for ones spread past every window (a rolling week)', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z');
    const h = await open({}, () => new Date(now));
    const a = accountCommands();
    const b = accountCommands();
    await h.execute(a.open({ openingDeposit: '0', number: 'ST-1' }));
    await h.execute(b.open({ openingDeposit: '0', number: 'ST-2' }));
    for (const hours of [0, 5, 10]) {
      now = Date.parse('2026-03-02T09:00:00Z') + hours * 3_600_000;
      await h.execute(a.deposit('9500'));
    }
    // Issue 18: deposits 26 or 30 hours apart are structuring too (several days, a rolling week); 200 hours apart is not.
    for (const hours of [0, 200, 400]) {
      now = Date.parse('2026-03-10T09:00:00Z') + hours * 3_600_000;
      await h.execute(b.deposit('9500'));
    }
    // Cheques just below the threshold are not cash: no structuring.
    for (let i = 0; i < 3; i++) await h.execute(b.deposit('9500', { sourceType: 'check' }));
    await h.processing.settle();
    const alerts = await h.alerts.list();
    expect(alerts.map((x) => [x.kind, x.accountId, x.amount, x.eventIds.length])).toEqual([['STRUCTURING', a.accountId, '2850000', 3]]);
  });

  it('lets staff acknowledge an alert', async () => {
    const h = await open();
    const a = accountCommands();
    await h.execute(a.open({ openingDeposit: '20000' }));
    await h.execute(a.withdraw('6000'));
    await h.processing.settle();
    const [alert] = await h.alerts.list({ status: 'OPEN' });
    const acknowledged = await h.alerts.acknowledge(alert!.id, 'compliance.officer', 'customer buying a car');
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'compliance.officer', note: 'customer buying a car' });
    expect(await h.alerts.list({ status: 'OPEN' })).toEqual([]);
    // Recorded as an event by the reviewer, on the alert's own stream.
    const events = await h.readStream(`alert-${alert!.id}`);
    expect(events.map((e) => [e.type, e.meta.actor, e.data.note])).toEqual([['Fidelis.AlertAcknowledged.v1', 'compliance.officer', 'customer buying a car']]);
    // A second acknowledgement records nothing and answers the first.
    expect(await h.alerts.acknowledge(alert!.id, 'someone.else')).toEqual(acknowledged);
    expect(await h.readStream(`alert-${alert!.id}`)).toHaveLength(1);
    const head = h.store.headSeq();
    await expect(h.alerts.acknowledge('nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(h.store.headSeq()).toBe(head);
  });
});

describe('independent subscribers', () => {
  it('gives every subscriber every event on its own: one that keeps failing holds no other back', async () => {
    const h = await open({ processingMaxRetries: 2 });
    const seen: string[] = [];
    await h.processing.subscribe({ name: 'always-fails', handle: async () => Promise.reject(new Error('mail server down')) });
    await h.processing.subscribe({ name: 'records', handle: async (event) => void seen.push(event.id) });
    const a = accountCommands();
    await h.execute(a.open());
    await h.execute(a.deposit('12000'));
    await h.processing.settle();
    const events = await h.readStream(`account-${a.accountId}`);
    expect(seen).toEqual(expect.arrayContaining(events.map((e) => e.id)));
    expect((await h.alerts.list()).map((x) => x.kind)).toEqual(['LARGE_DEPOSIT']);
    expect(await h.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: '13000.00' });
    const failing = (await h.processing.status()).find((s) => s.name === 'always-fails')!;
    expect(failing).toMatchObject({ status: 'failing', lag: 0 });
    expect(failing.deadLetters).toBeGreaterThan(0);
  });

  it('passes correlation and causation to the commands a handler issues, and applies each once however often it is delivered', async () => {
    const h = await open();
    let deliveries = 0;
    await h.processing.subscribe({
      name: 'welcome-bonus',
      eventTypes: ['AccountOpened'],
      async handle(event, context) {
        deliveries++;
        await context.execute({ type: 'MakeDeposit', accountId: event.data.accountId, amount: '25', sourceType: 'manual', reference: 'welcome bonus' });
        // A redelivery (at least once) issues the same command again: the ledger applies it once.
        await context.execute({ type: 'MakeDeposit', accountId: event.data.accountId, amount: '25', sourceType: 'manual', reference: 'welcome bonus' }, { commandId: `welcome-bonus:${event.id}` });
      },
    });
    const a = accountCommands();
    const opened = await h.execute(a.open({ openingDeposit: '100' }), { correlationId: 'corr-open-1' });
    await h.processing.settle();
    const events = await h.readStream(`account-${a.accountId}`);
    expect(deliveries).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['Fidelis.AccountOpened.v2', 'Fidelis.DepositMade.v4']);
    expect(events[1]!.meta).toMatchObject({ correlationId: 'corr-open-1', causationId: opened.events[0]!.id, commandId: `welcome-bonus:${opened.events[0]!.id}` });
    expect(await h.readModels.accountSummaries.get(a.accountId)).toMatchObject({ balance: '125.00' });
  });
});
