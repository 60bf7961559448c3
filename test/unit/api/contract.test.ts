// The API contract: every method belongs to one area and says who may call it; command inputs are the command schemas.

import { describe, expect, it } from 'vitest';
import { depositInput, openAccountInput, reverseMovementInput, withdrawInput } from '@fidelis/shared/accounts/api.js';
import { makeDepositSchema, openAccountSchema } from '@fidelis/shared/accounts/commands.js';
import { apiAreas, apiMethods } from '@fidelis/shared/api/contract.js';
import { sendPaymentInput } from '@fidelis/shared/payments/api.js';
import { ROLE_PERMISSIONS, ROLES } from '@fidelis/shared/staff/roles.js';
import { startTransferInput } from '@fidelis/shared/transfers/api.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';

const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe('the API contract', () => {
  it('has each method declared by exactly one area', () => {
    const declared = Object.values(apiAreas).flatMap((area) => Object.keys(area));
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(apiMethods).sort()).toEqual([...declared].sort());
  });

  it('names for every method a permission some role holds, or public', () => {
    const granted = new Set(ROLES.flatMap((role) => ROLE_PERMISSIONS[role]));
    for (const [method, spec] of Object.entries(apiMethods)) {
      expect(spec.permission === 'public' || granted.has(spec.permission), method).toBe(true);
    }
  });

  it('answers only sign-in, the session and the workstation itself to someone not signed in', () => {
    const open = Object.entries(apiMethods).filter(([, spec]) => spec.permission === 'public').map(([method]) => method);
    // sync.join works only on a workstation with no ledger (nobody to sign in yet); refused on any other.
    // auth.changePassword is the session's own: it needs the session's token and the current password, and must
    // work while a one-time password still bars everything else.
    expect(open.sort()).toEqual(['auth.bootstrap', 'auth.changePassword', 'auth.lock', 'auth.resume', 'auth.signIn', 'auth.signOut', 'auth.status', 'auth.unlock', 'sync.join', 'sync.joinProgress', 'system.capabilities']);
  });

  it('counts a deposit without a source as cash, through the API as through the command', () => {
    expect(depositInput.parse({ accountId: 'a', amount: '10' }).sourceType).toBe('cash');
    expect(makeDepositSchema.parse({ type: 'MakeDeposit', accountId: 'a', amount: '10' }).sourceType).toBe('cash');
  });

  it('refuses what the command refuses, with the same field and words', () => {
    const longReference = { accountId: 'a', amount: '10', reference: 'r'.repeat(141) };
    expect(refusalOf(() => parseOrThrow(depositInput, longReference))).toEqual(refusalOf(() => parseOrThrow(makeDepositSchema, { type: 'MakeDeposit', ...longReference })));
    const noHolder = { number: 'N-1', holder: ' ', currency: 'USD' };
    expect(refusalOf(() => parseOrThrow(openAccountInput, noHolder))).toEqual(refusalOf(() => parseOrThrow(openAccountSchema, { type: 'OpenAccount', accountId: 'x', ...noHolder })));
  });

  it("never takes from a caller what the ledger decides: a new account's or transfer's id, a hold, a reversal's original, the paying account", () => {
    expect(openAccountInput.parse({ number: 'N-1', holder: 'Ada', currency: 'USD', accountId: 'mine' })).not.toHaveProperty('accountId');
    expect(withdrawInput.parse({ accountId: 'a', amount: '1', holdId: 'transfer-hold' })).not.toHaveProperty('holdId');
    expect(startTransferInput.parse({ fromAccountId: 'a', toAccountId: 'b', amount: '1', transferId: 't', currency: 'EUR' })).not.toHaveProperty('transferId');
    const reversal = reverseMovementInput.parse({ accountId: 'a', originalEventId: 'e', reason: 'typo', original: { amount: '999' } });
    expect(reversal).not.toHaveProperty('original');
    const payment = sendPaymentInput.parse({ accountId: 'a', amount: '1', beneficiary: { name: 'B', accountNumber: '1', bankCode: 'X' }, debtor: { accountNumber: 'x', name: 'y' } });
    expect(payment).not.toHaveProperty('debtor');
  });
});
