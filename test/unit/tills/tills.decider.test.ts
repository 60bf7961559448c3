/** The till, vault and branch-day rules given / when / then on the pure deciders: counts, differences, sign-offs, transfers, the day's close. */

import { describe, expect, it } from 'vitest';
import {
  branchDayDecider,
  currentBusinessDay,
  tillDecider,
  vaultDecider,
  type BranchCash,
  type CloseTill,
  type IssueCashToTill,
  type OpenTill,
  type TillEvent,
  type TillFacts,
  type VaultEvent,
} from '@fidelis/shared/tills/index.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const till = deciderScenario(tillDecider);
const vault = deciderScenario(vaultDecider);
const day = deciderScenario(branchDayDecider);

const facts = (fields: Partial<TillFacts> = {}): TillFacts => ({ tillId: 'tom:ws-1:USD', teller: 'tom', workstation: 'ws-1', businessDay: '2026-11-26', position: '0', open: false, session: -1, ...fields });
const open = (fields: Partial<OpenTill> = {}): OpenTill => ({ type: 'OpenTill', currency: 'USD', count: {}, till: facts(), signOffOver: '1000', ...fields });
const close = (position: string, fields: Partial<CloseTill> = {}): CloseTill => ({ type: 'CloseTill', currency: 'USD', count: {}, till: facts({ position, open: true, session: 0 }), signOffOver: '1000', ...fields });

const opened = (counted = '0'): TillEvent => ({
  type: 'TillOpened',
  data: { tillId: 'tom:ws-1:USD', teller: 'tom', workstation: 'ws-1', currency: 'USD', businessDay: '2026-11-26', session: 0, expected: counted, count: {}, counted, difference: '0' },
});

describe('opening a till', () => {
  it('records the count by denomination, its total, and the difference from the last closing', () => {
    const { then } = till.when(open({ count: { 'C0.25': 4, N100: 3, N5: 0, N20: 2 }, till: facts({ position: '34000' }), reason: 'Quarters found' }));
    then.expectAccepted();
    expect(then.events.first).toEqual({
      type: 'TillOpened',
      // Denominations in the table's order, those counted as none left out.
      data: { tillId: 'tom:ws-1:USD', teller: 'tom', workstation: 'ws-1', currency: 'USD', businessDay: '2026-11-26', session: 0, expected: '34000', count: { N100: 3, N20: 2, 'C0.25': 4 }, counted: '34100', difference: '100', reason: 'Quarters found' },
    });
    expect(then.state).toMatchObject({ status: 'OPEN', session: 0, businessDay: '2026-11-26' });
  });

  it('refuses a count that differs from the last closing without a reason, saying by how much', () => {
    till.when(open({ count: { N100: 1 }, till: facts({ position: '5000' }) })).then.expectRejected({ code: 'VALIDATION', field: 'reason', message: 'over by 50.00 USD against the last closing (50.00 USD)' });
  });

  it('refuses a denomination the currency does not have, on its field', () => {
    till.when(open({ count: { N3: 1 } })).then.expectRejected({ code: 'VALIDATION', field: 'count.N3', message: 'USD has no denomination N3' });
  });

  it('refuses to open a till twice', () => {
    till.given(opened()).when(open()).then.expectRejected({ code: 'TILL_ALREADY_OPEN', field: 'till' });
  });

  it('numbers each opening: the second session is the till stream version it starts at', () => {
    const { then } = till.given(opened()).givenCommands(close('0')).when(open());
    expect(then.events.first?.data).toMatchObject({ session: 2 });
  });
});

describe('closing a till', () => {
  it('books an exact count with no difference', () => {
    const { then } = till.given(opened()).when(close('12000', { count: { N100: 1, N20: 1 } }));
    expect(then.events.first?.data).toMatchObject({ session: 0, position: '12000', counted: '12000', difference: '0', businessDay: '2026-11-26' });
    expect(then.state.status).toBe('CLOSED');
  });

  it('needs a supervisor for a difference over the sign-off amount, and books it once signed off', () => {
    const short = close('250000', { count: { N100: 24, N20: 4 }, reason: 'Miscounted change' });
    till.given(opened()).when(short).then.expectRejected({ code: 'SIGN_OFF_REQUIRED', field: 'approval', message: 'short by 20.00 USD' });
    const { then } = till.given(opened()).when({ ...short, signedOffBy: 'sue' });
    expect(then.events.first?.data).toMatchObject({ counted: '248000', difference: '-2000', reason: 'Miscounted change', signedOffBy: 'sue' });
  });

  it('takes a difference at exactly the sign-off amount without a supervisor', () => {
    till.given(opened()).when(close('1000', { count: {}, reason: 'Counted twice', signOffOver: '1000' })).then.expectAccepted();
  });

  it('refuses to close a till that is not open', () => {
    till.when(close('0')).then.expectRejected({ code: 'TILL_NOT_OPEN' });
  });
});

const received = (amount: string): VaultEvent => ({ type: 'VaultCashReceived', data: { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount, reference: 'CC-1' } });
const issue = (fields: Partial<IssueCashToTill> = {}): IssueCashToTill => ({ type: 'IssueCashToTill', teller: 'tom', currency: 'USD', amount: '100.00', branchId: 'BR001', till: facts({ open: true, session: 0 }), receivedBy: 'tom', ...fields });

