/**
 * Teller cash in the command path. A teller's cash deposit or withdrawal goes through their open till on this
 * workstation: a withdrawal larger than the till holds is refused before anything is stored, and the movement
 * records the till it went through. Till, vault and day-close commands get the facts only main knows (whose till,
 * what its book holds, the business day, who confirmed) before their aggregate decides. The till is held for the
 * whole check-append-book step.
 */

import type { OpenAccount, MakeDeposit, MakeWithdrawal, ReversalOriginal } from '@fidelis/shared/accounts/index.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { parseEnteredAmount } from '@fidelis/shared/money/money.js';
import { formatMoney } from '@fidelis/shared/money/display.js';
import { branchCashOf, signOffMinor, tellerCashOf, tillIdOf, type CashCommand, type TillFacts } from '@fidelis/shared/tills/index.js';
import { runCommand, type CommandOutcome, type PipelineDeps } from '../ledger/commandPipeline.js';
import type { BranchCalendar } from './branchCalendar.js';
import type { TillBook } from './tillBook.js';
import type { TillLocks } from './tillLocks.js';
import { branchDaySlice, tillSlice, vaultSlice } from './tillSlices.js';

/** The branch's rules for cash (settings): the sign-off amount, and whether cash needs an open till. */
export interface CashRules {
  /** Major units: a counted difference strictly over it needs a supervisor's sign-off. */
  readonly signOffAmount: string;
  /** When set, a teller without an open till in the account's currency cannot take in or pay out cash. */
  readonly cashNeedsOpenTill: boolean;
}

export interface TillCommandReads {
  readonly book: Pick<TillBook, 'till' | 'tills' | 'vaults'>;
  readonly calendar: Pick<BranchCalendar, 'currentDay' | 'dated'>;
  readonly locks: TillLocks;
  readonly rules: () => CashRules;
  /** A reversal's original, marked when the till it went through was counted since (shared/accounts/reversal.ts). */
  sinceCounted(original: ReversalOriginal | undefined): Promise<ReversalOriginal | undefined>;
}

/** Whether a movement's till session is still open: if not, its count already found what a correction of it changes. */
export async function markCounted(book: Pick<TillBook, 'till'>, original: ReversalOriginal | undefined): Promise<ReversalOriginal | undefined> {
  if (original?.tillId === undefined) return original;
  const entry = await book.till(original.tillId);
  const open = entry?.status === 'OPEN' && (original.tillSession === undefined || original.tillSession === entry.session);
  return open ? original : { ...original, tillCounted: true };
}

type Run<C> = (command: C, meta: EventMeta) => Promise<CommandOutcome>;

/** Runs `work` holding the till: the next command on it reads the book once the book holds what this one appended. */
function holding(tills: TillCommandReads, tillId: string, work: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
  return tills.locks.holding(tillId, work);
}

/** The till as its book stands: a closed or unknown till holds what its last count left (nothing before the first). */
async function factsOf(tills: TillCommandReads, tillId: string, teller: string, workstation: string): Promise<TillFacts> {
  const entry = await tills.book.till(tillId);
  const open = entry?.status === 'OPEN';
  return { tillId, teller, workstation, businessDay: open ? entry.businessDay : await tills.calendar.currentDay(), position: entry?.position ?? '0', open, session: open ? entry.session : -1 };
}

const approvedByOf = (meta: EventMeta): string | undefined => (typeof meta.approvedBy === 'string' ? meta.approvedBy : undefined);

/** A retry of a command already recorded gets its first answer (runCommand), never a second check against today's till. */
const isRetry = async (deps: PipelineDeps, meta: EventMeta): Promise<boolean> => (await deps.store.findByCommand(meta.commandId)) !== undefined;

/**
 * A teller's cash movement through their open till. `currencyOf` reads the account's currency (undefined when there
 * is no such account: the account's decider refuses it). A command that names its till already (sync deciding it
 * again) keeps it: the cash went over the counter when it was first posted.
 */
