/**
 * The tills' and vaults' book: what each holds by the ledger, folded from events. A till's position is its last
 * count moved by every cash movement booked to it since (customers' cash in and out through the teller who posted
 * it, the cash rule of shared/ledger/cash.ts deciding which way) and by cash bought from or sold to the vault.
 */

import { cashDirectionOf } from '../ledger/cash.js';
import type { BranchCash } from './commands.js';
import { minorOf, optionalText, text, type LedgerEvent } from '../ledger/readModels/ledgerEvent.js';

/** What moved a till, and by how much (positive: cash in). */
export interface TillMovement {
  readonly tillId: string;
  /** The opening of the till it belongs to (undefined: the till's current one). */
  readonly session: number | undefined;
  readonly amount: bigint;
  readonly kind: 'customer' | 'vault';
  /** A correction made after the till was counted: the count already found it, so it clears cash over/short instead. */
  readonly counted: boolean;
}

/**
 * The till an event moves, if any: a customer's cash movement booked to the till it was posted through (its
 * `tillId`), or cash between a till and the vault. Non-cash movements never touch a till.
 */
export function tillMovementOf(event: Pick<LedgerEvent, 'type' | 'data'>): TillMovement | undefined {
  const tillId = optionalText(event.data, 'tillId');
  if (tillId === undefined) return undefined;
  const session = typeof event.data.tillSession === 'number' ? event.data.tillSession : undefined;
  const counted = event.data.tillCounted === true;
  if (event.type === 'CashIssuedToTill') return { tillId, session, amount: minorOf(event.data), kind: 'vault', counted };
  if (event.type === 'CashReturnedToVault') return { tillId, session, amount: -minorOf(event.data), kind: 'vault', counted };
  const direction = cashDirectionOf(event);
  if (direction === undefined) return undefined;
  const amount = minorOf(event.data, event.type === 'AccountOpened' ? 'openingDeposit' : 'amount');
  return { tillId, session, amount: direction === 'IN' ? amount : -amount, kind: 'customer', counted };
}

/** One till as the book holds it. Amounts are minor units as integer strings. */
export interface TillBookEntry {
  readonly tillId: string;
  readonly teller: string;
  readonly workstation: string;
  readonly branchId: string;
  readonly currency: string;
  readonly status: 'OPEN' | 'CLOSED';
  /** The business day and number of the current (or last) session (which opening of the till). */
  readonly businessDay: string;
  readonly session: number;
  readonly position: string;
  /** The current (or last) session's figures: counted at opening, then cash in and out by kind. */
  readonly tally: {
    readonly openedAt: string;
    readonly closedAt: string | undefined;
    readonly opening: string;
    readonly customerIn: string;
    readonly customerOut: string;
    readonly fromVault: string;
    readonly toVault: string;
    readonly movements: number;
    /** The closing count and its difference, once closed. */
    readonly counted: string | undefined;
    readonly difference: string | undefined;
  };
  /** Commands whose movements the session holds (see once). */
  readonly applied: readonly string[];
}

/** One vault as the book holds it. */
export interface VaultBookEntry {
  readonly vaultId: string;
  readonly branchId: string;
  readonly currency: string;
  readonly position: string;
  /** The last count, its business day and difference; whether cash moved since. */
  readonly counted: string;
  readonly countedDay: string | undefined;
  readonly lastDifference: string | undefined;
  readonly movedSinceCount: boolean;
  /** The latest commands whose movements it holds (see once). */
  readonly applied: readonly string[];
}

/**
 * One command moves cash once. When sync decides a command again after another workstation's events, the new event
 * (same command id) replaces the provisional one; until the book is rebuilt without the provisional one, counting the
 * command a second time would move the position twice.
 */
const APPLIED_KEPT = 2_000;
const once = (applied: readonly string[], commandId: string): readonly string[] | undefined =>
  applied.includes(commandId) ? undefined : [...applied.slice(-(APPLIED_KEPT - 1)), commandId];

const plus = (value: string, amount: bigint): string => (BigInt(value) + amount).toString();

