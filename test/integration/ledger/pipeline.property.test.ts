/** Random command sequences through a whole in-memory host, some of them racing: the account is what the accepted commands say. */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { AccountCommand } from '@fidelis/shared/accounts/index.js';
import { formatAmount, parseAmount } from '@fidelis/shared/money/money.js';
import { accountCommandArbitrary, accountSessionArbitrary } from '../../support/accountArbitraries.js';
import { newAccountId } from '../../support/accountFixtures.js';

const PLACEHOLDER = 'placeholder';

let host: Host;

beforeAll(async () => {
  // Racing batches of up to 4 on one account need up to 3 re-decides; 6 leaves room.
  host = await createHost({ inMemory: true, settings: { maxConflictRetries: 6 } });
});

afterAll(async () => {
  await host.close();
});

/** The money an accepted event moved, in minor units. */
function movement(event: EventEnvelope): bigint {
  if (event.type.startsWith('Fidelis.AccountOpened.')) return BigInt(event.data.openingDeposit as string);
  if (event.type.startsWith('Fidelis.DepositMade.')) return BigInt(event.data.amount as string);
  if (event.type.startsWith('Fidelis.WithdrawalMade.')) return -BigInt(event.data.amount as string);
  return 0n;
}

describe('the in-memory pipeline under random command sequences', () => {
  it('reports a balance equal to the sum of accepted movements, with versions 0..n-1 and no duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          session: accountSessionArbitrary(PLACEHOLDER, 0),
          batches: fc.array(fc.array(accountCommandArbitrary(PLACEHOLDER), { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
        }),
        async ({ session, batches }) => {
          // A fresh account per run, also when fast-check replays a run while shrinking.
          const accountId = newAccountId();
          // Its own number too: numbers are unique in the branch, and every run opens an account.
          const forAccount = (command: AccountCommand): AccountCommand =>
            command.type === 'OpenAccount' ? { ...command, accountId, number: `P-${accountId.slice(-12)}` } : { ...command, accountId };
          const accepted: EventEnvelope[] = [];
          const opened = await host.execute(forAccount(session[0]!));
          accepted.push(...opened.events);
          for (const batch of batches) {
            const results = await Promise.allSettled(batch.map((command) => host.execute(forAccount(command))));
            for (const result of results) {
              if (result.status === 'fulfilled') accepted.push(...result.value.events);
              else expect(result.reason).toBeInstanceOf(DomainError);
            }
          }

          const view = await host.getAccount(accountId);
          const stream = await host.readStream(`account-${accountId}`);
          const sum = accepted.reduce((total, event) => total + movement(event), 0n);
          expect(view?.balance).toBe(formatAmount(sum, 'USD'));
          expect(view?.version).toBe(accepted.length - 1);
          expect(stream.map((e) => e.version)).toEqual(accepted.map((_, i) => i));
          expect(new Set(stream.map((e) => e.id)).size).toBe(accepted.length);
          expect(sum).toBeGreaterThanOrEqual(-parseAmount(view!.overdraftLimit, 'USD'));
        },
      ),
      { numRuns: 25 },
    );
  });
});
