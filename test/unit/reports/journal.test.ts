/** Which branch account a withdrawal is booked against: the drawer for cash, clearing for a transfer or a payment — by its channel, never its reference. */

import { describe, expect, it } from 'vitest';
import { journalEntryOf } from '@fidelis/shared/ledger/readModels/journal.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';

const withdrawal = (channel: string, reference?: string): LedgerEvent => ({
  id: 'e1',
  type: 'WithdrawalMade',
  storedType: 'Fidelis.WithdrawalMade.v2',
  streamId: 'account-a1',
  version: 1,
  seq: 2,
  occurredAt: '2026-03-02T10:00:00.000Z',
  recordedAt: '2026-03-02T10:00:00.000Z',
  meta: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 't', deviceId: 'd', branchId: 'b' },
  data: { accountId: 'a1', amount: '30000', channel, ...(reference === undefined ? {} : { reference }) },
});

const contraOf = (channel: string, reference?: string) => journalEntryOf(withdrawal(channel, reference), () => 'USD', 'UTC')?.lines.find((l) => l.credit !== '0')?.account;

describe('the journal books a withdrawal', () => {
  it('against teller cash when it was paid out at the counter, whatever its reference mimics', () => {
    expect(contraOf('cash')).toBe('branch:teller-cash');
    expect(contraOf('cash', 'rent March')).toBe('branch:teller-cash');
    expect(contraOf('cash', 'transfer:y')).toBe('branch:teller-cash');
    expect(contraOf('cash', 'payflow-x')).toBe('branch:teller-cash');
  });

  it("against clearing when it is a transfer's debit or a payment, as the CTR counts it", () => {
    expect(contraOf('transfer', 'T-1')).toBe('branch:clearing');
    expect(contraOf('payment', 'anything')).toBe('branch:clearing');
  });
});
