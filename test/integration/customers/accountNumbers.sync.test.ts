/**
 * Account numbers are unique in the branch across workstations: two workstations that each opened an account with
 * one number while they could not reach each other agree, through a real gateway (PGlite, or TEST_DATABASE_URL), on
 * the first to reach it; the other's opening becomes a sync exception a supervisor sees, and nothing of it remains.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { streamFacts, workstation, type Workstation } from '../../support/syncWorkstations.js';

let db: TestDatabase;
let gateway: Gateway;
const open: Workstation[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.host.close();
  await gateway?.close();
});
afterAll(async () => {
  await db?.close();
});

async function twoWorkstations() {
  gateway = await startTestGateway(db);
  const a = await workstation('ws-a', gateway, gateway.url);
  const b = await workstation('ws-b', gateway, gateway.url);
  open.push(a, b);
  return { a: a.host, b: b.host };
}

describe('one account number, two workstations', () => {
  it('keeps the opening that reached the gateway first; the other becomes an exception and its account is gone everywhere', async () => {
    const { a, b } = await twoWorkstations();
    // Neither has synced: each believes N-7 is free.
    const first = await a.execute({ type: 'OpenAccount', number: 'N-7', holder: 'Ann First', openingDeposit: '10.00' }, { commandId: 'a-open-n7' });
    const second = await b.execute({ type: 'OpenAccount', number: 'n-7', holder: 'Ben Second', openingDeposit: '20.00' }, { commandId: 'b-open-n7' });

    await a.sync.syncNow();
    const report = await b.sync.syncNow();
    await a.sync.syncNow();
    expect(report.exceptions).toBeGreaterThanOrEqual(1);

    const exceptions = await b.sync.exceptions();
    expect(exceptions).toContainEqual(expect.objectContaining({ commandId: 'b-open-n7', commandType: 'OpenAccount', code: 'ACCOUNT_NUMBER_TAKEN', status: 'open' }));
    // Both workstations hold A's account under N-7, and neither holds B's.
    for (const host of [a, b]) {
      expect(await host.accountResolver.find('N-7')).toBe(first.aggregateId);
      expect(await host.getAccount(second.aggregateId)).toBeUndefined();
    }
    expect(await streamFacts(b, 'accountnumber-BR001:n-7')).toEqual(await streamFacts(a, 'accountnumber-BR001:n-7'));
    expect((await streamFacts(a, 'accountnumber-BR001:n-7')).map((e) => e.data)).toEqual([{ number: 'N-7', accountId: first.aggregateId }]);
    // A supervisor at A sees B's exception too: it is replicated like any event.
    expect((await a.readStream('syncexception-b-open-n7')).map((e) => e.type)).toEqual(['Fidelis.SyncExceptionRaised.v1']);

    // Once synced, B refuses the number at once, as A does.
    await expect(b.execute({ type: 'OpenAccount', number: 'N-7', holder: 'Ben Again' })).rejects.toMatchObject({ code: 'ACCOUNT_NUMBER_TAKEN' });
  });

  it('lets two workstations open accounts with different numbers offline, and both reach the gateway', async () => {
    const { a, b } = await twoWorkstations();
    const fromA = await a.execute({ type: 'OpenAccount', number: 'A-1', holder: 'Ann' });
    const fromB = await b.execute({ type: 'OpenAccount', number: 'B-1', holder: 'Ben' });
    await a.sync.syncNow();
    expect(await b.sync.syncNow()).toMatchObject({ exceptions: 0 });
    await a.sync.syncNow();
    for (const host of [a, b]) {
      expect(await host.accountResolver.find('A-1')).toBe(fromA.aggregateId);
      expect(await host.accountResolver.find('B-1')).toBe(fromB.aggregateId);
    }
  });
});
