/** Random command sequences through a real host: the journal's trial balance stays at zero and matches the summaries. */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { netBalances } from '@fidelis/shared/ledger/readModels/journal.js';
import { accountCommands } from '../../support/accountFixtures.js';

let host: Host;
beforeAll(async () => {
  host = await createHost({ inMemory: true, settings: { factEvents: false } });
});
afterAll(async () => {
  await host.close();
});

const step = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), who: fc.nat(2), amount: fc.integer({ min: 1, max: 20_000 }), source: fc.constantFrom('cash', 'check', 'wire', 'manual', 'payroll') }),
  fc.record({ kind: fc.constant('withdraw' as const), who: fc.nat(2), amount: fc.integer({ min: 1, max: 20_000 }) }),
);

describe('journal over random command sequences (property)', () => {
  it('sums every trial balance to zero, refused commands included, and books each customer at minus their balance', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const accounts = [accountCommands(), accountCommands(), accountCommands()];
        await Promise.all(accounts.map((a, i) => host.execute(a.open({ openingDeposit: String(i * 500), currency: i === 2 ? 'EUR' : 'USD' }))));
        for (const s of steps) {
          const a = accounts[s.who]!;
          const amount = (s.amount / 100).toFixed(2);
          // Withdrawals past the balance are refused and must leave no trace in the journal.
          await host.execute(s.kind === 'deposit' ? a.deposit(amount, { sourceType: s.source as 'cash' }) : a.withdraw(amount)).catch(() => undefined);
        }
        await host.processing.settle();
        const days = await host.readModels.journal.trialBalance();
        for (const day of days) expect(day.difference).toMatch(/^0(\.0+)?$/);
        for (const currency of ['USD', 'EUR']) {
          const net = netBalances(days.filter((d) => d.currency === currency));
          for (const a of accounts) {
            const summary = (await host.readModels.accountSummaries.get(a.accountId))!;
            if (summary.currency === currency) expect(net.get(`customer:${a.accountId}`) ?? 0n).toBe(-BigInt(summary.balanceMinor));
          }
        }
      }),
      { numRuns: 6 },
    );
  });
});
