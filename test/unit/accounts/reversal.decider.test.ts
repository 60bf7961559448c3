/** Reversals (issue 11) given / when / then on the pure Account decider: what may be reversed, once, and what it records. */

import { describe, expect, it } from 'vitest';
import { accountDecider, type ReversalOriginal, type ReverseMovement } from '@fidelis/shared/accounts/index.js';
import { tellerCommandRequestSchema } from '@fidelis/shared/ledger/commands.js';
import { payflowReference } from '@fidelis/shared/payments/state.js';
import { accountEvents } from '../../support/accountFixtures.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const account = deciderScenario(accountDecider);
const id = 'acc-1';
const ev = accountEvents(id);

/** The original as main reads it from the stream (amounts in minor units). */
const original = (fields: Partial<ReversalOriginal> & Pick<ReversalOriginal, 'type'>): ReversalOriginal => ({
  eventId: 'evt-1',
  version: 1,
  accountId: id,
  amount: '20000',
  currency: 'USD',
  ...fields,
});
const depositOriginal = (fields: Partial<ReversalOriginal> = {}) => original({ type: 'DepositMade', sourceType: 'cash', channel: 'counter', ...fields });
const withdrawalOriginal = (fields: Partial<ReversalOriginal> = {}) => original({ type: 'WithdrawalMade', currency: undefined, channel: 'cash', ...fields });

const reverse = (found: ReversalOriginal | undefined, fields: Partial<ReverseMovement> = {}): ReverseMovement => ({
  type: 'ReverseMovement',
  accountId: id,
  originalEventId: 'evt-1',
  reason: 'Keyed twice by mistake',
  ...(found ? { original: found } : {}),
  ...fields,
});

describe('reversing a deposit', () => {
  it('records DepositReversed naming the original, its amount and source, and the reason; the balance goes back', () => {
    const { then } = account.given(ev.opened('1000'), ev.deposited('200')).when(reverse(depositOriginal({ reference: 'SLIP-9' })));
    then.expectAccepted();
    expect(then.events.types).toEqual(['DepositReversed']);
    expect(then.events.first?.data).toEqual({
      accountId: id,
      originalEventId: 'evt-1',
      originalVersion: 1,
      amount: '20000',
      currency: 'USD',
      sourceType: 'cash',
      reason: 'Keyed twice by mistake',
      originalReference: 'SLIP-9',
    });
    expect(then.state.balance).toBe(100000n);
    expect(then.state.reversedEventIds).toEqual(['evt-1']);
    expect(then.state.version).toBe(2);
  });

  it('refuses with INSUFFICIENT_FUNDS on balance when the money has already left the account', () => {
    const { then } = account.given(ev.opened('0'), ev.deposited('200'), ev.withdrew('150')).when(reverse(depositOriginal()));
    then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance', message: '200.00 USD to take back, 50.00 USD available' });
    expect(then.events.count).toBe(0);
  });

  it('may use the overdraft limit, as a withdrawal may', () => {
    const { then } = account.given(ev.opened('0', { overdraftLimit: '50000' }), ev.deposited('200'), ev.withdrew('150')).when(reverse(depositOriginal()));
    then.expectAccepted();
    expect(then.state.balance).toBe(-15000n);
  });

  it('keeps an unknown source (a deposit recorded before sources existed) as unknown', () => {
    const { then } = account.given(ev.opened('1000'), ev.deposited('200', 'unknown')).when(reverse(depositOriginal({ sourceType: 'unknown' })));
    expect(then.events.first?.data).toMatchObject({ sourceType: 'unknown' });
  });
});

describe('reversing a withdrawal', () => {
  it('records WithdrawalReversed in the account currency and gives the money back', () => {
    const { then } = account.given(ev.opened('1000'), ev.withdrew('200')).when(reverse(withdrawalOriginal(), { reason: 'Customer never took the cash' }));
    then.expectAccepted();
    expect(then.events.types).toEqual(['WithdrawalReversed']);
    expect(then.events.first?.data).toEqual({ accountId: id, originalEventId: 'evt-1', originalVersion: 1, amount: '20000', currency: 'USD', reason: 'Customer never took the cash' });
    expect(then.state.balance).toBe(100000n);
  });
});

