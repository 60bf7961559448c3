/** Random command sequences on the Account decider never break an invariant, and replaying the events gives the live state. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@fidelis/shared/errors.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import { accountDecider, availableBalance, type AccountCommand, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import { accountCommandArbitrary } from '../../support/accountArbitraries.js';
import { accountCommands } from '../../support/accountFixtures.js';

const ACCOUNT = 'acc-prop';
const cmd = accountCommands(ACCOUNT);
const context = { now: '2026-01-15T09:30:00.000Z' };

/**
 * Steps resolved against the state at run time, so that the edges are hit often: `settle` brings the balance to zero
 * (then closes), `all` withdraws exactly the available balance, `past` one cent more.
 */
type Edge = 'settle' | 'all' | 'past';
type Step = AccountCommand | Edge;

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: accountCommandArbitrary(ACCOUNT) },
  { weight: 3, arbitrary: fc.constantFrom<Edge>('settle', 'all', 'past') },
);

const sessionArbitrary = fc.record({
  opening: fc.bigInt(0n, 200_000n),
  overdraft: fc.oneof(fc.constant(0n), fc.bigInt(0n, 50_000n)),
  /** Funds on hold, set directly in the state (no event places holds in part I). */
  held: fc.oneof(fc.constant(0n), fc.bigInt(1n, 80_000n)),
  startOpen: fc.boolean(),
  steps: fc.array(stepArbitrary, { maxLength: 40 }),
});

function resolve(step: Step, state: AccountState): AccountCommand {
  if (step === 'all') return cmd.withdraw(formatAmount(availableBalance(state), 'USD'));
  if (step === 'past') return cmd.withdraw(formatAmount(availableBalance(state) + 1n, 'USD'));
  if (step !== 'settle') return step;
  if (state.balance > 0n) return cmd.withdraw(formatAmount(state.balance, 'USD'));
  if (state.balance < 0n) return cmd.deposit(formatAmount(-state.balance, 'USD'));
  return cmd.close();
}

const replay = (events: readonly AccountEvent[], holds: AccountState['holds']): AccountState => {
  const folded = events.reduce(accountDecider.evolve, accountDecider.initialState);
  return { ...folded, holds };
};

describe('the Account decider under random command sequences', () => {
  it('keeps every invariant after every command, and replay equals the live state', () => {
    fc.assert(
      fc.property(sessionArbitrary, ({ opening, overdraft, held, startOpen, steps }) => {
        let state = accountDecider.initialState;
        const events: AccountEvent[] = [];
        const holds: AccountState['holds'] = startOpen && held > 0n ? { hold: held } : {};
        const commands: Step[] = startOpen
          ? [cmd.open({ openingDeposit: formatAmount(opening, 'USD'), overdraftLimit: formatAmount(overdraft, 'USD') }), ...steps]
          : steps;

        for (const [index, step] of commands.entries()) {
          const command = resolve(step, state);
          const before = state;
          const decision = accountDecider.decide(command, before, context);

          if (decision instanceof DomainError) {
            // A refusal records nothing and changes nothing.
            expect(decision.code).toMatch(/^[A-Z_]+$/);
            expect(decision.message.length).toBeGreaterThan(0);
          } else {
            expect(decision.length).toBeGreaterThan(0);
            expect(before.status).not.toBe('CLOSED');
            state = decision.reduce(accountDecider.evolve, before);
            events.push(...decision);
          }
          // Holds exist in the state only: put them on once the account is open.
          if (index === 0 && startOpen && state.status === 'ACTIVE') state = { ...state, holds };

          if (before.status === 'CLOSED') expect(state).toBe(before);
          if (state.status !== 'NONE') expect(state.balance).toBeGreaterThanOrEqual(-state.overdraftLimit);
          expect(state.version).toBe(events.length - 1);
          if (before.status === 'ACTIVE' && (step === 'all' || step === 'past')) {
            const available = availableBalance(before);
            const fits = step === 'all' && available > 0n;
            if (fits) expect(decision).not.toBeInstanceOf(DomainError);
            else if (available + (step === 'past' ? 1n : 0n) > 0n) expect(decision).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
          }
          if (decision instanceof DomainError && command.type === 'MakeWithdrawal' && before.status === 'ACTIVE') {
            // Refused withdrawals were either malformed or more than what was available.
            expect(['INVALID_AMOUNT', 'INSUFFICIENT_FUNDS']).toContain(decision.code);
          }
        }
        expect(replay(events, state.holds)).toEqual(state);
      }),
      { numRuns: 400 },
    );
  });

  it('accepts a withdrawal exactly when it fits the available balance', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 100_000n), fc.bigInt(0n, 50_000n), fc.bigInt(0n, 30_000n), fc.oneof(fc.bigInt(1n, 200_000n), fc.bigInt(-2n, 2n)), (opening, overdraft, held, pick) => {
        // Half the amounts sit within two cents of what is available: the edge is where the bugs are.
        const nearEdge = opening + overdraft - held + pick;
        const amount = pick >= -2n && pick <= 2n && nearEdge > 0n ? nearEdge : pick > 0n ? pick : 1n;
        const open = accountDecider.decide(cmd.open({ openingDeposit: formatAmount(opening, 'USD'), overdraftLimit: formatAmount(overdraft, 'USD') }), accountDecider.initialState, context);
        if (open instanceof DomainError) throw open;
        const holds: AccountState['holds'] = held > 0n ? { h: held } : {};
        const state = { ...open.reduce(accountDecider.evolve, accountDecider.initialState), holds };
        const decision = accountDecider.decide(cmd.withdraw(formatAmount(amount, 'USD')), state, context);
        const fits = amount <= opening + overdraft - held;
        if (fits) expect(decision).not.toBeInstanceOf(DomainError);
        else expect(decision).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
      }),
      { numRuns: 300 },
    );
  });
});
