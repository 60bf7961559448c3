/**
 * A sync pass returns once the read models a screen reads at once hold what it did: the accounts it pulled are
 * listed and found by number, and an opening the gateway refused is gone from the list, not only from the ledger.
 */

import { describe, expect, it } from 'vitest';
import { twoWorkstations, useTestGateway } from '../../support/syncWorkstations.js';

const testGateway = useTestGateway();

async function pair() {
  const gateway = await testGateway.start();
  const { a, b } = await twoWorkstations(gateway);
  testGateway.keep(a, b);
  return { a: a.host, b: b.host };
}

describe('read models after a sync pass', () => {
  it('lists and finds every account the pass pulled as soon as it returns', async () => {
    const { a, b } = await pair();
    const opened: string[] = [];
    for (let i = 1; i <= 40; i++) opened.push((await a.execute({ type: 'OpenAccount', number: `P-${i}`, holder: `Holder ${i}`, openingDeposit: '1.00' })).aggregateId);
    await a.sync.syncNow();

    expect(await b.sync.syncNow()).toMatchObject({ pulled: expect.any(Number) });
    expect(await b.readModels.accountSummaries.count()).toBe(40);
    expect(await b.accountResolver.find('P-40')).toBe(opened[39]);
    expect((await b.readModels.accountSummaries.search({ text: 'p-', offset: 0, limit: 100 })).total).toBe(40);
  });

  it('no longer lists an opening the gateway refused once the pass that refused it returns', async () => {
    const { a, b } = await pair();
    // A branch with some history: rebuilding its read models is not instant.
    for (let i = 1; i <= 20; i++) await a.execute({ type: 'OpenAccount', number: `H-${i}`, holder: `Holder ${i}`, openingDeposit: '5.00' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    const kept = await a.execute({ type: 'OpenAccount', number: 'N-9', holder: 'Ann Kept', openingDeposit: '10.00' });
    const refused = await b.execute({ type: 'OpenAccount', number: 'N-9', holder: 'Ben Refused', openingDeposit: '20.00' }, { commandId: 'b-open-n9' });
    expect(await b.readModels.accountSummaries.exists(refused.aggregateId)).toBe(true);
    await a.sync.syncNow();

    expect(await b.sync.syncNow()).toMatchObject({ exceptions: 2 });
    expect((await b.sync.exceptions()).map((e) => e.code)).toEqual(['ACCOUNT_NUMBER_TAKEN', 'ACCOUNT_NUMBER_TAKEN']);
    expect(await b.readModels.accountSummaries.exists(refused.aggregateId)).toBe(false);
    expect(await b.readModels.accountSummaries.count()).toBe(21);
    const listed = await b.readModels.accountSummaries.search({ text: 'n-9', offset: 0, limit: 10 });
    expect(listed.items.map((s) => s.accountId)).toEqual([kept.aggregateId]);
    expect(await b.accountResolver.find('N-9')).toBe(kept.aggregateId);
  });
});
