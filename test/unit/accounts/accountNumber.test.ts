/** Account numbers are unique in a branch: the reservation decider, given / when / then. */

import { describe, expect, it } from 'vitest';
import { accountNumberAggregateId, accountNumberDecider, type ReserveAccountNumber } from '@fidelis/shared/accounts/index.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const reservation = deciderScenario(accountNumberDecider);
const reserve = (accountId: string, number = '001'): ReserveAccountNumber => ({ type: 'ReserveAccountNumber', number, accountId, branchId: 'BR001' });

describe('reserving an account number', () => {
  it('records AccountNumberReserved for the first account to ask', () => {
    const { then } = reservation.when(reserve('acc-1'));
    then.expectAccepted();
    expect(then.events.first?.data).toEqual({ number: '001', accountId: 'acc-1' });
    expect(then.state.accountId).toBe('acc-1');
  });

  it('refuses the number to any later account with ACCOUNT_NUMBER_TAKEN on number', () => {
    const { then } = reservation.givenCommands(reserve('acc-1')).when(reserve('acc-2'));
    then.expectRejected({ code: 'ACCOUNT_NUMBER_TAKEN', field: 'number', message: 'Account number 001 is already used in this branch' });
    expect(then.state.accountId).toBe('acc-1');
  });

  it('is one number whatever its case or surrounding spaces, and per branch', () => {
    expect(accountNumberAggregateId('BR001', ' ab-1 ')).toBe(accountNumberAggregateId('BR001', 'AB-1'));
    expect(accountNumberAggregateId('BR001', 'AB-1')).not.toBe(accountNumberAggregateId('BR002', 'AB-1'));
  });
});
