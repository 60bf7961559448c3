/**
 * The branch's business day: closed once every till is closed and every vault counted after its last movement.
 * After the close, postings belong to the next business day (currentBusinessDay), and reports of the closed day are final.
 */

import type { CommandContext, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { businessDayOf, nextDay } from '../ledger/businessDay.js';
import type { BranchCash, BranchDayCommand } from './commands.js';
import type { BranchDayEvent } from './events.js';

export interface BranchDayState {
  readonly branchId: string;
  /** The last business day closed, if any. */
  readonly lastClosed: string | undefined;
  readonly version: number;
}

export const initialBranchDayState: BranchDayState = { branchId: '', lastClosed: undefined, version: -1 };

/**
 * The business day a posting made now belongs to: the branch's calendar date, unless that day (or a later one) is
 * already closed, in which case the day after the last close.
 */
export function currentBusinessDay(now: Date | string, timeZone: string, lastClosed: string | undefined): string {
  const calendar = businessDayOf(now, timeZone);
  return lastClosed !== undefined && calendar <= lastClosed ? nextDay(lastClosed) : calendar;
}

/** What keeps a day from closing, in words a supervisor can act on; empty when it may close. */
export function dayCloseBlockers(branch: BranchCash, businessDay: string): string[] {
  const tills = branch.tills.filter((t) => t.open).map((t) => `${t.teller}'s ${t.currency} till (${t.tillId}) is open: the teller closes it.`);
  const vaults = branch.vaults
    .filter((v) => v.movedSinceCount || v.countedDay !== businessDay)
    .map((v) => (v.countedDay === businessDay ? `The ${v.currency} vault moved after its count: count it again.` : `The ${v.currency} vault has not been counted on ${businessDay}: count it.`));
  return [...tills, ...vaults];
}

function close(command: BranchDayCommand, state: BranchDayState): BranchDayEvent[] {
  const branch = command.branch;
  if (!branch) throw new DomainError('VALIDATION', "The branch's tills and vaults could not be read.", 'branch');
  const businessDay = command.businessDay ?? branch.currentDay;
  if (state.lastClosed !== undefined && businessDay <= state.lastClosed) {
    throw new DomainError('DAY_CLOSED', `The business day ${businessDay} is already closed (the last close was ${state.lastClosed}).`, 'businessDay');
  }
  if (businessDay > branch.currentDay) {
    throw new DomainError('VALIDATION', `The business day ${businessDay} has not begun: the current business day is ${branch.currentDay}.`, 'businessDay');
  }
  const blockers = dayCloseBlockers(branch, businessDay);
  if (blockers.length > 0) throw new DomainError('DAY_NOT_READY', `${businessDay} cannot close yet. ${blockers.join(' ')}`, 'businessDay');
  return [
    {
      type: 'BusinessDayClosed',
      data: {
        branchId: branch.branchId,
        businessDay,
        tills: branch.tills.map(({ tillId, teller, currency, counted }) => ({ tillId, teller, currency, counted })),
        vaults: branch.vaults.map(({ vaultId, currency, counted }) => ({ vaultId, currency, counted })),
      },
    },
  ];
}

export function decideBranchDay(command: BranchDayCommand, state: BranchDayState, _context: CommandContext): readonly BranchDayEvent[] | DomainError {
  try {
    return close(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

export function evolveBranchDay(state: BranchDayState, event: BranchDayEvent): BranchDayState {
  return { branchId: event.data.branchId, lastClosed: event.data.businessDay, version: state.version + 1 };
}

export const branchDayDecider: Decider<BranchDayCommand, BranchDayEvent, BranchDayState> = { initialState: initialBranchDayState, decide: decideBranchDay, evolve: evolveBranchDay };