/** A till's entry after one of its events (TillOpened, TillClosed, or a movement it books); undefined stays undefined until the till opens. */
export function evolveTillBook(entry: TillBookEntry | undefined, event: LedgerEvent): TillBookEntry | undefined {
  if (event.type === 'TillOpened') {
    const counted = text(event.data, 'counted');
    return {
      tillId: text(event.data, 'tillId'),
      teller: text(event.data, 'teller'),
      workstation: text(event.data, 'workstation'),
      branchId: event.meta.branchId,
      currency: text(event.data, 'currency'),
      status: 'OPEN',
      businessDay: text(event.data, 'businessDay'),
      session: typeof event.data.session === 'number' ? event.data.session : 0,
      position: counted,
      tally: { openedAt: event.occurredAt, closedAt: undefined, opening: counted, customerIn: '0', customerOut: '0', fromVault: '0', toVault: '0', movements: 0, counted: undefined, difference: undefined },
      applied: [],
    };
  }
  if (!entry) return entry;
  if (event.type === 'TillClosed') {
    const counted = text(event.data, 'counted');
    return { ...entry, status: 'CLOSED', position: counted, tally: { ...entry.tally, closedAt: event.occurredAt, counted, difference: text(event.data, 'difference') } };
  }
  const movement = tillMovementOf(event);
  // A movement of a session already counted (synced or decided again after the close) was in that count's position.
  if (!movement || movement.counted || entry.status !== 'OPEN' || (movement.session !== undefined && movement.session !== entry.session)) return entry;
  const applied = once(entry.applied, event.meta.commandId);
  if (!applied) return entry;
  const { amount, kind } = movement;
  const tally = { ...entry.tally, movements: entry.tally.movements + 1 };
  const field = kind === 'vault' ? (amount >= 0n ? 'fromVault' : 'toVault') : amount >= 0n ? 'customerIn' : 'customerOut';
  return { ...entry, position: plus(entry.position, amount), tally: { ...tally, [field]: plus(tally[field], amount >= 0n ? amount : -amount) }, applied };
}

const VAULT_IN = new Set(['VaultCashReceived', 'CashReturnedToVault']);
const VAULT_OUT = new Set(['VaultCashShipped', 'CashIssuedToTill']);

/** A vault's entry after one of its events. */
export function evolveVaultBook(entry: VaultBookEntry | undefined, event: LedgerEvent): VaultBookEntry {
  const current: VaultBookEntry = entry ?? {
    vaultId: text(event.data, 'vaultId'),
    branchId: text(event.data, 'branchId'),
    currency: text(event.data, 'currency'),
    position: '0',
    counted: '0',
    countedDay: undefined,
    lastDifference: undefined,
    movedSinceCount: false,
    applied: [],
  };
  const applied = once(current.applied ?? [], event.meta.commandId);
  if (!applied) return current;
  if (event.type === 'VaultCounted') {
    const counted = text(event.data, 'counted');
    return { ...current, position: counted, counted, countedDay: text(event.data, 'businessDay'), lastDifference: text(event.data, 'difference'), movedSinceCount: false, applied };
  }
  const amount = minorOf(event.data);
  if (VAULT_IN.has(event.type)) return { ...current, position: plus(current.position, amount), movedSinceCount: true, applied };
  if (VAULT_OUT.has(event.type)) return { ...current, position: plus(current.position, -amount), movedSinceCount: true, applied };
  return current;
}

/** Events the book folds: tills', vaults', the day's close, and customers' movements (which count only with a till). */
export const TILL_BOOK_EVENTS = [
  'TillOpened',
  'TillClosed',
  'CashIssuedToTill',
  'CashReturnedToVault',
  'VaultCashReceived',
  'VaultCashShipped',
  'VaultCounted',
  'BusinessDayClosed',
  'AccountOpened',
  'DepositMade',
  'WithdrawalMade',
  'DepositReversed',
  'WithdrawalReversed',
];

export const isVaultEvent = (type: string): boolean => VAULT_IN.has(type) || VAULT_OUT.has(type) || type === 'VaultCounted';

/** The branch's tills and vaults as a day close reads them from the book. */
export function branchCashOf(branchId: string, currentDay: string, tills: readonly TillBookEntry[], vaults: readonly VaultBookEntry[]): BranchCash {
  return {
    branchId,
    currentDay,
    tills: tills.map((t) => ({ tillId: t.tillId, teller: t.teller, currency: t.currency, open: t.status === 'OPEN', counted: t.position })),
    vaults: vaults.map((v) => ({ vaultId: v.vaultId, currency: v.currency, counted: v.counted, movedSinceCount: v.movedSinceCount, ...(v.countedDay ? { countedDay: v.countedDay } : {}) })),
  };
}
