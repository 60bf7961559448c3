/** Money as staff read it, in every message main sends and on every screen: grouped digits, the currency's decimals, its code. */

import { describe, expect, it } from 'vitest';
import { accountDecider } from '@fidelis/shared/accounts/index.js';
import { largeMovementAlert } from '@fidelis/shared/ledger/readModels/compliance.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { formatMoney } from '@fidelis/shared/money/index.js';
import { displayMoney } from '../../../renderer/src/format.js';
import { accountCommands, accountEvents } from '../../support/accountFixtures.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

describe('formatting money for people', () => {
  it('groups the whole part by thousands and keeps the currency’s decimals and code', () => {
    expect(formatMoney(1305050n, 'USD')).toBe('13,050.50 USD');
    expect(formatMoney(99n, 'EUR')).toBe('0.99 EUR');
    expect(formatMoney(100000n, 'USD')).toBe('1,000.00 USD');
    expect(formatMoney(12345n, 'KWD')).toBe('12.345 KWD');
  });

  it('writes zero with its decimals and a negative amount with a real minus sign', () => {
    expect(formatMoney(0n, 'USD')).toBe('0.00 USD');
    expect(formatMoney(-123456789n, 'USD')).toBe('−1,234,567.89 USD');
    expect(formatMoney(-5n, 'USD')).toBe('−0.05 USD');
    expect(formatMoney(2050n, 'USD', { signed: true })).toBe('+20.50 USD');
    expect(formatMoney(-2050n, 'USD', { signed: true })).toBe('−20.50 USD');
  });

  it('shows a currency without minor units as whole numbers', () => {
    expect(formatMoney(1500000n, 'JPY')).toBe('1,500,000 JPY');
    expect(formatMoney(7n, 'JPY')).toBe('7 JPY');
    expect(formatMoney(-1000n, 'KRW')).toBe('−1,000 KRW');
  });

  it('keeps every digit of an amount far beyond a float’s precision', () => {
    expect(formatMoney(123456789012345678901234567n, 'USD')).toBe('1,234,567,890,123,456,789,012,345.67 USD');
  });

  it('reads the same on screen as in main’s messages: the renderer formats through the same function', () => {
    expect(displayMoney('13050.5', 'USD')).toBe(formatMoney(1305050n, 'USD'));
    expect(displayMoney('1500000', 'JPY')).toBe(formatMoney(1500000n, 'JPY'));
    expect(displayMoney('0.1', 'BHD')).toBe(formatMoney(100n, 'BHD'));
    expect(displayMoney('-0.05', 'USD')).toBe(formatMoney(-5n, 'USD'));
    expect(displayMoney('250', 'EUR', { signed: true })).toBe(formatMoney(25000n, 'EUR', { signed: true }));
  });

  it('refuses a currency Fidelis does not know rather than guess its decimals', () => {
    expect(() => formatMoney(100n, 'XXX')).toThrow(/not a currency Fidelis supports/);
  });
});

describe('messages that carry amounts', () => {
  const account = deciderScenario(accountDecider);
  const cmd = accountCommands('acc-1');

  it('a refused withdrawal names both amounts formatted, with their currency', () => {
    const ev = accountEvents('acc-1');
    account.given(ev.opened('12000')).when(cmd.withdraw('13050.50')).then.expectRejected({
      code: 'INSUFFICIENT_FUNDS',
      message: 'Insufficient funds: 13,050.50 USD requested, 12,000.00 USD available.',
    });
  });

  it('closing an account with money left says the balance formatted', () => {
    const ev = accountEvents('acc-1', 'JPY');
    account.given(ev.opened('250000')).when(cmd.close()).then.expectRejected({ code: 'NON_ZERO_BALANCE', message: 'The balance is 250,000 JPY: bring it to zero before closing.' });
  });

  it('a large-deposit alert states its threshold formatted, not as the setting was typed', () => {
    const at = '2026-12-04T10:00:00.000Z';
    const meta = { commandId: 'c1', correlationId: 'c1', causationId: 'c1', actor: 'tina', deviceId: 'ws-1', branchId: 'BR001' };
    const event: LedgerEvent = { id: 'e1', type: 'DepositMade', storedType: 'Fidelis.DepositMade.v2', streamId: 'account-a1', version: 1, seq: 2, occurredAt: at, recordedAt: at, meta, data: { accountId: 'a1', amount: '1200000', currency: 'USD', sourceType: 'cash' } };
    const alert = largeMovementAlert({ accountId: 'a1', number: '1001', holder: 'Ada Lovelace', currency: 'USD', owners: ['c1'] }, 'Ada Lovelace', event, { largeDeposit: '10000', largeWithdrawal: '10000' });
    expect(alert?.message).toBe('Deposit at or above 10,000.00 USD on account 1001 (Ada Lovelace)');
  });
});