describe('the vault', () => {
  it('gives cash to an open till once its teller confirmed, and holds that much less', () => {
    const { then } = vault.given(received('50000')).when(issue());
    expect(then.events.first).toEqual({
      type: 'CashIssuedToTill',
      data: { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount: '10000', tillId: 'tom:ws-1:USD', tillSession: 0, teller: 'tom', workstation: 'ws-1', receivedBy: 'tom' },
    });
    expect(then.state).toMatchObject({ position: 40000n, movedSinceCount: true });
  });

  it('refuses without the receiver, with someone else as receiver, to a closed till, or more than it holds', () => {
    vault.given(received('50000')).when(issue({ receivedBy: undefined })).then.expectRejected({ code: 'APPROVAL_REQUIRED', field: 'approval' });
    vault.given(received('50000')).when(issue({ receivedBy: 'tina' })).then.expectRejected({ code: 'FORBIDDEN', field: 'approval' });
    vault.given(received('50000')).when(issue({ till: facts() })).then.expectRejected({ code: 'TILL_NOT_OPEN', field: 'teller' });
    vault.given(received('5000')).when(issue()).then.expectRejected({ code: 'VAULT_SHORT_OF_CASH', field: 'amount', message: 'holds 50.00 USD' });
  });

  it('takes cash back from a till no larger than the till holds', () => {
    const back = { type: 'ReturnCashToVault', currency: 'USD', amount: '30.00', branchId: 'BR001', till: facts({ open: true, session: 0, position: '2000' }), receivedBy: 'sue' } as const;
    vault.when(back).then.expectRejected({ code: 'TILL_SHORT_OF_CASH', field: 'amount' });
    const { then } = vault.when({ ...back, amount: '20.00' });
    expect(then.state.position).toBe(2000n);
  });

  it('ships to the cash centre only what it holds, and counts with a difference booked against its position', () => {
    vault.given(received('1000')).when({ type: 'ShipCashToCentre', currency: 'USD', amount: '10.01', reference: 'CC-2', branchId: 'BR001' }).then.expectRejected({ code: 'VAULT_SHORT_OF_CASH' });
    const count = { type: 'CountVault', currency: 'USD', count: { N5: 1, C1: 4 }, businessDay: '2026-11-26', branchId: 'BR001', signOffOver: '1000', reason: 'Wrapper short' } as const;
    const { then } = vault.given(received('1000')).when(count);
    expect(then.events.first?.data).toMatchObject({ position: '1000', counted: '900', difference: '-100', businessDay: '2026-11-26' });
    expect(then.state).toMatchObject({ position: 900n, countedDay: '2026-11-26', movedSinceCount: false });
  });
});

const branch = (fields: Partial<BranchCash> = {}): BranchCash => ({
  branchId: 'BR001',
  currentDay: '2026-11-26',
  tills: [{ tillId: 'tom:ws-1:USD', teller: 'tom', currency: 'USD', open: false, counted: '248000' }],
  vaults: [{ vaultId: 'BR001:USD', currency: 'USD', counted: '700000', countedDay: '2026-11-26', movedSinceCount: false }],
  ...fields,
});

describe("the branch's business day", () => {
  it('closes when every till is closed and every vault counted that day', () => {
    const { then } = day.when({ type: 'CloseBusinessDay', branch: branch() });
    expect(then.events.first?.data).toEqual({
      branchId: 'BR001',
      businessDay: '2026-11-26',
      tills: [{ tillId: 'tom:ws-1:USD', teller: 'tom', currency: 'USD', counted: '248000' }],
      vaults: [{ vaultId: 'BR001:USD', currency: 'USD', counted: '700000' }],
    });
    expect(then.state.lastClosed).toBe('2026-11-26');
  });

  it('stays open while a till is open, or a vault was not counted that day or moved after its count', () => {
    const openTill = branch({ tills: [{ tillId: 'tina:ws-2:USD', teller: 'tina', currency: 'USD', open: true, counted: '0' }] });
    day.when({ type: 'CloseBusinessDay', branch: openTill }).then.expectRejected({ code: 'DAY_NOT_READY', message: "tina's USD till (tina:ws-2:USD) is open" });
    day.when({ type: 'CloseBusinessDay', branch: branch({ vaults: [{ vaultId: 'BR001:USD', currency: 'USD', counted: '1', countedDay: '2026-11-25', movedSinceCount: false }] }) }).then.expectRejected({
      code: 'DAY_NOT_READY',
      message: 'has not been counted on 2026-11-26',
    });
    day.when({ type: 'CloseBusinessDay', branch: branch({ vaults: [{ vaultId: 'BR001:USD', currency: 'USD', counted: '1', countedDay: '2026-11-26', movedSinceCount: true }] }) }).then.expectRejected({
      code: 'DAY_NOT_READY',
      message: 'moved after its count',
    });
  });

  it('closes each day once, in order, and never a day that has not begun', () => {
    day.givenCommands({ type: 'CloseBusinessDay', branch: branch() }).when({ type: 'CloseBusinessDay', branch: branch() }).then.expectRejected({ code: 'DAY_CLOSED', field: 'businessDay' });
    day.when({ type: 'CloseBusinessDay', businessDay: '2026-11-27', branch: branch() }).then.expectRejected({ code: 'VALIDATION', field: 'businessDay' });
  });

  it('dates a posting after the close on the day after the last close, in the branch’s zone', () => {
    // 11 p.m. on the 26th in New York is already the 27th in UTC.
    expect(currentBusinessDay('2026-11-27T04:00:00.000Z', 'America/New_York', undefined)).toBe('2026-11-26');
    expect(currentBusinessDay('2026-11-27T04:00:00.000Z', 'America/New_York', '2026-11-26')).toBe('2026-11-27');
    expect(currentBusinessDay('2026-11-27T15:00:00.000Z', 'America/New_York', '2026-11-26')).toBe('2026-11-27');
    expect(currentBusinessDay('2026-11-27T15:00:00.000Z', 'America/New_York', '2026-11-27')).toBe('2026-11-28');
  });
});
