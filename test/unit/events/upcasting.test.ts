/** Upcasting: old events read at today's version through a one-step chain checked when the registry is built. */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEventRegistry, UpcasterChainError, type Upcaster } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { derivedCustomerIdOf } from '@fidelis/shared/customers/index.js';
import { cashDirectionOf } from '@fidelis/shared/ledger/cash.js';
import { depositMadeV3ToV4, ledgerUpcasters } from '@fidelis/shared/ledger/upcasters.js';

const thing = { version: 3, schema: z.object({ a: z.number(), b: z.number().optional(), c: z.number().optional() }) };
const step = (from: number, to = from + 1): Upcaster => ({ name: 'Thing', from, to, up: (data) => ({ ...data, [`v${to}`]: true }) });
const build = (upcasters: Upcaster[]) => () => createEventRegistry({ Thing: thing }, upcasters);

describe('the upcaster chain is checked when the registry is built', () => {
  it('accepts the ledger’s own chains (DepositMade v1 → v4, WithdrawalMade v1 → v2, AccountOpened v1 → v2)', () => {
    expect(() => createLedgerEventRegistry()).not.toThrow();
    expect(ledgerUpcasters.map((u) => `${u.name} v${u.from}→v${u.to}`)).toEqual([
      'DepositMade v1→v2',
      'DepositMade v2→v3',
      'DepositMade v3→v4',
      'WithdrawalMade v1→v2',
      'AccountOpened v1→v2',
    ]);
  });

  it('refuses two upcasters from the same version', () => {
    expect(build([step(1), step(1), step(2)])).toThrow(new UpcasterChainError('Two upcasters lift Thing from v1: keep one.'));
  });

  it('refuses a step that goes back (a cycle)', () => {
    expect(build([step(1), step(2), step(3, 2)])).toThrow(/goes back to an earlier version: the chain would cycle/);
  });

  it('refuses a gap between versions', () => {
    expect(build([step(1)])).toThrow(/Thing: no upcaster from v2 to v3, so a stored v1 cannot reach today's v3 \(gap in the chain\)/);
  });

  it('refuses a chain that goes past today’s version (never converges)', () => {
    expect(build([step(1), step(2), step(3)])).toThrow(/goes past today's Thing v3: the chain does not converge/);
  });

  it('refuses a step that skips versions', () => {
    expect(build([step(1, 3)])).toThrow(/skips versions/);
  });

  it('refuses an upcaster for an event nobody defines', () => {
    expect(() => createEventRegistry({ Thing: thing }, [{ ...step(1), name: 'Ghost' }, step(1), step(2)])).toThrow(/Ghost v1→v2 is for an event this build does not define/);
  });
});

describe('DepositMade is read at v4 whatever version it was written at', () => {
  const registry = createLedgerEventRegistry();
  const opened = { type: 'Fidelis.AccountOpened.v1', streamId: 'account-a', data: { accountId: 'a', number: 'N1', holder: 'Ann', currency: 'JPY', openingDeposit: '1000', overdraftLimit: '0' } };

  it('reads a v1 deposit with source "unknown" in the account’s currency', () => {
    const reader = createStreamReader(registry, 'account-a');
    reader.decode(opened);
    const deposit = reader.decode({ type: 'Fidelis.DepositMade.v1', streamId: 'account-a', data: { accountId: 'a', amount: '500' } });
    expect(deposit).toEqual({ type: 'DepositMade', data: { accountId: 'a', amount: '500', sourceType: 'unknown', currency: 'JPY', channel: 'counter' } });
  });

  it('reads a v2 deposit keeping its source, in the account’s currency', () => {
    const reader = createStreamReader(registry, 'account-a');
    reader.decode(opened);
    const deposit = reader.decode({ type: 'Fidelis.DepositMade.v2', streamId: 'account-a', data: { accountId: 'a', amount: '7', sourceType: 'cash' } });
    expect(deposit?.data).toEqual({ accountId: 'a', amount: '7', sourceType: 'cash', currency: 'JPY', channel: 'counter' });
  });

  it('never changes the stored payload it reads', () => {
    const stored = Object.freeze({ accountId: 'a', amount: '500' });
    const reader = createStreamReader(registry, 'account-a');
    reader.decode(opened);
    reader.decode({ type: 'Fidelis.DepositMade.v1', streamId: 'account-a', data: stored });
    expect(stored).toEqual({ accountId: 'a', amount: '500' });
  });

  it('refuses to guess the currency of an old deposit read without its stream', () => {
    expect(() => registry.decode('Fidelis.DepositMade.v1', { accountId: 'a', amount: '1' })).toThrow(/needs the stream's currency/);
  });

  it('hands a current event over as stored: no copy, no upcaster call', () => {
    let calls = 0;
    const counting = ledgerUpcasters.map((u): Upcaster => ({ ...u, up: (data, context) => (calls++, u.up(data, context)) }));
    const counted = createLedgerEventRegistry(counting);
    const data = { accountId: 'a', amount: '1', sourceType: 'cash', currency: 'USD', channel: 'counter' };
    const event = counted.decode('Fidelis.DepositMade.v4', data);
    expect(event?.data).toBe(data);
    expect(calls).toBe(0);
    const reader = createStreamReader(counted, 'account-a');
    // The opening v1 → v2, the deposit v1 → v2 → v3 → v4.
    reader.decode(opened);
    reader.decode({ type: 'Fidelis.DepositMade.v1', streamId: 'account-a', data: { accountId: 'a', amount: '1' } });
    expect(calls).toBe(4);
  });

  it('writes new deposits at v4 with the type name Fidelis.DepositMade.v4', () => {
    expect(registry.encode({ type: 'DepositMade', data: { accountId: 'a', amount: '1', sourceType: 'manual', currency: 'USD', channel: 'counter' } }).type).toBe('Fidelis.DepositMade.v4');
  });

  it('returns nothing for a type this build does not know, instead of failing', () => {
    expect(registry.decode('Fidelis.LoyaltyPointsAwarded.v1', { points: 5 })).toBeUndefined();
    expect(registry.decode('Fidelis.DepositMade.v9', { amount: '1' })).toBeUndefined();
    expect(registry.isKnown('Fidelis.DepositMade.v1')).toBe(true);
    expect(registry.isKnown('Fidelis.DepositMade.v9')).toBe(false);
  });
});

describe('events recorded before customers and channels are read with them', () => {
  const registry = createLedgerEventRegistry();
  const opened = { type: 'Fidelis.AccountOpened.v1', streamId: 'account-a', data: { accountId: 'a', number: 'N1', holder: 'Ann', currency: 'USD', openingDeposit: '1000', overdraftLimit: '0' } };
  const read = (type: string, data: Record<string, unknown>) => {
    const reader = createStreamReader(registry, 'account-a');
    reader.decode(opened);
    return reader.decode({ type, streamId: 'account-a', data });
  };

  it('reads a v1 opening as owned by the customer derived from the account, its opening deposit booked as cash as it was', () => {
    expect(createStreamReader(registry, 'account-a').decode(opened)?.data).toEqual({ ...opened.data, owners: [derivedCustomerIdOf('a')], openingDepositSource: 'cash' });
  });

  it('reads a v1 withdrawal with the channel the books of its time gave it, a v2 one with the channel it recorded', () => {
    expect(read('Fidelis.WithdrawalMade.v1', { accountId: 'a', amount: '5' })?.data).toMatchObject({ channel: 'cash' });
    expect(read('Fidelis.WithdrawalMade.v1', { accountId: 'a', amount: '5', reference: 'transfer:T1' })?.data).toMatchObject({ channel: 'transfer' });
    expect(read('Fidelis.WithdrawalMade.v1', { accountId: 'a', amount: '5', reference: 'payflow:pf_1' })?.data).toMatchObject({ channel: 'payment' });
    // From v2 on the reference is only text: a cash withdrawal typed `transfer:…` stays cash.
    const v2 = read('Fidelis.WithdrawalMade.v2', { accountId: 'a', amount: '5', reference: 'transfer:cash-counter', channel: 'cash' });
    expect(v2?.data).toMatchObject({ channel: 'cash' });
    expect(cashDirectionOf(v2 as Parameters<typeof cashDirectionOf>[0])).toBe('OUT');
  });

  it('reads a v3 deposit with the channel the books of its time gave it', () => {
    expect(read('Fidelis.DepositMade.v3', { accountId: 'a', amount: '5', sourceType: 'payflow', currency: 'USD' })?.data).toMatchObject({ channel: 'payment' });
    expect(read('Fidelis.DepositMade.v3', { accountId: 'a', amount: '5', sourceType: 'bank_transfer', currency: 'USD', reference: 'transfer:T1' })?.data).toMatchObject({ channel: 'transfer' });
    expect(read('Fidelis.DepositMade.v3', { accountId: 'a', amount: '5', sourceType: 'bank_transfer', currency: 'USD', reference: 'transfer:T1:reversal' })?.data).toMatchObject({ channel: 'reversal' });
    expect(depositMadeV3ToV4.up({ sourceType: 'cash', reference: 'SLIP-1' }, { streamId: 'account-a', facts: {} })).toMatchObject({ channel: 'counter' });
  });
});
