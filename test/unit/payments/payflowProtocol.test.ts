/** The PayFlow wire rules every side shares: the signature header, the signing string and how a webhook body is sorted. */

import { describe, expect, it } from 'vitest';
import { classifyWebhook, formatSignatureHeader, isWithinTolerance, parseSignatureHeader, webhookSigningString } from '@fidelis/shared/payflow/protocol.js';

const hex = 'a'.repeat(64);

describe('PayFlow signature header', () => {
  it('round-trips t and v1, accepts several v1 values, and rejects anything else', () => {
    expect(parseSignatureHeader(formatSignatureHeader(1_790_000_000, hex))).toEqual({ timestamp: 1_790_000_000, signatures: [hex] });
    expect(parseSignatureHeader(`t=5,v1=${hex},v1=${'b'.repeat(64)},v0=old`)).toEqual({ timestamp: 5, signatures: [hex, 'b'.repeat(64)] });
    for (const bad of [undefined, '', `v1=${hex}`, 't=5', `t=x,v1=${hex}`, 't=5,v1=abc', `t=5,t=6,v1=${hex}`, `t=5;v1=${hex}`]) {
      expect(parseSignatureHeader(bad)).toBeUndefined();
    }
    expect(webhookSigningString(12, '{"a":1}')).toBe('12.{"a":1}');
    expect([isWithinTolerance(1000, 1300), isWithinTolerance(1000, 1301), isWithinTolerance(1301, 1000)]).toEqual([true, false, false]);
  });
});

describe('PayFlow webhook bodies', () => {
  const payment = {
    id: 'pf_1',
    direction: 'inbound',
    amount: '25000',
    currency: 'USD',
    reference: 'r',
    status: 'completed',
    debtor: { name: 'G', accountNumber: '9' },
    creditor: { name: 'A', accountNumber: '1', accountId: 'acc-1' },
  };
  const envelope = { id: 'evt_1', type: 'payment.completed', created: '2026-11-26T10:00:00Z', data: { payment } };

  it('sorts payment events, unknown types (kept as envelopes) and malformed bodies', () => {
    expect(classifyWebhook(envelope)).toMatchObject({ kind: 'payment', event: { data: { payment: { amount: '25000' } } } });
    expect(classifyWebhook({ ...envelope, type: 'payment.disputed', data: { anything: true } })).toMatchObject({ kind: 'unknown', event: { id: 'evt_1', type: 'payment.disputed' } });
    expect(classifyWebhook({ ...envelope, data: { payment: { ...payment, amount: '250.00' } } })).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('data.payment.amount') });
    expect(classifyWebhook({ type: 'payment.completed' })).toMatchObject({ kind: 'malformed' });
    expect(classifyWebhook('nope')).toMatchObject({ kind: 'malformed' });
  });
});
