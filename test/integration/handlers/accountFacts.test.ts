/**
 * The account-facts handler appends a batch's facts together, in one group of the store's queue (one durable write),
 * and a batch delivered again appends only the facts still missing, each at the version after the last: one fact per
 * save (after the last event of an opening with its deposit), in order, never two.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { accountFactStreamOf } from '@fidelis/shared/ledger/readModels/accountFacts.js';
import { accountFactsHandler } from '../../../main/handlers/ledgerHandlers.js';
import type { HandlerContext } from '../../../main/handlers/handler.js';
import { createHost, type Host } from '../../../main/host.js';
import { createEventDecoder } from '../../../main/processing/eventDecoder.js';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/**
 * Delivers the account events after `afterSeq` to a fresh handler (a restart) as one batch, and flushes it; `shown`:
 * the batch's envelopes are shown to the handler first, as a subscription does (else it reads where each save ends).
 */
async function deliverBatch(opened: Host, afterSeq: number, shown: boolean): Promise<void> {
  const registry = createLedgerEventRegistry();
  const decoder = createEventDecoder(opened.store, registry);
  const handler = accountFactsHandler({ store: opened.store, registry, deviceId: 'ws-1', branchId: 'BR001' });
  const envelopes = (await opened.store.readAll(afterSeq, 1000)).filter((envelope) => envelope.streamId.startsWith('account-'));
  if (shown) handler.prepare!(envelopes);
  for (const envelope of envelopes) {
    const event = await decoder.decode(envelope);
    // The facts handler reads nothing from its context.
    if (event) await handler.handle(event, {} as HandlerContext);
  }
  await handler.flush!();
}

describe('account facts', () => {
  it('appends a batch of facts in one group, and a batch delivered again adds only the missing ones, in order', async () => {
    host = await createHost({ inMemory: true, settings: { factEvents: false } });
    await host.execute({ type: 'OpenAccount', accountId: 'acc-1', number: '1001', holder: 'Ada', openingDeposit: '10' });
    await host.execute({ type: 'OpenAccount', accountId: 'acc-2', number: '1002', holder: 'Bo' });
    for (const accountId of ['acc-1', 'acc-2', 'acc-1']) await host.execute({ type: 'MakeDeposit', accountId, amount: '5' });
    await host.store.drain();

    const groups: (readonly EventEnvelope[])[] = [];
    const watching = host.store.appended$.subscribe((events) => groups.push(events.filter((e) => e.streamId.startsWith('fact-'))));
    await deliverBatch(host, 0, true);
    // A redelivery after a crash: the same batch again, with a deposit that came since.
    await host.execute({ type: 'MakeDeposit', accountId: 'acc-1', amount: '7' });
    await deliverBatch(host, 0, false);
    watching.unsubscribe();

    const factGroups = groups.filter((g) => g.length > 0);
    // Three saves of acc-1 and two of acc-2 in the first batch, the new deposit's alone in the second.
    expect(factGroups.map((g) => g.length)).toEqual([5, 1]);
    const facts = await host.store.readStream(accountFactStreamOf('acc-1'));
    const account = await host.store.readStream('account-acc-1');
    // One fact per save of the account, each at its own version and stating the balance after that save.
    expect(facts.map((f) => f.version)).toEqual([0, 1, 2, 3]);
    const lastVersionOfEachSave = [...new Map(account.map((e) => [e.meta.commandId, e.version])).values()];
    expect(facts.map((f) => (f.data as { accountVersion: number }).accountVersion)).toEqual(lastVersionOfEachSave);
    expect(facts.map((f) => (f.data as { balance: string }).balance)).toEqual(['1000', '1500', '2000', '2700']);
    expect(await host.store.readStream(accountFactStreamOf('acc-2'))).toHaveLength(2);
  });
});
