/** The hash chain's definition: what it covers (content, order, the previous hash), what it leaves out (positions), and the ledger head digest. */

import { describe, expect, it } from 'vitest';
import { chainHash as gatewayChainHash, contentHashOf } from '../../../gateway/hashing.js';
import { chainEvents, ledgerHeadHash, sha256Hex } from '../../../main/integrity/chainHash.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';

const event = (version: number, amount: string, extra: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: `01EVENT${version}`,
  type: 'Fidelis.DepositMade.v3',
  streamId: 'account-u1',
  version,
  seq: version + 1,
  gpos: null,
  occurredAt: '2026-01-01T09:00:00.000Z',
  recordedAt: '2026-01-01T09:00:00.000Z',
  data: { accountId: 'u1', amount, currency: 'USD', sourceType: 'cash' },
  meta: { commandId: `c${version}`, correlationId: `c${version}`, causationId: `c${version}`, actor: 'teller', deviceId: 'd1', branchId: 'BR001' },
  ...extra,
});

const events = [event(0, '100'), event(1, '250'), event(2, '75')];

describe('the stream hash chain', () => {
  it('is the gateway’s rolling hash, event by event from the empty string', () => {
    const rolling = events.reduce((h, e) => gatewayChainHash(h, contentHashOf(e)), '');
    expect(chainEvents('', events)).toBe(rolling);
    // A commit continues from the previous commit's hash.
    expect(chainEvents(chainEvents('', events.slice(0, 1)), events.slice(1))).toBe(rolling);
  });

  it('leaves positions out, so every device and the gateway agree, whatever seq or gpos each assigned', () => {
    const elsewhere = events.map((e, i) => ({ ...e, seq: 1000 + i, gpos: 7 + i }));
    expect(chainEvents('', elsewhere)).toBe(chainEvents('', events));
    // Key order is not content either.
    const reordered = events.map(({ data, meta, ...rest }) => ({ meta, data: Object.fromEntries(Object.entries(data).reverse()), ...rest }) as EventEnvelope);
    expect(chainEvents('', reordered)).toBe(chainEvents('', events));
  });

  it('changes with any change of content, order or history', () => {
    const base = chainEvents('', events);
    expect(chainEvents('', [events[0]!, event(1, '251'), events[2]!])).not.toBe(base);
    expect(chainEvents('', [events[0]!, { ...events[1]!, meta: { ...events[1]!.meta, actor: 'someone-else' } }, events[2]!])).not.toBe(base);
    expect(chainEvents('', [events[0]!, events[2]!, events[1]!])).not.toBe(base);
    expect(chainEvents('', [events[0]!, events[2]!])).not.toBe(base);
    expect(chainEvents(sha256Hex('another history'), events)).not.toBe(base);
  });
});

describe('the ledger head hash', () => {
  const heads = [
    { streamId: 'account-a', version: 3, hash: 'a'.repeat(64) },
    { streamId: 'account-b', version: 0, hash: 'b'.repeat(64) },
    { streamId: 'transfer-x', version: 5, hash: 'c'.repeat(64) },
  ];

  it('does not depend on the order the heads were found in', () => {
    expect(ledgerHeadHash([...heads].reverse())).toBe(ledgerHeadHash(heads));
    expect(ledgerHeadHash([])).toBe(sha256Hex('[]'));
  });

  it('pins every head: another version, hash or stream changes it', () => {
    const base = ledgerHeadHash(heads);
    expect(ledgerHeadHash([{ ...heads[0]!, version: 4 }, heads[1]!, heads[2]!])).not.toBe(base);
    expect(ledgerHeadHash([heads[0]!, { ...heads[1]!, hash: 'd'.repeat(64) }, heads[2]!])).not.toBe(base);
    expect(ledgerHeadHash(heads.slice(0, 2))).not.toBe(base);
  });
});
