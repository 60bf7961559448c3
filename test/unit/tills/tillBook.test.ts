/**
 * The till book and the journal's cash lines, on events as read models see them: a till's position moves with its
 * session's cash only (once per command), counts reset it, and every cash event books a balanced entry through till,
 * vault, cash-centre and over/short accounts. The teller command path and the cash rule agree on what is cash.
 */

import { describe, expect, it } from 'vitest';
import { accountDecider, type AccountCommand } from '@fidelis/shared/accounts/index.js';
import type { DomainEvent } from '@fidelis/shared/decider.js';
import { cashDirectionOf } from '@fidelis/shared/ledger/cash.js';
import { isBalanced, journalEntryOf } from '@fidelis/shared/ledger/readModels/journal.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { countTotal, denominationsOf, evolveTillBook, evolveVaultBook, signOffMinor, tellerCashOf, type TillBookEntry } from '@fidelis/shared/tills/index.js';

let seq = 0;
const event = (type: string, data: Record<string, unknown>, meta: Record<string, unknown> = {}): LedgerEvent => ({
  id: `e${++seq}`,
  type,
  storedType: `Fidelis.${type}.v1`,
  streamId: 's',
  version: 0,
  seq,
  occurredAt: '2026-11-26T15:00:00.000Z',
  recordedAt: '2026-11-26T15:00:00.000Z',
  meta: { commandId: `c${seq}`, correlationId: 'x', causationId: 'x', actor: 'tom', deviceId: 'ws-1', branchId: 'BR001', ...meta },
  data,
});

const TILL = 'tom:ws-1:USD';
const opened = (session: number, counted: string) => event('TillOpened', { tillId: TILL, teller: 'tom', workstation: 'ws-1', currency: 'USD', businessDay: '2026-11-26', session, expected: counted, count: {}, counted, difference: '0' });
const deposit = (amount: string, extra: Record<string, unknown> = {}) => event('DepositMade', { accountId: 'a1', amount, sourceType: 'cash', currency: 'USD', channel: 'counter', tillId: TILL, tillSession: 0, ...extra });
const fold = (events: LedgerEvent[]): TillBookEntry | undefined => events.reduce<TillBookEntry | undefined>(evolveTillBook, undefined);