describe('what cannot be reversed', () => {
  it('reverses a movement once: a second reversal is refused with ALREADY_REVERSED on originalEventId', () => {
    const { then } = account.given(ev.opened('1000'), ev.deposited('200')).when(reverse(depositOriginal()), reverse(depositOriginal(), { reason: 'again' }));
    then.expectRejected({ code: 'ALREADY_REVERSED', field: 'originalEventId', message: 'evt-1' });
    expect(then.rejectedAt).toBe(1);
    expect(then.state.balance).toBe(100000n);
  });

  it('refuses an event main did not find in the account stream with ORIGINAL_NOT_FOUND', () => {
    account.given(ev.opened('1000')).when(reverse(undefined)).then.expectRejected({ code: 'ORIGINAL_NOT_FOUND', field: 'originalEventId', message: 'evt-1' });
  });

  it("refuses another account's movement, or one other than the command names, with ORIGINAL_NOT_FOUND", () => {
    account.given(ev.opened('1000')).when(reverse(depositOriginal({ accountId: 'acc-2' }))).then.expectRejected({ code: 'ORIGINAL_NOT_FOUND', field: 'originalEventId' });
    account.given(ev.opened('1000')).when(reverse(depositOriginal({ eventId: 'evt-2' }))).then.expectRejected({ code: 'ORIGINAL_NOT_FOUND', field: 'originalEventId' });
  });

  it.each([
    ['a transfer debit', withdrawalOriginal({ channel: 'transfer', reference: 'transfer:T1' }), 'leg of a transfer (transfer:T1): a transfer is undone by a transfer back'],
    ['a transfer debit whatever its reference', withdrawalOriginal({ channel: 'transfer', reference: 'SLIP-1' }), 'leg of a transfer (SLIP-1)'],
    ['a transfer credit', depositOriginal({ sourceType: 'bank_transfer', channel: 'transfer', reference: 'transfer:T1' }), 'leg of a transfer (transfer:T1)'],
    ["a failed transfer's refund", depositOriginal({ sourceType: 'bank_transfer', channel: 'reversal', reference: 'transfer:T1:reversal' }), 'leg of a transfer (transfer:T1:reversal)'],
    ['an outgoing payment', withdrawalOriginal({ channel: 'payment', reference: payflowReference('pf_1') }), 'PayFlow payment leg'],
    ['an incoming payment', depositOriginal({ sourceType: 'payflow', channel: 'payment', reference: payflowReference('pf_2') }), 'PayFlow payment leg'],
    ['an incoming payment whatever its reference', depositOriginal({ sourceType: 'payflow', channel: 'payment', reference: 'X-1' }), 'PayFlow payment leg'],
    ['the opening', original({ type: 'AccountOpened', amount: undefined }), 'opened the account'],
    ['a hold', original({ type: 'HoldPlaced' }), 'HoldPlaced, not a deposit or withdrawal'],
    ['a reversal', original({ type: 'DepositReversed' }), 'DepositReversed, not a deposit or withdrawal'],
  ])('refuses %s with NOT_REVERSIBLE and says why', (_label, found, message) => {
    const { then } = account.given(ev.opened('1000'), ev.deposited('200')).when(reverse(found));
    then.expectRejected({ code: 'NOT_REVERSIBLE', field: 'originalEventId', message });
    expect(then.events.count).toBe(0);
  });

  it('accepts a bank transfer deposit recorded by a teller (no transfer reference): it is not a transfer leg', () => {
    account.given(ev.opened('1000'), ev.deposited('200', 'bank_transfer')).when(reverse(depositOriginal({ sourceType: 'bank_transfer' }))).then.expectAccepted();
  });

  it.each([
    ['a cash deposit', depositOriginal({ reference: 'transfer:fake' }), 'DepositReversed'],
    ['a cash deposit', depositOriginal({ reference: 'payflow-x' }), 'DepositReversed'],
    ['a cash withdrawal', withdrawalOriginal({ reference: 'transfer:cash-counter' }), 'WithdrawalReversed'],
    ['a cash withdrawal', withdrawalOriginal({ reference: 'payflow-cashdesk' }), 'WithdrawalReversed'],
  ])("reverses %s whose reference mimics an internal one (%o): a reference a teller typed is only text", (_label, found, reversal) => {
    const { then } = account.given(ev.opened('1000'), ev.deposited('200')).when(reverse(found));
    then.expectAccepted();
    expect(then.events.types).toEqual([reversal]);
  });

  it('refuses on a closed account with ACCOUNT_CLOSED, and on a missing one with ACCOUNT_NOT_FOUND', () => {
    account.given(ev.opened('0'), ev.closed()).when(reverse(depositOriginal())).then.expectRejected({ code: 'ACCOUNT_CLOSED', field: 'status' });
    account.when(reverse(depositOriginal())).then.expectRejected({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId' });
  });
});

describe('what a caller may send', () => {
  const request = (fields: Record<string, unknown>) => tellerCommandRequestSchema.safeParse({ type: 'ReverseMovement', accountId: id, originalEventId: 'evt-1', reason: 'why', ...fields });

  it('requires a reason of 1 to 500 characters, trimmed', () => {
    expect(request({ reason: '   ' }).error?.issues[0]).toMatchObject({ path: ['reason'], message: 'Give the reason for the reversal.' });
    expect(request({ reason: 'x'.repeat(501) }).error?.issues[0]).toMatchObject({ path: ['reason'], message: 'A reason has at most 500 characters.' });
    expect(request({ reason: `  ${'x'.repeat(500)}  ` }).data).toMatchObject({ reason: 'x'.repeat(500) });
    expect(request({ reason: undefined }).success).toBe(false);
  });

  it('requires the original event id', () => {
    expect(request({ originalEventId: '' }).error?.issues[0]?.path).toEqual(['originalEventId']);
  });

  it("drops a caller's own copy of the original: its amount is never trusted", () => {
    const parsed = request({ original: depositOriginal({ amount: '1' }) });
    expect(parsed.success).toBe(true);
    expect(parsed.data).not.toHaveProperty('original');
  });

  it('leaves the original as it was in the history: the reversal is a new event after it', () => {
    const deposited = ev.deposited('200');
    const { then } = account.given(ev.opened('1000'), deposited).when(reverse(depositOriginal()));
    expect(then.history.all[1]).toBe(deposited);
    expect(then.history.types).toEqual(['AccountOpened', 'DepositMade', 'DepositReversed']);
  });
});
