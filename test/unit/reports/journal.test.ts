/** Which branch account a withdrawal is booked against: the drawer for cash, clearing for a transfer or a payment. */

import { describe, expect, it } from 'vitest';
import { journalEntryOf } from '@fidelis/shared/ledger/readModels/journal.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';

const withdrawal = (reference?: string): LedgerEvent => ({
  id: 'e1',
  type: 'WithdrawalMade',
  storedType: 'Fidelis.WithdrawalMade.v1',
  streamId: 'account-a1',
  version: 1,
  seq: 2,
  occurredAt: '2026-03-02T10:00:00.000Z',
  recordedAt: '2026-03-02T10:00:00.000Z',
  meta: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 't', deviceId: 'd', branchId: 'b' },
  data: { accountId: 'a1', amount: '30000', ...(reference === undefined ? {} : { reference }) },
});

const contraOf = (reference?: string) => journalEntryOf(withdrawal(reference), () => 'USD')?.lines.find((l) => l.credit !== '0')?.account;

describe('the journal books a withdrawal', () => {
  it('against teller cash when it was paid out at the counter', () => {
    expect(contraOf()).toBe('branch:teller-cash');
    expect(contraOf('rent March')).toBe('branch:teller-cash');
  });

  it("against clearing when it is a transfer's debit or a payment, as the CTR counts it", () => {
    expect(contraOf('transfer:01ABC')).toBe('branch:clearing');
    expect(contraOf('payflow-77')).toBe('branch:clearing');
  });
});
