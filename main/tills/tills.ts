/**
 * Teller cash in main: the TillBook read model, the branch calendar, one lock per
 * till, the second-person check, what the command path reads, and the views the API and CLI show.
 */

import { formatAmount } from '@fidelis/shared/money/money.js';
import type { BranchDayDto, TillViewDto, VaultViewDto } from '@fidelis/shared/tills/api.js';
import { branchCashOf, CASH_CURRENCIES, dayCloseBlockers, type TillBookEntry, type VaultBookEntry } from '@fidelis/shared/tills/index.js';
import type { ProjectionDefinition } from '../projections/projection.js';
import type { ReadModels } from '../projections/readModels.js';
import type { Staff } from '../staff/staff.js';
import { createBranchCalendar, type BranchCalendar } from './branchCalendar.js';
import { createSecondPersonCheck, type SecondPersonCheck } from './secondPerson.js';
import { createTillBook, type TillBook } from './tillBook.js';
import { tillBookProjection } from './tillBookProjection.js';
import { markCounted, type CashRules, type TillCommandReads } from './tillCommands.js';
import { createTillLocks } from './tillLocks.js';

export interface TillsDeps {
  readonly readModels: Pick<ReadModels, 'document' | 'documents'>;
  readonly branchId: string;
  readonly deviceId: string;
  readonly timeZone: () => string;
  readonly rules: () => CashRules;
  readonly clock: () => Date;
  /** Staff is built after the command service that needs this module: read when a second person confirms. */
  readonly staff: () => Pick<Staff, 'confirm'>;
}

export interface MyTills {
  readonly businessDay: string;
  readonly workstation: string;
  readonly tills: TillViewDto[];
  readonly currencies: string[];
  readonly signOffAmount: string;
}

export interface Tills {
  readonly book: TillBook;
  readonly calendar: BranchCalendar;
  readonly projection: ProjectionDefinition;
  readonly commandReads: TillCommandReads;
  readonly secondPerson: SecondPersonCheck;
  /** A teller's tills on this workstation. */
  mine(teller: string): Promise<MyTills>;
  /** The branch's tills and vaults, and what keeps its current business day from closing. */
  branchDay(): Promise<BranchDayDto>;
}

const money = (minor: string, currency: string) => formatAmount(BigInt(minor), currency);

export function tillViewOf(entry: TillBookEntry): TillViewDto {
  const m = (minor: string) => money(minor, entry.currency);
  const { tally } = entry;
  return {
    tillId: entry.tillId,
    teller: entry.teller,
    workstation: entry.workstation,
    currency: entry.currency,
    status: entry.status,
    businessDay: entry.businessDay,
    position: m(entry.position),
    opening: m(tally.opening),
    customerIn: m(tally.customerIn),
    customerOut: m(tally.customerOut),
    fromVault: m(tally.fromVault),
    toVault: m(tally.toVault),
    movements: tally.movements,
    counted: tally.counted === undefined ? null : m(tally.counted),
    difference: tally.difference === undefined ? null : m(tally.difference),
  };
}

export function vaultViewOf(entry: VaultBookEntry): VaultViewDto {
  return {
    vaultId: entry.vaultId,
    currency: entry.currency,
    position: money(entry.position, entry.currency),
    counted: money(entry.counted, entry.currency),
    countedDay: entry.countedDay ?? null,
    lastDifference: entry.lastDifference === undefined ? null : money(entry.lastDifference, entry.currency),
    movedSinceCount: entry.movedSinceCount,
  };
}

export function createTills(deps: TillsDeps): Tills {
  const book = createTillBook(deps.readModels);
  const calendar = createBranchCalendar({ book, branchId: deps.branchId, clock: deps.clock, timeZone: deps.timeZone });
  const commandReads: TillCommandReads = {
    book,
    calendar,
    locks: createTillLocks(),
    rules: deps.rules,
    sinceCounted: (original) => markCounted(book, original),
  };

  return {
    book,
    calendar,
    projection: tillBookProjection,
    commandReads,
    secondPerson: createSecondPersonCheck(deps.staff),
    async mine(teller) {
      const tills = (await book.tills(deps.branchId)).filter((t) => t.teller === teller && t.workstation === deps.deviceId);
      return {
        businessDay: await calendar.currentDay(),
        workstation: deps.deviceId,
        tills: tills.map(tillViewOf),
        currencies: [...CASH_CURRENCIES],
        signOffAmount: deps.rules().signOffAmount,
      };
    },
    async branchDay() {
      const [tills, vaults] = await Promise.all([book.tills(deps.branchId), book.vaults(deps.branchId)]);
      const [businessDay, lastClosed] = await Promise.all([calendar.currentDay(), calendar.lastClosed()]);
      const blockers = dayCloseBlockers(branchCashOf(deps.branchId, businessDay, tills, vaults), businessDay);
      return { branchId: deps.branchId, businessDay, lastClosed: lastClosed ?? null, tills: tills.map(tillViewOf), vaults: vaults.map(vaultViewOf), blockers };
    },
  };
}
