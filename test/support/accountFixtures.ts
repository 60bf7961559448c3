/** Readable builders for Account commands and events in tests: amounts in major units, as a teller types them. */

import { randomUUID } from 'node:crypto';
import { derivedCustomerIdOf } from '@fidelis/shared/customers/index.js';
import { parseAmount } from '@fidelis/shared/money/money.js';
import type {
  AccountClosed,
  AccountOpened,
  CloseAccount,
  DepositChannel,
  DepositMade,
  DepositSourceType,
  MakeDeposit,
  MakeWithdrawal,
  OpenAccount,
  WithdrawalChannel,
  WithdrawalMade,
} from '@fidelis/shared/accounts/index.js';

/** A fresh account id, so tests sharing one host never touch each other's accounts. */
export const newAccountId = (): string => `t${randomUUID().replace(/-/g, '').slice(0, 20)}`;

/** Commands for one account, with every default filled in: usable by the decider and by a host alike. */
export function accountCommands(accountId: string = newAccountId()) {
  return {
    accountId,
    open: (fields: Partial<Omit<OpenAccount, 'type' | 'accountId'>> = {}): OpenAccount => ({
      type: 'OpenAccount',
      accountId,
      // Numbers are unique in a branch: each account of a shared host gets its own.
      number: `ACC-${accountId.slice(-12).toUpperCase()}`,
      holder: 'Ada Lovelace',
      currency: 'USD',
      openingDeposit: '1000',
      openingDepositSource: 'cash',
      overdraftLimit: '0',
      ...fields,
    }),
    deposit: (amount: string, fields: { sourceType?: DepositSourceType; reference?: string; channel?: DepositChannel } = {}): MakeDeposit => ({
      type: 'MakeDeposit',
      accountId,
      amount,
      sourceType: fields.sourceType ?? 'cash',
      channel: fields.channel ?? 'counter',
      ...(fields.reference === undefined ? {} : { reference: fields.reference }),
    }),
    withdraw: (amount: string, fields: { reference?: string; channel?: WithdrawalChannel } = {}): MakeWithdrawal => ({
      type: 'MakeWithdrawal',
      accountId,
      amount,
      channel: fields.channel ?? 'cash',
      ...(fields.reference === undefined ? {} : { reference: fields.reference }),
    }),
    close: (reason?: string): CloseAccount => ({ type: 'CloseAccount', accountId, ...(reason === undefined ? {} : { reason }) }),
  };
}

const minor = (amount: string, currency: string): string => parseAmount(amount, currency).toString();

/** Events of one account as the decider emits them (amounts given in major units, stored in minor units). */
export function accountEvents(accountId: string, currency = 'USD') {
  return {
    opened: (openingDeposit = '1000', fields: Partial<Omit<AccountOpened['data'], 'accountId' | 'openingDeposit'>> = {}): AccountOpened => ({
      type: 'AccountOpened',
      data: {
        accountId,
        number: 'ACC-0001',
        holder: 'Ada Lovelace',
        owners: [derivedCustomerIdOf(accountId)],
        currency,
        openingDepositSource: 'cash',
        overdraftLimit: '0',
        ...fields,
        openingDeposit: minor(openingDeposit, fields.currency ?? currency),
      },
    }),
    deposited: (amount: string, sourceType: DepositMade['data']['sourceType'] = 'cash'): DepositMade => ({
      type: 'DepositMade',
      data: { accountId, amount: minor(amount, currency), sourceType, currency, channel: 'counter' },
    }),
    withdrew: (amount: string): WithdrawalMade => ({ type: 'WithdrawalMade', data: { accountId, amount: minor(amount, currency), channel: 'cash' } }),
    closed: (): AccountClosed => ({ type: 'AccountClosed', data: { accountId } }),
  };
}
