/**
 * Random concurrent transfers among a handful of accounts, with tellers withdrawing at the same time: money is
 * conserved (what left the accounts is exactly what tellers withdrew), no account ever goes below zero, every
 * transfer ends COMPLETED or FAILED, and no hold outlives its transfer.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import { parseAmount } from '@fidelis/shared/money/money.js';
import { newAccountId } from '../../support/accountFixtures.js';

let host: Host;

beforeAll(async () => {
  host = await createHost({ inMemory: true });
});

afterAll(async () => {
  await host.close();
});

const ACCOUNTS = 4;

const scenario = fc.record({
  openings: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: ACCOUNTS, maxLength: ACCOUNTS }),
  transfers: fc.array(
    fc.record({ from: fc.nat(ACCOUNTS - 1), to: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 400 }) }).filter((t) => t.from !== t.to),
    { minLength: 1, maxLength: 5 },
  ),
  withdrawals: fc.array(fc.record({ from: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 300 }) }), { maxLength: 3 }),
});

const minor = (view: { balance: string } | undefined): bigint => parseAmount(view!.balance.replace('-', ''), 'USD') * (view!.balance.startsWith('-') ? -1n : 1n);

describe('random concurrent transfers', () => {
  it('conserve money, never overdraw, and all end', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ openings, transfers, withdrawals }) => {
        const ids = openings.map(() => newAccountId());
        await Promise.all(ids.map((accountId, i) => host.execute({ type: 'OpenAccount', accountId, number: accountId.slice(0, 20), holder: 'Prop', openingDeposit: String(openings[i]) })));

        // Everything at once: transfers through the process manager and tellers withdrawing from the same accounts.
        const started = transfers.map((t) => host.transfers.start({ fromAccountId: ids[t.from]!, toAccountId: ids[t.to]!, amount: String(t.amount) }));
        const tellers = withdrawals.map((w) =>
          host.execute({ type: 'MakeWithdrawal', accountId: ids[w.from]!, amount: String(w.amount) }).then(
            () => ({ ...w, accepted: true }),
            () => ({ ...w, accepted: false }),
          ),
        );
        const [transferIds, tellerResults] = await Promise.all([Promise.all(started), Promise.all(tellers)]);
        const ended = await Promise.all(transferIds.map(({ transferId }) => host.transfers.waitUntilFinished(transferId)));

        const expected = openings.map((opening) => BigInt(opening) * 100n);
        for (const w of tellerResults) if (w.accepted) expected[w.from]! -= BigInt(w.amount) * 100n;
        ended.forEach((view, i) => {
          expect(['COMPLETED', 'FAILED']).toContain(view.status);
          if (view.status === 'COMPLETED') {
            expected[transfers[i]!.from]! -= BigInt(transfers[i]!.amount) * 100n;
            expected[transfers[i]!.to]! += BigInt(transfers[i]!.amount) * 100n;
          }
        });

        let total = 0n;
        for (const [i, accountId] of ids.entries()) {
          const view = await host.getAccount(accountId);
          total += minor(view);
          expect(minor(view)).toBe(expected[i]);
          expect(view?.onHold).toBe('0.00');
          // Never below zero, at any point of the account's history.
          let balance = 0n;
          for (const event of await host.readStream(streamIdOf('account', accountId))) {
            const amount = BigInt(String(event.data.amount ?? event.data.openingDeposit ?? '0'));
            if (event.type.includes('.WithdrawalMade.')) balance -= amount;
            else if (event.type.includes('.DepositMade.') || event.type.includes('.AccountOpened.')) balance += amount;
            expect(balance >= 0n).toBe(true);
          }
        }
        const withdrawn = tellerResults.filter((w) => w.accepted).reduce((sum, w) => sum + BigInt(w.amount) * 100n, 0n);
        expect(total).toBe(openings.reduce((sum, o) => sum + BigInt(o) * 100n, 0n) - withdrawn);
      }),
      { numRuns: 8 },
    );
  });
});