export async function throughTill<C extends MakeDeposit | MakeWithdrawal | OpenAccount>(
  deps: PipelineDeps,
  command: C,
  meta: EventMeta,
  tills: TillCommandReads,
  currencyOf: () => Promise<string | undefined>,
  run: Run<C>,
): Promise<CommandOutcome> {
  const cash = tellerCashOf(command);
  if (!cash || command.tillId !== undefined || (await isRetry(deps, meta))) return run(command, meta);
  const currency = await currencyOf();
  if (currency === undefined) return run(command, meta);
  const tillId = tillIdOf(meta.actor, meta.deviceId, currency);
  const entry = await tills.book.till(tillId);
  if (entry?.status !== 'OPEN') {
    if (tills.rules().cashNeedsOpenTill) throw new DomainError('TILL_NOT_OPEN', `Open your ${currency} till on this workstation before you take in or pay out cash.`, 'till');
    return run(command, meta);
  }
  return holding(tills, tillId, async () => {
    if (cash.direction === 'OUT') {
      const position = BigInt((await tills.book.till(tillId))?.position ?? '0');
      const amount = enteredOrUndefined(cash.amount, currency);
      if (amount !== undefined && amount > position) {
        throw new DomainError('TILL_SHORT_OF_CASH', `Your ${currency} till holds ${formatMoney(position, currency)}: buy cash from the vault before paying out ${formatMoney(amount, currency)}.`, 'amount');
      }
    }
    const booked = { ...command, tillId, tillSession: entry.session };
    return run(booked, { ...meta, command: booked });
  });
}

/** An amount as entered, or undefined when it is none: the account's decider refuses it with the words it always uses. */
function enteredOrUndefined(amount: string, currency: string): bigint | undefined {
  try {
    return parseEnteredAmount(amount, currency);
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

/** Till, vault and day-close commands: completed with main's facts (unless sync decides one again with them), then decided. */
export async function runCashCommand(deps: PipelineDeps, command: CashCommand, meta: EventMeta, commandHash: string, tills: TillCommandReads): Promise<CommandOutcome> {
  const approvedBy = approvedByOf(meta);
  const signOffOver = (currency: string) => signOffMinor(tills.rules().signOffAmount, currency).toString();
  switch (command.type) {
    case 'OpenTill':
    case 'CloseTill': {
      if (command.till) return runCommand(deps, tillSlice, command, meta, commandHash);
      const tillId = tillIdOf(meta.actor, meta.deviceId, command.currency);
      return holding(tills, tillId, async () => {
        const filled = { ...command, till: await factsOf(tills, tillId, meta.actor, meta.deviceId), signOffOver: signOffOver(command.currency), ...(approvedBy ? { signedOffBy: approvedBy } : {}) };
        return runCommand(deps, tillSlice, filled, { ...meta, command: filled }, commandHash);
      });
    }
    case 'IssueCashToTill':
    case 'ReturnCashToVault': {
      if (command.till) return runCommand(deps, vaultSlice, command, meta, commandHash);
      // Cash changes hands at the till: its workstation is where both people are.
      const teller = command.type === 'IssueCashToTill' ? command.teller : meta.actor;
      const tillId = tillIdOf(teller, meta.deviceId, command.currency);
      return holding(tills, tillId, async () => {
        const filled = { ...command, branchId: meta.branchId, till: await factsOf(tills, tillId, teller, meta.deviceId), ...(approvedBy ? { receivedBy: approvedBy } : {}) };
        return runCommand(deps, vaultSlice, filled, { ...meta, command: filled }, commandHash);
      });
    }
    case 'ReceiveCashShipment':
    case 'ShipCashToCentre': {
      const filled = command.branchId === undefined ? { ...command, branchId: meta.branchId } : command;
      return runCommand(deps, vaultSlice, filled, { ...meta, command: filled }, commandHash);
    }
    case 'CountVault': {
      const filled =
        command.branchId === undefined
          ? { ...command, branchId: meta.branchId, businessDay: await tills.calendar.currentDay(), signOffOver: signOffOver(command.currency), ...(approvedBy ? { signedOffBy: approvedBy } : {}) }
          : command;
      return runCommand(deps, vaultSlice, filled, { ...meta, command: filled }, commandHash);
    }
    case 'CloseBusinessDay': {
      if (command.branch) return runCommand(deps, branchDaySlice, command, meta, commandHash);
      const [tillEntries, vaultEntries] = await Promise.all([tills.book.tills(meta.branchId), tills.book.vaults(meta.branchId)]);
      const branch = branchCashOf(meta.branchId, await tills.calendar.currentDay(), tillEntries, vaultEntries);
      const filled = { ...command, branch };
      return runCommand(deps, branchDaySlice, filled, { ...meta, command: filled }, commandHash);
    }
  }
}
