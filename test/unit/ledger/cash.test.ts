/** The cash rule: which way currency crossed the counter, from the typed facts a command recorded, never from a reference. */

import { describe, expect, it } from 'vitest';
import { cashDirectionOf } from '@fidelis/shared/ledger/cash.js';

const event = (type: string, data: Record<string, unknown>) => ({ type, data: { accountId: 'a', amount: '100', ...data } });

describe('the cash rule', () => {
  it.each([
    ['a cash deposit', event('DepositMade', { sourceType: 'cash', channel: 'counter' }), 'IN'],
    ['a cash deposit whose reference mimics a transfer', event('DepositMade', { sourceType: 'cash', channel: 'counter', reference: 'transfer:fake' }), 'IN'],
    ['a check deposit', event('DepositMade', { sourceType: 'check', channel: 'counter' }), undefined],
    ["a transfer's credit", event('DepositMade', { sourceType: 'bank_transfer', channel: 'transfer' }), undefined],
    ['a cash withdrawal', event('WithdrawalMade', { channel: 'cash' }), 'OUT'],
    ['a cash withdrawal referenced payflow-x', event('WithdrawalMade', { channel: 'cash', reference: 'payflow-x' }), 'OUT'],
    ['a cash withdrawal referenced transfer:y', event('WithdrawalMade', { channel: 'cash', reference: 'transfer:y' }), 'OUT'],
    ["a transfer's debit", event('WithdrawalMade', { channel: 'transfer', reference: 'SLIP-1' }), undefined],
    ["a payment's debit", event('WithdrawalMade', { channel: 'payment' }), undefined],
    ['a cash opening deposit', event('AccountOpened', { openingDeposit: '5000', openingDepositSource: 'cash' }), 'IN'],
    ['an opening deposit by check', event('AccountOpened', { openingDeposit: '5000', openingDepositSource: 'check' }), undefined],
    ['an opening with nothing paid in', event('AccountOpened', { openingDeposit: '0', openingDepositSource: 'cash' }), undefined],
    ['the reversal of a cash deposit', event('DepositReversed', { sourceType: 'cash' }), 'OUT'],
    ['the reversal of a check deposit', event('DepositReversed', { sourceType: 'check' }), undefined],
    ['the reversal of a (cash) withdrawal', event('WithdrawalReversed', {}), 'IN'],
    ['a hold', event('HoldPlaced', { holdId: 'h' }), undefined],
  ])('says %s is %s', (_label, given, direction) => {
    expect(cashDirectionOf(given)).toBe(direction);
  });
});
