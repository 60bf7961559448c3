/** Reconciliation with PayFlow, pure: which of the day's payments agree, and which mismatch of each kind becomes an item. */

import { describe, expect, it } from 'vitest';
import { reconcilePayments, reconciliationDecider, type FidelisExternalPayment } from '@fidelis/shared/payments/index.js';
import type { SettlementEntry } from '@fidelis/shared/payflow/protocol.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const day = '2026-11-26';
const at = `${day}T12:00:00.000Z`;
const ours = (paymentId: string, fields: Partial<FidelisExternalPayment> = {}): FidelisExternalPayment => ({
  paymentId,
  payflowId: `pf_${paymentId}`,
  direction: 'outbound',
  amount: '1000',
  currency: 'USD',
  status: 'COMPLETED',
  settledAt: at,
  ...fields,
});
const theirs = (id: string, fields: Partial<SettlementEntry> = {}): SettlementEntry => ({ id, reference: id.replace(/^pf_/, ''), direction: 'outbound', amount: '1000', currency: 'USD', status: 'completed', settledAt: at, ...fields });

describe('comparing a day', () => {
  it('matches by PayFlow id or by our reference, and finds each kind of mismatch once', () => {
    const result = reconcilePayments(
      day,
      [
        ours('same'),
        ours('by-ref', { payflowId: null, status: 'SUBMITTED' }),
        ours('short'),
        ours('late'),
        ours('gone'),
        ours('in-1', { direction: 'inbound', payflowId: 'pf_in_1' }),
        ours('queued', { payflowId: null, status: 'QUEUED', settledAt: null }),
        ours('never-sent', { payflowId: null, status: 'FAILED' }),
        ours('yesterday', { settledAt: '2026-11-25T23:59:00.000Z' }),
      ],
      [
        theirs('pf_same'),
        theirs('pf_by-ref', { status: 'pending' }),
        theirs('pf_short', { amount: '999' }),
        theirs('pf_late', { status: 'failed' }),
        theirs('pf_in_1', { direction: 'inbound', reference: 'x' }),
        theirs('pf_stranger', { direction: 'inbound', reference: 'y' }),
      ],
    );
    expect(result.matched).toBe(3);
    expect(result.items.map((i) => [i.kind, i.paymentId, i.payflowId])).toEqual([
      ['AMOUNT_MISMATCH', 'short', 'pf_short'],
      ['STATUS_MISMATCH', 'late', 'pf_late'],
      ['MISSING_IN_FIDELIS', null, 'pf_stranger'],
      ['MISSING_AT_PAYFLOW', 'gone', 'pf_gone'],
    ]);
    expect(result.items[0]).toMatchObject({ itemId: `${day}:AMOUNT_MISMATCH:pf_short`, fidelis: { amount: '1000', status: 'completed' }, payflow: { amount: '999' } });
  });
});

describe("the day's items", () => {
  const items = deciderScenario(reconciliationDecider);
  const item = (itemId: string) => ({ itemId, date: day, kind: 'MISSING_AT_PAYFLOW' as const, paymentId: 'p', payflowId: null, fidelis: null, payflow: null });

  it('raises only new items, and resolves an open one once, with the note and who resolved it', () => {
    const { then } = items
      .givenCommands({ type: 'RaiseReconciliationItems', date: day, items: [item(`${day}:a`)] })
      .when({ type: 'RaiseReconciliationItems', date: day, items: [item(`${day}:a`), item(`${day}:b`)] }, { type: 'ResolveReconciliationItem', date: day, itemId: `${day}:a`, note: 'refunded', actor: 'sue' });
    then.expectAccepted();
    expect(then.chain.types).toEqual(['ReconciliationItemRaised', 'ReconciliationItemResolved']);
    expect(then.chain.last?.data).toEqual({ itemId: `${day}:a`, date: day, note: 'refunded', actor: 'sue' });
    items
      .givenCommands({ type: 'RaiseReconciliationItems', date: day, items: [item(`${day}:a`)] }, { type: 'ResolveReconciliationItem', date: day, itemId: `${day}:a`, note: 'x', actor: 'sue' })
      .when({ type: 'ResolveReconciliationItem', date: day, itemId: `${day}:a`, note: 'again', actor: 'sue' })
      .then.expectRejected({ code: 'RECONCILIATION_ITEM_RESOLVED' });
    items.when({ type: 'ResolveReconciliationItem', date: day, itemId: `${day}:zz`, note: 'x', actor: 'sue' }).then.expectRejected({ code: 'RECONCILIATION_ITEM_NOT_FOUND', field: 'itemId' });
  });
});
