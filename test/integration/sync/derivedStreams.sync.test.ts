/**
 * Streams a workstation derives for itself (the account fact stream) stay true after a rebase: one fact per account
 * version with that version's balance, on both workstations; `sync verify` catches a derived stream that is wrong.
 */

import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { Host } from '../../../main/host.js';
import { twoWorkstations, useTestGateway, workstation } from '../../support/syncWorkstations.js';

const testGateway = useTestGateway();

const OFFLINE_DEPOSITS = 25;

/** The balance (minor units) after each version of an account stream, folded from its events. */
function balancesByVersion(events: readonly EventEnvelope[]): Map<number, bigint> {
  const balances = new Map<number, bigint>();
  let balance = 0n;
  for (const event of events) {
    const data = event.data as { openingDeposit?: string; amount?: string };
    if (event.type.includes('AccountOpened')) balance = BigInt(data.openingDeposit ?? '0');
    else if (event.type.includes('DepositMade')) balance += BigInt(data.amount!);
    balances.set(event.version, balance);
  }
  return balances;
}

/** Every fact of the account, checked against its stream: one per version, with that version's balance. */
async function expectTrueFacts(host: Host, accountId: string): Promise<number> {
  await host.processing.settle();
  const account = await host.readStream(`account-${accountId}`);
  const facts = await host.readStream(`fact-account-${accountId}`);
  const balances = balancesByVersion(account);
  const stated = facts.map((f) => f.data as { accountVersion: number; balance: string });
  expect(stated.map((f) => f.accountVersion)).toEqual(account.map((e) => e.version));
  for (const fact of stated) expect(BigInt(fact.balance), `balance at version ${fact.accountVersion}`).toBe(balances.get(fact.accountVersion));
  return facts.length;
}

describe('derived streams after a rebase', { timeout: 180_000 }, () => {
  it('hold one fact per account version with its balance on both workstations, and sync verify says so', async () => {
    const gateway = await testGateway.start();
    const pair = await twoWorkstations(gateway);
    testGateway.keep(pair.a, pair.b);
    const [a, b] = [pair.a.host, pair.b.host];
    const { aggregateId: id } = await a.execute({ type: 'OpenAccount', accountId: 'ACC-D1', number: '5001', holder: 'Ada Lovelace', openingDeposit: '100.00' });
    await a.sync.syncNow();
    await b.sync.syncNow();

    // Both offline, depositing on the same account: B's deposits are overtaken by A's and decided again after them.
    for (let i = 0; i < OFFLINE_DEPOSITS; i++) {
      await a.execute({ type: 'MakeDeposit', accountId: id, amount: '1.00' });
      await b.execute({ type: 'MakeDeposit', accountId: id, amount: '2.00' });
    }
    await a.processing.settle();
    await b.processing.settle();
    await a.sync.syncNow();
    expect(await b.sync.syncNow()).toMatchObject({ rebased: OFFLINE_DEPOSITS, exceptions: 0 });
    await a.sync.syncNow();

    expect(await expectTrueFacts(b, id)).toBe(1 + 2 * OFFLINE_DEPOSITS);
    expect(await expectTrueFacts(a, id)).toBe(1 + 2 * OFFLINE_DEPOSITS);
    const verified = await b.sync.verify({ repair: false });
    expect(verified.differing).toEqual([]);
    expect(verified.derived).toMatchObject({ differing: [] });
    expect(verified.derived!.checked).toBeGreaterThanOrEqual(1);
  });

  it('sync verify names a derived stream that disagrees with its source, and repairs it', async () => {
    const gateway = await testGateway.start();
    const [ws] = testGateway.keep(await workstation('ws-v', gateway, gateway.url));
    const { host } = ws;
    const { aggregateId: id } = await host.execute({ type: 'OpenAccount', accountId: 'ACC-D2', number: '5002', holder: 'Grace Hopper', openingDeposit: '100.00' });
    await host.execute({ type: 'MakeDeposit', accountId: id, amount: '5.00' });
    await host.processing.settle();
    // A fact stating a balance the account never had, appended behind the handler's back.
    const [last] = (await host.readStream(`fact-account-${id}`)).slice(-1);
    await host.store.append({
      streamId: `fact-account-${id}`,
      expected: 'any',
      events: [{ type: last!.type, data: { ...(last!.data as object), balance: '999999' }, occurredAt: last!.occurredAt }],
      meta: { ...last!.meta, commandId: 'forged-fact' },
      commandHash: 'forged-fact',
    });

    const checked = await host.sync.verify({ repair: false });
    expect(checked.derived?.differing).toEqual([expect.objectContaining({ streamId: `fact-account-${id}`, sourceStreamId: `account-${id}` })]);
    const repaired = await host.sync.verify();
    expect(repaired.derived?.differing).toEqual([]);
    expect(await expectTrueFacts(host, id)).toBe(2);
  });
});
