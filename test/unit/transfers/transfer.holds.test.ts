/** Holds on an account: reserved funds count against the available balance until released or consumed by a withdrawal. */

import { describe, expect, it } from 'vitest';
import { accountDecider, availableBalance, type AccountCommand } from '@fidelis/shared/accounts/index.js';
import { accountCommands, accountEvents } from '../../support/accountFixtures.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const account = deciderScenario(accountDecider);
const id = 'acc-1';
const cmd = accountCommands(id);
const ev = accountEvents(id);

const hold = (amount: string, holdId = 'transfer:t1', currency?: 'USD' | 'EUR'): AccountCommand => ({
  type: 'PlaceHold',
  accountId: id,
  holdId,
  amount,
  ...(currency === undefined ? {} : { currency }),
});
const release = (holdId = 'transfer:t1'): AccountCommand => ({ type: 'ReleaseHold', accountId: id, holdId });
const withdrawHeld = (amount: string, holdId = 'transfer:t1'): AccountCommand => ({ type: 'MakeWithdrawal', accountId: id, amount, holdId, reference: holdId, channel: 'transfer' });

describe('holds', () => {
  it('keeps held funds in the balance but out of what a withdrawal may take', () => {
    const { then } = account.given(ev.opened('10000')).when(hold('3000'));
    then.expectAccepted();
    expect(then.state.balance).toBe(1_000_000n);
    expect(availableBalance(then.state)).toBe(700_000n);
    account.given(ev.opened('10000')).when(hold('3000'), cmd.withdraw('7000.01')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    account.given(ev.opened('10000')).when(hold('3000'), cmd.withdraw('7000')).then.expectAccepted();
  });

  it('refuses a hold past the available balance, in another currency, or twice under one id', () => {
    account.given(ev.opened('100')).when(hold('100.01')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    account.given(ev.opened('100')).when(hold('50', 't', 'EUR')).then.expectRejected({ code: 'CURRENCY_MISMATCH', field: 'currency' });
    account.given(ev.opened('100')).when(hold('10'), hold('10')).then.expectRejected({ code: 'HOLD_EXISTS', field: 'holdId' });
    account.given(ev.opened('100')).when(hold('60', 'a'), hold('60', 'b')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('gives the funds back when a hold is released', () => {
    const { then } = account.given(ev.opened('100')).when(hold('60'), release());
    then.expectAccepted();
    expect(then.events.first?.data).toEqual({ accountId: id, holdId: 'transfer:t1', amount: '6000' });
    expect(availableBalance(then.state)).toBe(10_000n);
    account.given(ev.opened('100')).when(release('nope')).then.expectRejected({ code: 'HOLD_NOT_FOUND', field: 'holdId' });
  });

  it('lets a withdrawal consume its hold in one step: the hold ends and the balance drops once', () => {
    const { then } = account.given(ev.opened('100')).when(hold('100'), withdrawHeld('100'));
    then.expectAccepted();
    expect(then.events.types).toEqual(['HoldReleased', 'WithdrawalMade']);
    expect(then.state.balance).toBe(0n);
    expect(then.state.holds).toEqual({});
    account.given(ev.opened('100')).when(withdrawHeld('10')).then.expectRejected({ code: 'HOLD_NOT_FOUND', field: 'holdId' });
  });

  it('refuses to close an account while funds are on hold', () => {
    account
      .given(ev.opened('0', { overdraftLimit: '5000' }))
      .when(hold('10'), cmd.close())
      .then.expectRejected({ code: 'FUNDS_ON_HOLD', field: 'status' });
  });
});
