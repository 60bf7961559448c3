// Dual control: withdrawals, transfers and external payments over the limit of their own currency need a second person; the comparison is exact.

import { describe, expect, it } from 'vitest';
import { approvalRequiredMessage, dualControlLimit, requiresApproval } from '@fidelis/shared/staff/dualControl.js';

const usd = { amount: '10000.00', currency: 'USD' };
const settings = { dualControlAmount: '10000.00', dualControlAmounts: { JPY: '1500000', KWD: '3000.000' } };

describe('dual control', () => {
  it('needs an approver strictly over the limit, compared as exact decimals', () => {
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000.00' }, 'USD', usd)).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000' }, 'USD', usd)).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000.01' }, 'USD', usd)).toBe(true);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000.001' }, 'USD', { amount: '10000', currency: 'USD' })).toBe(true);
    expect(requiresApproval({ type: 'InitiateTransfer', amount: '99999999999999999999999' }, 'USD', usd)).toBe(true);
    expect(requiresApproval({ type: 'SendExternalPayment', amount: '10000.5' }, 'USD', usd)).toBe(true);
  });

  it('never asks for deposits, account changes or amounts that are not amounts (their own validation refuses those)', () => {
    expect(requiresApproval({ type: 'MakeDeposit', amount: '50000.00' }, 'USD', usd)).toBe(false);
    expect(requiresApproval({ type: 'OpenAccount' }, 'USD', usd)).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '1e9' }, 'USD', usd)).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: 20000 }, 'USD', usd)).toBe(false);
  });

  it('reads an amount with surrounding spaces as the amount it is, so padding cannot slip past the limit', () => {
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: ' 20000 ' }, 'USD', usd)).toBe(true);
  });

  it('compares an amount with the limit of its own currency, never with the US dollar figure as if it were the same money', () => {
    const jpy = dualControlLimit('JPY', settings);
    expect(jpy).toEqual({ amount: '1500000', currency: 'JPY' });
    // 20,000 JPY is about 134 USD: over "10000" only if the currency were ignored.
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '20000' }, 'JPY', jpy)).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '1500001' }, 'JPY', jpy)).toBe(true);
    // 5,000 KWD is over 16,000 USD: a limit of 10,000 read in dinars would let it through.
    const kwd = dualControlLimit('KWD', settings);
    expect(requiresApproval({ type: 'InitiateTransfer', amount: '5000.000' }, 'KWD', kwd)).toBe(true);
    expect(requiresApproval({ type: 'InitiateTransfer', amount: '3000.000' }, 'KWD', kwd)).toBe(false);
    expect(dualControlLimit('USD', settings)).toEqual(usd);
  });

  it('compares a currency with no limit of its own at its latest rate, and asks for approval when no rate is recorded', () => {
    const eurLimit = dualControlLimit('EUR', settings);
    expect(eurLimit).toEqual(usd);
    // 9,000 EUR at 1.10 is 9,900 USD (under); 9,100 EUR is 10,010 USD (over); exactly 10,000.00 USD is not over.
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '9000.00' }, 'EUR', eurLimit, '1.10')).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '9100' }, 'EUR', eurLimit, '1.10')).toBe(true);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '8000' }, 'EUR', eurLimit, '1.25')).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '8000.01' }, 'EUR', eurLimit, '1.25')).toBe(true);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '1' }, 'EUR', eurLimit, undefined)).toBe(true);
  });

  it('says the limit formatted with its currency, and why a rate matters when it is missing', () => {
    expect(approvalRequiredMessage('USD', usd)).toBe('Over 10,000.00 USD a supervisor must approve: ask one to enter their username and password.');
    expect(approvalRequiredMessage('JPY', { amount: '1500000', currency: 'JPY' })).toMatch(/^Over 1,500,000 JPY a supervisor must approve/);
    expect(approvalRequiredMessage('EUR', usd, '1.10')).toMatch(/^Over 10,000.00 USD \(at the latest EUR rate, 1.10 USD per EUR\) a supervisor must approve/);
    expect(approvalRequiredMessage('EUR', usd, undefined)).toMatch(/^No EUR exchange rate is recorded to compare with the dual-control amount of 10,000.00 USD, so a supervisor must approve/);
  });
});
