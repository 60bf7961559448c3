// Dual control: withdrawals, transfers and external payments over the limit need a second person; the comparison is exact.

import { describe, expect, it } from 'vitest';
import { requiresApproval } from '@fidelis/shared/staff/dualControl.js';

describe('dual control', () => {
  it('needs an approver strictly over the limit, compared as exact decimals', () => {
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000.00' }, '10000.00')).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000' }, '10000.00')).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000.01' }, '10000.00')).toBe(true);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '10000.001' }, '10000')).toBe(true);
    expect(requiresApproval({ type: 'InitiateTransfer', amount: '99999999999999999999999' }, '10000.00')).toBe(true);
    expect(requiresApproval({ type: 'SendExternalPayment', amount: '10000.5' }, '10000.00')).toBe(true);
  });

  it('never asks for deposits, account changes or amounts that are not amounts (their own validation refuses those)', () => {
    expect(requiresApproval({ type: 'MakeDeposit', amount: '50000.00' }, '10000.00')).toBe(false);
    expect(requiresApproval({ type: 'OpenAccount' }, '10000.00')).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: '1e9' }, '10000.00')).toBe(false);
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: 20000 }, '10000.00')).toBe(false);
  });

  it('reads an amount with surrounding spaces as the amount it is, so padding cannot slip past the limit', () => {
    expect(requiresApproval({ type: 'MakeWithdrawal', amount: ' 20000 ' }, '10000.00')).toBe(true);
  });
});
