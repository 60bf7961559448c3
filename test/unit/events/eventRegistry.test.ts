/** The event registry: stored type names, upcasting old payloads on read, and upcaster chains checked at start-up. */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEventRegistry, UpcasterChainError, type Upcaster } from '@fidelis/shared/events/registry.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { accountEvents } from '../../support/accountFixtures.js';

// A small registry of its own, so these checks do not move when the ledger's events gain versions.
const definitions = {
  ParcelSent: { version: 3, schema: z.object({ weight: z.number(), carrier: z.string(), insured: z.boolean() }) },
  ParcelLost: { version: 1, schema: z.object({ reason: z.string() }) },
};
const up = (name: string, from: number, change: (data: Record<string, unknown>) => Record<string, unknown>): Upcaster => ({
  name,
  from,
  to: from + 1,
  up: (data) => change(data),
});
const parcelChain = [up('ParcelSent', 1, (d) => ({ ...d, carrier: 'unknown' })), up('ParcelSent', 2, (d) => ({ ...d, insured: false }))];

describe('encoding and decoding events', () => {
  const registry = createEventRegistry(definitions, parcelChain);

  it('stores an event under Fidelis.<Event>.v<today>', () => {
    expect(registry.encode({ type: 'ParcelSent', data: { weight: 2, carrier: 'DHL', insured: true } })).toEqual({
      type: 'Fidelis.ParcelSent.v3',
      data: { weight: 2, carrier: 'DHL', insured: true },
    });
    expect(registry.encode({ type: 'ParcelLost', data: { reason: 'storm' } }).type).toBe('Fidelis.ParcelLost.v1');
  });

  it('refuses to encode a payload that breaks its schema, or an unregistered event', () => {
    expect(() => registry.encode({ type: 'ParcelSent', data: { weight: 'heavy' } })).toThrow();
    expect(() => registry.encode({ type: 'ParcelFound', data: {} })).toThrow(/not registered/);
  });

  it('decodes today’s version as stored', () => {
    expect(registry.decode('Fidelis.ParcelSent.v3', { weight: 1, carrier: 'UPS', insured: true })).toEqual({
      type: 'ParcelSent',
      data: { weight: 1, carrier: 'UPS', insured: true },
    });
  });

  it('upcasts an old version one step at a time up to today’s, without touching the stored payload', () => {
    const stored = { weight: 5 };
    expect(registry.decode('Fidelis.ParcelSent.v1', stored)).toEqual({ type: 'ParcelSent', data: { weight: 5, carrier: 'unknown', insured: false } });
    expect(registry.decode('Fidelis.ParcelSent.v2', { weight: 5, carrier: 'DHL' })?.data).toEqual({ weight: 5, carrier: 'DHL', insured: false });
    expect(stored).toEqual({ weight: 5 });
  });

  it('returns undefined for a type this build does not know (a newer version, another event, a malformed name)', () => {
    expect(registry.decode('Fidelis.ParcelSent.v4', { weight: 1 })).toBeUndefined();
    expect(registry.decode('Fidelis.ParcelFound.v1', {})).toBeUndefined();
    expect(registry.decode('ParcelSent', {})).toBeUndefined();
    expect(registry.isKnown('Fidelis.ParcelSent.v1')).toBe(true);
    expect(registry.isKnown('Fidelis.ParcelSent.v4')).toBe(false);
  });
});

describe('upcaster chains are checked when the registry is built', () => {
  it('accepts a complete chain', () => {
    expect(() => createEventRegistry(definitions, parcelChain)).not.toThrow();
  });

  it('refuses two upcasters from the same version', () => {
    expect(() => createEventRegistry(definitions, [...parcelChain, up('ParcelSent', 1, (d) => d)])).toThrow(UpcasterChainError);
  });

  it('refuses a gap in the chain', () => {
    const build = () => createEventRegistry(definitions, [up('ParcelSent', 1, (d) => d)]);
    expect(build).toThrow(UpcasterChainError);
    expect(build).toThrow(/v2/);
  });

  it('refuses an upcaster that goes past today’s version', () => {
    expect(() => createEventRegistry(definitions, [...parcelChain, up('ParcelSent', 3, (d) => d)])).toThrow(UpcasterChainError);
    expect(() => createEventRegistry(definitions, [up('ParcelLost', 1, (d) => d)])).toThrow(UpcasterChainError);
  });

  it('refuses an upcaster for an event nobody defines, or from v0', () => {
    expect(() => createEventRegistry(definitions, [...parcelChain, up('ParcelFound', 1, (d) => d)])).toThrow(UpcasterChainError);
    expect(() => createEventRegistry(definitions, [...parcelChain, up('ParcelSent', 0, (d) => d)])).toThrow(UpcasterChainError);
  });

  it('builds the ledger’s own registry', () => {
    expect(() => createLedgerEventRegistry()).not.toThrow();
  });
});

describe('the ledger registry', () => {
  const registry = createLedgerEventRegistry();
  const ev = accountEvents('acc-9');

  it('names every account event Fidelis.<Event>.v<N> and decodes what it encodes', () => {
    for (const event of [ev.opened('12.34'), ev.deposited('5'), ev.withdrew('1'), ev.closed()]) {
      const stored = registry.encode(event);
      expect(stored.type).toMatch(new RegExp(`^Fidelis\\.${event.type}\\.v[1-9]\\d*$`));
      expect(registry.decode(stored.type, stored.data)).toEqual(event);
    }
  });

  it('reads a DepositMade v1 with sourceType "unknown" and never rewrites the stored payload', () => {
    const stored = { accountId: 'acc-9', amount: '500' };
    const context = { streamId: 'account-acc-9', facts: { currency: 'USD' } };
    const decoded = registry.decode('Fidelis.DepositMade.v1', stored, context);
    expect(decoded?.type).toBe('DepositMade');
    expect(decoded?.data).toMatchObject({ accountId: 'acc-9', amount: '500', sourceType: 'unknown' });
    expect(stored).toEqual({ accountId: 'acc-9', amount: '500' });
  });
});
