/**
 * Teller cash in main: the TillBook read model, the branch calendar (and its business-day enricher), one lock per
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
import type { CashRules, TillCommandReads } from './tillCommands.js';
import { createTillLocks } from './tillLocks.js';

export interface TillsDeps {
  readonly readModels: Pick<ReadModels, 'document' | 'documents'>;
  readonly branchId: string;
  readonly deviceId: string;
  readonly timeZone: () => string;
  readonly rules: () => CashRules;
  readonly clock: () => Date;
  waitForInline(seq: number): Promise<void>;
  /** Staff is built after the command service that needs this module: read when a second person confirms. */
  readonly staff: () => Pick<Staff, 'authenticate'>;
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
  /** Reads the branch's last close from the book once it has caught up at start-up. */
  start(): Promise<void>;
  /** A teller's tills on this workstation. */
  mine(teller: string): Promise<MyTills>;
  /** The branch's tills and vaults, and what keeps its current business day from closing. */
  branchDay(): Promise<BranchDayDto>;
}

const money = (minor: string, currency: string) => formatAmount(BigInt(minor), currency);

export function tillViewOf(entry: TillBookEntry): TillViewDto {
  const m = (minor: string) => money(minor, entry.currency);
  const { session } = entry;
  return {
    tillId: entry.tillId,
    teller: entry.teller,
    workstation: entry.workstation,
    currency: entry.currency,
    status: entry.status,
    businessDay: entry.businessDay,
    position: m(entry.position),
    opening: m(session.opening),
    customerIn: m(session.customerIn),
    customerOut: m(session.customerOut),
    fromVault: m(session.fromVault),
    toVault: m(session.toVault),
    movements: session.movements,
    counted: session.counted === undefined ? null : m(session.counted),
    difference: session.difference === undefined ? null : m(session.difference),
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
  const calendar = createBranchCalendar({ clock: deps.clock, timeZone: deps.timeZone });
  const projection = tillBookProjection((branchId, businessDay) => {
    if (branchId === deps.branchId) calendar.observe(businessDay);
  });
  const commandReads: TillCommandReads = { book, calendar, locks: createTillLocks(), rules: deps.rules, now: deps.clock, waitForInline: (seq) => deps.waitForInline(seq) };

  return {
    book,
    calendar,
    projection,
    commandReads,
    secondPerson: createSecondPersonCheck(deps.staff),
    async start() {
      const lastClosed = await book.lastClosed(deps.branchId);
      if (lastClosed !== undefined) calendar.observe(lastClosed);
    },
    async mine(teller) {
      const tills = (await book.tills(deps.branchId)).filter((t) => t.teller === teller && t.workstation === deps.deviceId);
      return {
        businessDay: calendar.current(deps.clock()),
        workstation: deps.deviceId,
        tills: tills.map(tillViewOf),
        currencies: [...CASH_CURRENCIES],
        signOffAmount: deps.rules().signOffAmount,
      };
    },
    async branchDay() {
      const [tills, vaults] = await Promise.all([book.tills(deps.branchId), book.vaults(deps.branchId)]);
      const businessDay = calendar.current(deps.clock());
      const blockers = dayCloseBlockers(branchCashOf(deps.branchId, businessDay, tills, vaults), businessDay);
      return { branchId: deps.branchId, businessDay, lastClosed: calendar.lastClosed() ?? null, tills: tills.map(tillViewOf), vaults: vaults.map(vaultViewOf), blockers };
    },
  };
}
