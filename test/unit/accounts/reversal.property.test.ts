/** Random movements and reversals on the Account decider: the balance is always the sum of the movements not reversed. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@fidelis/shared/errors.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import { accountDecider, type AccountCommand, type AccountEvent, type AccountState, type ReversalOriginal } from '@fidelis/shared/accounts/index.js';
import { evolveAccountSummary, type AccountSummary } from '@fidelis/shared/ledger/readModels/accountSummary.js';
import { isBalanced, journalEntryOf, netBalances, postToTrialBalance, trialBalanceDifference, type TrialBalanceDay } from '@fidelis/shared/ledger/readModels/journal.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { accountCommands } from '../../support/accountFixtures.js';

const ACCOUNT = 'acc-rev';
const cmd = accountCommands(ACCOUNT);
const context = { now: '2026-01-15T09:30:00.000Z' };

type Step =
  /** `transfer`: a transfer's leg (its channel says so); `mimic`: a teller's movement whose reference looks like one. */
  | { readonly kind: 'deposit'; readonly amount: bigint; readonly transfer: boolean; readonly mimic: boolean }
  | { readonly kind: 'withdraw'; readonly amount: bigint; readonly transfer: boolean; readonly mimic: boolean }
  /** Reverses the event at this position of the history (modulo its length), or an id no event has. */
  | { readonly kind: 'reverse'; readonly pick: number; readonly unknown: boolean };

const amount = fc.bigInt(1n, 500_000n);
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), amount, transfer: fc.boolean(), mimic: fc.boolean() }),
  fc.record({ kind: fc.constant('withdraw' as const), amount, transfer: fc.boolean(), mimic: fc.boolean() }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), unknown: fc.boolean() }) },
);

interface Recorded {
  readonly id: string;
  readonly version: number;
  readonly event: AccountEvent;
}

/** What main does: find the original by id in the account's stream, upcast, and hand it to the decider. */
function originalOf(history: readonly Recorded[], eventId: string): ReversalOriginal | undefined {
  const found = history.find((r) => r.id === eventId);
  if (!found) return undefined;
  const data = found.event.data as Record<string, unknown>;
  const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined);
  const optional = (field: string) => (text(field) === undefined ? {} : { [field]: text(field) });
  return { eventId: found.id, type: found.event.type, version: found.version, accountId: text('accountId') ?? '', ...optional('amount'), ...optional('currency'), ...optional('sourceType'), ...optional('channel'), ...optional('reference') };
}

function commandOf(step: Step, history: readonly Recorded[]): AccountCommand {
  const money = (minor: bigint) => formatAmount(minor, 'USD');
  switch (step.kind) {
    case 'deposit':
      return cmd.deposit(
        money(step.amount),
        step.transfer ? { sourceType: 'bank_transfer', reference: 'transfer:T', channel: 'transfer' } : { sourceType: 'cash', ...(step.mimic ? { reference: 'transfer:T' } : {}) },
      );
    case 'withdraw':
      return cmd.withdraw(money(step.amount), step.transfer ? { reference: 'transfer:T', channel: 'transfer' } : step.mimic ? { reference: 'payflow-T' } : {});
    case 'reverse': {
      const eventId = step.unknown ? 'no-such-event' : history[step.pick % history.length]!.id;
      const original = originalOf(history, eventId);
      return { type: 'ReverseMovement', accountId: ACCOUNT, originalEventId: eventId, reason: 'property', ...(original ? { original } : {}) };
    }
  }
}

/** The opening deposit plus every deposit and less every withdrawal that no reversal names. */
function unreversedSum(history: readonly Recorded[]): bigint {
  const reversed = new Set(history.flatMap((r) => (r.event.type === 'DepositReversed' || r.event.type === 'WithdrawalReversed' ? [r.event.data.originalEventId] : [])));
  let sum = 0n;
  for (const { id, event } of history) {
    if (event.type === 'AccountOpened') sum += BigInt(event.data.openingDeposit);
    if (event.type === 'DepositMade' && !reversed.has(id)) sum += BigInt(event.data.amount);
    if (event.type === 'WithdrawalMade' && !reversed.has(id)) sum -= BigInt(event.data.amount);
  }
  return sum;
}