describe('the till book', () => {
  it('moves an open till by its session’s cash in and out, and by cash from and to the vault', () => {
    const entry = fold([
      opened(0, '10000'),
      deposit('2500'),
      event('WithdrawalMade', { accountId: 'a1', amount: '1000', channel: 'cash', tillId: TILL, tillSession: 0 }),
      event('CashIssuedToTill', { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount: '50000', tillId: TILL, tillSession: 0, teller: 'tom', workstation: 'ws-1', receivedBy: 'tom' }),
      event('CashReturnedToVault', { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount: '20000', tillId: TILL, tillSession: 0, teller: 'tom', workstation: 'ws-1', receivedBy: 'sue' }),
    ]);
    expect(entry).toMatchObject({ status: 'OPEN', position: '41500', tally: { opening: '10000', customerIn: '2500', customerOut: '1000', fromVault: '50000', toVault: '20000', movements: 4 } });
  });

  it('counts a command once: the same command decided again after a sync does not move the till twice', () => {
    const first = deposit('2500');
    const again = { ...deposit('2500'), id: 'rebased', meta: first.meta };
    expect(fold([opened(0, '0'), first, again])?.position).toBe('2500');
  });

  it('leaves the position as counted for a movement of a session already closed, or a correction after the count', () => {
    const closed = event('TillClosed', { tillId: TILL, currency: 'USD', businessDay: '2026-11-26', session: 0, position: '2500', count: {}, counted: '2400', difference: '-100' });
    expect(fold([opened(0, '0'), deposit('2500'), closed, deposit('700')])).toMatchObject({ status: 'CLOSED', position: '2400' });
    expect(fold([opened(0, '0'), closed, opened(2, '2400'), deposit('300', { tillSession: 0 })])?.position).toBe('2400');
    const reversal = event('DepositReversed', { accountId: 'a1', originalEventId: 'e1', originalVersion: 1, amount: '300', currency: 'USD', reason: 'keyed twice', sourceType: 'cash', tillId: TILL, tillSession: 2, tillCounted: true });
    expect(fold([opened(2, '2400'), reversal])?.position).toBe('2400');
  });

  it('ignores what is not a till’s cash: a check, a transfer’s debit, a movement without a till', () => {
    const entry = fold([
      opened(0, '0'),
      deposit('100', { sourceType: 'check' }),
      event('WithdrawalMade', { accountId: 'a1', amount: '50', channel: 'transfer', tillId: TILL, tillSession: 0 }),
      event('DepositMade', { accountId: 'a1', amount: '10', sourceType: 'cash', currency: 'USD', channel: 'counter' }),
    ]);
    expect(entry).toMatchObject({ position: '0', tally: { movements: 0 } });
  });

  it('keeps each vault’s position, its last count and whether cash moved since', () => {
    const vault = [
      event('VaultCashReceived', { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount: '100000', reference: 'CC-1' }),
      event('VaultCounted', { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', businessDay: '2026-11-26', position: '100000', count: {}, counted: '99000', difference: '-1000' }),
      event('VaultCashShipped', { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount: '9000', reference: 'CC-2' }),
    ].reduce<ReturnType<typeof evolveVaultBook> | undefined>((entry, e) => evolveVaultBook(entry, e), undefined);
    expect(vault).toMatchObject({ position: '90000', counted: '99000', countedDay: '2026-11-26', lastDifference: '-1000', movedSinceCount: true });
  });
});

describe('the journal’s cash lines', () => {
  const entryOf = (e: LedgerEvent) => journalEntryOf(e, () => 'USD', 'UTC');

  it('books a customer’s cash through the till it went through, and without a till through teller cash', () => {
    expect(entryOf(deposit('2500'))?.lines).toEqual([
      { account: `till:${TILL}`, debit: '2500', credit: '0' },
      { account: 'customer:a1', debit: '0', credit: '2500' },
    ]);
    expect(entryOf(deposit('2500', { tillId: undefined }))?.lines[0]).toEqual({ account: 'branch:teller-cash', debit: '2500', credit: '0' });
  });

  it('clears cash over/short with a correction made after the till was counted', () => {
    const reversal = event('DepositReversed', { accountId: 'a1', originalEventId: 'e1', originalVersion: 1, amount: '300', currency: 'USD', reason: 'keyed twice', sourceType: 'cash', tillId: TILL, tillSession: 0, tillCounted: true });
    expect(entryOf(reversal)?.lines).toEqual([
      { account: 'customer:a1', debit: '300', credit: '0' },
      { account: 'branch:cash-over-short', debit: '0', credit: '300' },
    ]);
  });

  it('books vault, cash-centre and counted differences as balanced entries', () => {
    const cases: [LedgerEvent, string[]][] = [
      [event('CashIssuedToTill', { vaultId: 'BR001:USD', currency: 'USD', amount: '500', tillId: TILL, teller: 'tom' }), [`till:${TILL}`, 'vault:BR001:USD']],
      [event('CashReturnedToVault', { vaultId: 'BR001:USD', currency: 'USD', amount: '500', tillId: TILL, teller: 'tom' }), ['vault:BR001:USD', `till:${TILL}`]],
      [event('VaultCashReceived', { vaultId: 'BR001:USD', currency: 'USD', amount: '500', reference: 'CC-1' }), ['vault:BR001:USD', 'branch:cash-centre']],
      [event('VaultCashShipped', { vaultId: 'BR001:USD', currency: 'USD', amount: '500', reference: 'CC-2' }), ['branch:cash-centre', 'vault:BR001:USD']],
      [event('TillClosed', { tillId: TILL, currency: 'USD', businessDay: '2026-11-26', difference: '-2000', reason: 'short' }), ['branch:cash-over-short', `till:${TILL}`]],
      [event('TillOpened', { tillId: TILL, teller: 'tom', currency: 'USD', businessDay: '2026-11-26', difference: '150', reason: 'found' }), [`till:${TILL}`, 'branch:cash-over-short']],
      [event('VaultCounted', { vaultId: 'BR001:USD', currency: 'USD', businessDay: '2026-11-26', difference: '-100' }), ['branch:cash-over-short', 'vault:BR001:USD']],
    ];
    for (const [e, [debited, credited]] of cases) {
      const entry = entryOf(e)!;
      expect(isBalanced(entry), e.type).toBe(true);
      expect(entry.lines.map((l) => (l.debit !== '0' ? `Dr ${l.account}` : `Cr ${l.account}`)), e.type).toEqual([`Dr ${debited}`, `Cr ${credited}`]);
    }
    expect(entryOf(event('TillClosed', { tillId: TILL, currency: 'USD', businessDay: '2026-11-26', difference: '0' }))).toBeUndefined();
  });

  it('puts a posting stamped after the day’s close on the next business day', () => {
    expect(entryOf(deposit('100'))?.businessDay).toBe('2026-11-26');
    expect(entryOf(event('DepositMade', { accountId: 'a1', amount: '100', sourceType: 'check', currency: 'USD', channel: 'counter' }, { businessDay: '2026-11-27' }))?.businessDay).toBe('2026-11-27');
  });
});

describe('what a teller’s command moves over the counter', () => {
  const commands: AccountCommand[] = [
    { type: 'MakeDeposit', accountId: 'a1', amount: '10.00', sourceType: 'cash', channel: 'counter' },
    { type: 'MakeDeposit', accountId: 'a1', amount: '10.00', sourceType: 'check', channel: 'counter' },
    { type: 'MakeWithdrawal', accountId: 'a1', amount: '10.00', channel: 'cash' },
    { type: 'MakeWithdrawal', accountId: 'a1', amount: '10.00', channel: 'transfer' },
  ];
  it('agrees with the cash rule on the event the command makes', () => {
    const state = accountDecider.evolve(accountDecider.initialState, { type: 'AccountOpened', data: { accountId: 'a1', number: '1', holder: 'A', owners: ['c'], currency: 'USD', openingDeposit: '100000', openingDepositSource: 'check', overdraftLimit: '0' } });
    for (const command of commands) {
      const [made] = accountDecider.decide(command, state, { now: '2026-11-26T10:00:00Z' }) as DomainEvent[];
      expect(tellerCashOf(command as Parameters<typeof tellerCashOf>[0])?.direction, `${command.type} ${JSON.stringify(command)}`).toBe(cashDirectionOf(made as LedgerEvent));
    }
    expect(tellerCashOf({ type: 'OpenAccount', openingDeposit: '0.00', openingDepositSource: 'cash' })).toBeUndefined();
    expect(tellerCashOf({ type: 'OpenAccount', openingDeposit: '5', openingDepositSource: 'cash' })).toEqual({ direction: 'IN', amount: '5' });
  });
});

describe('denominations', () => {
  it('adds up a count exactly in minor units, for currencies with 0, 2 and 3 decimals', () => {
    expect(countTotal('USD', { N100: 24, N20: 4, 'C0.25': 3, 'C0.01': 2 })).toBe(248077n);
    expect(countTotal('JPY', { N10000: 2, C500: 1, C1: 3 })).toBe(20503n);
    expect(countTotal('KWD', { 'N0.25': 2, 'C0.005': 3 })).toBe(515n);
  });

  it('has a table per cash currency, largest note first, each id unique', () => {
    for (const currency of ['USD', 'EUR', 'GBP', 'JPY', 'KWD', 'CHF']) {
      const table = denominationsOf(currency);
      expect(new Set(table.map((d) => d.id)).size, currency).toBe(table.length);
      const notes = table.filter((d) => d.kind === 'note').map((d) => BigInt(d.value));
      expect(notes, currency).toEqual([...notes].sort((a, b) => (a > b ? -1 : 1)));
    }
    expect(() => denominationsOf('BRL')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY', field: 'currency' }));
  });

  it('reads the sign-off amount in each currency without ever rounding it up', () => {
    expect(signOffMinor('10.00', 'USD')).toBe(1000n);
    expect(signOffMinor('10.99', 'JPY')).toBe(10n);
    expect(signOffMinor('10.5', 'KWD')).toBe(10500n);
  });
});
