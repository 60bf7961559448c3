/** The Account rules of SCENARIOS part I, given / when / then on the pure decider. */

import { describe, expect, it } from 'vitest';
import { accountDecider, openAccountSchema } from '@fidelis/shared/accounts/index.js';
import { derivedCustomerIdOf } from '@fidelis/shared/customers/index.js';
import { accountCommands, accountEvents } from '../../support/accountFixtures.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const account = deciderScenario(accountDecider);
const id = 'acc-1';
const cmd = accountCommands(id);
const ev = accountEvents(id);

describe('opening an account', () => {
  it('records one AccountOpened and gives holder, balance, ACTIVE at version 0', () => {
    const { then } = account.when(cmd.open({ number: '12345678901234567890', holder: 'Grace Hopper', openingDeposit: '1000.50' }));
    then.expectAccepted();
    expect(then.events.types).toEqual(['AccountOpened']);
    expect(then.events.first?.data).toEqual({
      accountId: id,
      number: '12345678901234567890',
      holder: 'Grace Hopper',
      owners: [derivedCustomerIdOf(id)],
      currency: 'USD',
      openingDeposit: '100050',
      openingDepositSource: 'cash',
      overdraftLimit: '0',
    });
    expect(then.state).toMatchObject({ status: 'ACTIVE', holder: 'Grace Hopper', balance: 100050n, version: 0 });
  });

  it('accepts an opening deposit of zero', () => {
    const { then } = account.when(cmd.open({ openingDeposit: '0' }));
    then.expectAccepted();
    expect(then.state.balance).toBe(0n);
  });

  it('keeps amounts in the currency of the account (JPY has no minor units)', () => {
    const { then } = account.when(cmd.open({ currency: 'JPY', openingDeposit: '5000' }), cmd.deposit('250'));
    then.expectAccepted();
    expect(then.state.balance).toBe(5250n);
    account.when(cmd.open({ currency: 'JPY' }), cmd.deposit('1.5')).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
  });

  it('refuses a negative or malformed opening deposit on openingDeposit', () => {
    account.when(cmd.open({ openingDeposit: '-5' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'openingDeposit' });
    account.when(cmd.open({ openingDeposit: '1,000' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'openingDeposit' });
    account.when(cmd.open({ overdraftLimit: '10.001' })).then.expectRejected({ code: 'INVALID_AMOUNT', field: 'overdraftLimit' });
  });

  it('refuses to open the same account twice', () => {
    const { then } = account.given(ev.opened()).when(cmd.open());
    then.expectRejected({ code: 'ACCOUNT_EXISTS', field: 'accountId' });
    expect(then.events.count).toBe(0);
    expect(then.state.version).toBe(0);
  });
});

describe('deposits and withdrawals', () => {
  it('1000 + 500 + 200 − 150 gives 1550.00 at version 3', () => {
    const { then } = account.given(ev.opened('1000')).when(cmd.deposit('500'), cmd.deposit('200'), cmd.withdraw('150'));
    then.expectAccepted();
    expect(then.state.balance).toBe(155000n);
    expect(then.state.version).toBe(3);
    expect(then.chain.types).toEqual(['DepositMade', 'DepositMade', 'WithdrawalMade']);
    expect(then.events.types).toEqual(['WithdrawalMade']);
    expect(then.events.first?.data).toMatchObject({ accountId: id, amount: '15000' });
  });

  it('records where a deposit came from and its reference', () => {
    const { then } = account.given(ev.opened()).when(cmd.deposit('75.25', { sourceType: 'payroll', reference: 'PAY-42' }));
    expect(then.events.first?.data).toMatchObject({ amount: '7525', sourceType: 'payroll', reference: 'PAY-42' });
  });

  it.each([
    ['a deposit of zero', cmd.deposit('0')],
    ['a deposit of 0.00', cmd.deposit('0.00')],
    ['a negative deposit', cmd.deposit('-10')],
    ['a withdrawal of zero', cmd.withdraw('0')],
    ['a negative withdrawal', cmd.withdraw('-10')],
    ['a deposit with too many decimals', cmd.deposit('10.001')],
    ['a withdrawal written 1e3', cmd.withdraw('1e3')],
  ])('refuses %s on field amount and records nothing', (_label, command) => {
    const { then } = account.given(ev.opened()).when(command);
    then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
    expect(then.events.count).toBe(0);
    expect(then.state.balance).toBe(100000n);
    expect(then.state.version).toBe(0);
  });

  it('refuses a withdrawal past the available balance with INSUFFICIENT_FUNDS on balance, version unchanged', () => {
    const { then } = account.given(ev.opened('1000'), ev.deposited('50')).when(cmd.withdraw('1050.01'));
    then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance', message: 'Insufficient funds: 1,050.01 USD requested, 1,050.00 USD available.' });
    expect(then.events.count).toBe(0);
    expect(then.state.version).toBe(1);
    expect(then.state.balance).toBe(105000n);
  });

  it('lets a withdrawal take the balance to exactly zero', () => {
    const { then } = account.given(ev.opened('1000')).when(cmd.withdraw('1000'));
    then.expectAccepted();
    expect(then.state.balance).toBe(0n);
  });

  it('refuses movements on an account that does not exist', () => {
    account.when(cmd.deposit('10')).then.expectRejected({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId' });
    account.when(cmd.withdraw('10')).then.expectRejected({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId' });
    account.when(cmd.close()).then.expectRejected({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId' });
  });
});

describe('the overdraft limit', () => {
  it('is 0 by default', () => {
    account.given(ev.opened('100')).when(cmd.withdraw('100.01')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('lets the balance go down to minus the limit and not a cent further', () => {
    const opened = account.givenCommands(cmd.open({ openingDeposit: '1000', overdraftLimit: '500' }));
    const { then } = opened.when(cmd.withdraw('1500'));
    then.expectAccepted();
    expect(then.state.balance).toBe(-50000n);
    opened.when(cmd.withdraw('1500.01')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    opened.when(cmd.withdraw('1500'), cmd.withdraw('0.01')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
  });

  it('reports nothing negative as available once overdrawn', () => {
    const { then } = account
      .givenCommands(cmd.open({ openingDeposit: '0', overdraftLimit: '100' }), cmd.withdraw('100'))
      .givenState((state) => ({ ...state, overdraftLimit: 0n }))
      .when(cmd.withdraw('1'));
    then.expectRejected({ code: 'INSUFFICIENT_FUNDS', message: '0.00 USD available' });
  });
});

describe('holds', () => {
  const heldAccount = account.given(ev.opened('1000')).givenState((state) => ({ ...state, holds: { 'transfer-1': 30000n, 'card-7': 5000n } }));

  it('count against the available balance', () => {
    heldAccount.when(cmd.withdraw('650.01')).then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance', message: '650.00 USD available' });
    const { then } = heldAccount.when(cmd.withdraw('650'));
    then.expectAccepted();
    expect(then.state.balance).toBe(35000n);
  });

  it('count against the overdraft limit too', () => {
    const { then } = account
      .givenCommands(cmd.open({ openingDeposit: '100', overdraftLimit: '200' }))
      .givenState((state) => ({ ...state, holds: { h: 25000n } }))
      .when(cmd.withdraw('50.01'));
    then.expectRejected({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('leave deposits alone', () => {
    heldAccount.when(cmd.deposit('1')).then.expectAccepted();
  });
});

describe('closing an account', () => {
  it('is refused on status while the balance is not zero', () => {
    const { then } = account.given(ev.opened('10')).when(cmd.close());
    then.expectRejected({ code: 'NON_ZERO_BALANCE', field: 'status', message: '10.00' });
    expect(then.state.status).toBe('ACTIVE');
  });

  it('is refused while overdrawn', () => {
    account
      .givenCommands(cmd.open({ openingDeposit: '0', overdraftLimit: '50' }), cmd.withdraw('20'))
      .when(cmd.close())
      .then.expectRejected({ code: 'NON_ZERO_BALANCE', field: 'status' });
  });

  it('after emptying the account gives CLOSED with its reason', () => {
    const { then } = account.given(ev.opened('10'), ev.withdrew('10')).when(cmd.close('customer moved'));
    then.expectAccepted();
    expect(then.events.types).toEqual(['AccountClosed']);
    expect(then.events.last?.data).toEqual({ accountId: id, reason: 'customer moved' });
    expect(then.state.status).toBe('CLOSED');
    expect(then.state.version).toBe(2);
  });

  it.each([
    ['a deposit', cmd.deposit('5')],
    ['a withdrawal', cmd.withdraw('5')],
    ['a second close', cmd.close()],
  ])('leaves a closed account refusing %s on status', (_label, command) => {
    const { then } = account.given(ev.opened('0'), ev.closed()).when(command);
    then.expectRejected({ code: 'ACCOUNT_CLOSED', field: 'status' });
    expect(then.events.count).toBe(0);
    expect(then.state).toMatchObject({ status: 'CLOSED', version: 1, balance: 0n });
  });
});

describe('the given / when / then harness', () => {
  it('runs the chain +500, +200, −1700, close from an opening of 1000 to 0, CLOSED, 4 events after the opening', () => {
    const { then } = account.given(ev.opened('1000')).when(cmd.deposit('500'), cmd.deposit('200'), cmd.withdraw('1700'), cmd.close());
    then.expectAccepted();
    expect(then.state.balance).toBe(0n);
    expect(then.state.status).toBe('CLOSED');
    expect(then.chain.count).toBe(4);
    expect(then.chain.types).toEqual(['DepositMade', 'DepositMade', 'WithdrawalMade', 'AccountClosed']);
    expect(then.history.count).toBe(5);
    expect(then.history.first?.type).toBe('AccountOpened');
    expect(then.events.count).toBe(1);
    expect(then.events.last?.type).toBe('AccountClosed');
    expect(then.chain.ofType('DepositMade').map((e) => (e.data as { amount: string }).amount)).toEqual(['50000', '20000']);
  });

  it('stops a chain at the first refusal and says which command it was', () => {
    const { then } = account.given(ev.opened('100')).when(cmd.deposit('1'), cmd.withdraw('500'), cmd.deposit('2'));
    expect(then.accepted).toBe(false);
    expect(then.rejectedAt).toBe(1);
    expect(then.rejection).toEqual({ code: 'INSUFFICIENT_FUNDS', field: 'balance', message: expect.stringContaining('500.00') });
    expect(then.chain.count).toBe(1);
    expect(then.events.count).toBe(0);
    expect(then.state.balance).toBe(10100n);
  });

  it('fails loudly when an expectation does not hold', () => {
    const accepted = account.given(ev.opened()).when(cmd.deposit('1')).then;
    expect(() => accepted.expectRejected({ code: 'INSUFFICIENT_FUNDS' })).toThrow(/but the command was accepted/);
    const refused = account.given(ev.opened()).when(cmd.deposit('0')).then;
    expect(() => refused.expectAccepted()).toThrow(/INVALID_AMOUNT on amount/);
    expect(() => refused.expectRejected({ code: 'INVALID_AMOUNT', field: 'balance' })).toThrow();
    expect(() => account.givenCommands(cmd.deposit('1'))).toThrow(/given command must be accepted/);
  });
});

describe('owners, the opening source and the channel of a movement', () => {
  it('records the owners main named (the primary first) and the holder main set from the primary', () => {
    const { then } = account.when(cmd.open({ owners: ['cus-ada', 'cus-bob'], holder: 'Ada Lovelace' }));
    then.expectAccepted();
    expect(then.events.first?.data).toMatchObject({ owners: ['cus-ada', 'cus-bob'], holder: 'Ada Lovelace' });
  });

  it('makes a holder named alone the customer derived from the account', () => {
    const { then } = account.when(cmd.open({ holder: 'Grace Hopper' }));
    expect(then.events.first?.data).toMatchObject({ owners: [derivedCustomerIdOf(id)], holder: 'Grace Hopper' });
  });

  it('refuses an opening with neither owners nor a holder with VALIDATION on owners', () => {
    const { holder: _holder, ...withoutHolder } = cmd.open();
    account.when(withoutHolder).then.expectRejected({ code: 'VALIDATION', field: 'owners', message: 'Choose the customer' });
  });

  it('records where the opening deposit came from, like any deposit', () => {
    const { then } = account.when(cmd.open({ openingDeposit: '500', openingDepositSource: 'check' }));
    expect(then.events.first?.data).toMatchObject({ openingDeposit: '50000', openingDepositSource: 'check' });
  });

  it("records the channel the making command gave: a teller's withdrawal is cash, a transfer's debit is a transfer, whatever the reference says", () => {
    const { then } = account.given(ev.opened('1000')).when(cmd.withdraw('10', { reference: 'transfer:looks-internal' }), cmd.withdraw('10', { reference: 'SLIP-1', channel: 'transfer' }));
    expect(then.chain.all.map((e) => e.data)).toEqual([
      expect.objectContaining({ channel: 'cash', reference: 'transfer:looks-internal' }),
      expect.objectContaining({ channel: 'transfer', reference: 'SLIP-1' }),
    ]);
  });

  it("records a teller's deposit as made at the counter, whatever its reference", () => {
    const { then } = account.given(ev.opened('1000')).when(cmd.deposit('10', { reference: 'payflow-looks-internal' }));
    expect(then.events.first?.data).toMatchObject({ channel: 'counter', sourceType: 'cash', reference: 'payflow-looks-internal' });
  });
});

describe('what an account number may be', () => {
  const number = (value: string) => openAccountSchema.safeParse({ type: 'OpenAccount', accountId: id, number: value, holder: 'Ada' });

  it('takes letters, digits, dashes, dots, underscores and slashes, trimmed', () => {
    expect(number(' CHK-001/2_a.b ').data?.number).toBe('CHK-001/2_a.b');
  });

  it('refuses spaces, a leading dash and the separator stream ids use, naming the number', () => {
    for (const value of ['CHK 001', '-001', 'A|1', '']) expect(number(value).error?.issues[0]?.path).toEqual(['number']);
  });
});

describe('holder details recorded on an account', () => {
  it("are refused once the account belongs to a registered customer: the customer's record is changed instead", () => {
    account
      .given(ev.opened('0', { owners: ['cus-ada'] }))
      .when({ type: 'RecordHolderDetails', accountId: id, street: '1 Main', city: 'Springfield', country: 'US' })
      .then.expectRejected({ code: 'VALIDATION', field: 'accountId', message: 'belongs to customer cus-ada' });
  });

  it('still describe a holder known from the account alone', () => {
    account.given(ev.opened('0')).when({ type: 'RecordHolderDetails', accountId: id, street: '1 Main', city: 'Springfield', country: 'US' }).then.expectAccepted();
  });
});