/** The read models over the same history: AccountSummary's balance is the state's, every day of the journal balances, the customer account mirrors the balance. */
function expectBooksAgree(history: readonly Recorded[], state: AccountState): void {
  const events: LedgerEvent[] = history.map(({ id, version, event }, index) => ({
    id,
    type: event.type,
    storedType: `Fidelis.${event.type}.v1`,
    streamId: `account-${ACCOUNT}`,
    version,
    seq: index + 1,
    // Three business days, so a reversal often lands on another day than its original.
    occurredAt: `2026-01-0${(index % 3) + 1}T10:00:00.000Z`,
    recordedAt: '2026-01-01T10:00:00.000Z',
    meta: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'a', deviceId: 'd', branchId: 'b' },
    data: event.data as Record<string, unknown>,
  }));
  let summary: AccountSummary | undefined;
  const days = new Map<string, TrialBalanceDay>();
  for (const event of events) {
    summary = evolveAccountSummary(summary, event);
    const entry = journalEntryOf(event, () => 'USD', 'UTC');
    if (!entry) continue;
    expect(isBalanced(entry)).toBe(true);
    days.set(entry.businessDay, postToTrialBalance(days.get(entry.businessDay), entry));
  }
  expect(summary?.balance).toBe(state.balance.toString());
  for (const day of days.values()) expect(trialBalanceDifference(day)).toBe(0n);
  expect(netBalances([...days.values()]).get(`customer:${ACCOUNT}`) ?? 0n).toBe(-state.balance);
}

describe('reversals under random movements', () => {
  it("conserve money: balance = sum of unreversed movements; each reversed once; only a teller's deposits and withdrawals (whatever their reference); replay equals live; the journal and summary agree", () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 1_000_000n), fc.bigInt(0n, 100_000n), fc.array(stepArbitrary, { maxLength: 40 }), (opening, overdraft, steps) => {
        let state: AccountState = accountDecider.initialState;
        const history: Recorded[] = [];
        const record = (events: readonly AccountEvent[]) => {
          for (const event of events) {
            state = accountDecider.evolve(state, event);
            history.push({ id: `evt-${state.version}`, version: state.version, event });
          }
        };
        const opened = accountDecider.decide(cmd.open({ openingDeposit: formatAmount(opening, 'USD'), overdraftLimit: formatAmount(overdraft, 'USD') }), state, context);
        if (opened instanceof DomainError) throw opened;
        record(opened);

        for (const step of steps) {
          const command = commandOf(step, history);
          const before = state;
          const decision = accountDecider.decide(command, state, context);
          if (decision instanceof DomainError) {
            expect(state).toBe(before);
            if (command.type === 'ReverseMovement') {
              const original = command.original;
              const plain = original !== undefined && (original.type === 'DepositMade' || original.type === 'WithdrawalMade') && original.channel !== 'transfer';
              // A plain, unreversed movement is refused only when taking a deposit back would break the balance floor.
              if (plain && !(state.reversedEventIds ?? []).includes(original.eventId)) {
                expect(decision.code).toBe('INSUFFICIENT_FUNDS');
                expect(original.type).toBe('DepositMade');
              }
            }
            continue;
          }
          record(decision);
          expect(state.balance).toBe(unreversedSum(history));
          expect(state.balance).toBeGreaterThanOrEqual(-state.overdraftLimit);
          const reversed = state.reversedEventIds ?? [];
          expect(new Set(reversed).size).toBe(reversed.length);
        }

        for (const id of state.reversedEventIds ?? []) {
          const original = history.find((r) => r.id === id)!.event;
          expect(['DepositMade', 'WithdrawalMade']).toContain(original.type);
          expect((original.data as { channel?: string }).channel).not.toBe('transfer');
        }
        expect(history.map((r) => r.event).reduce(accountDecider.evolve, accountDecider.initialState)).toEqual(state);
        expectBooksAgree(history, state);
      }),
      { numRuns: 300 },
    );
  });
});
