/**
 * The Till aggregate: one teller's cash drawer on one workstation in one currency. It opens and closes by count;
 * between the two, main books the teller's cash movements to it (the till's book, shared/tills/book.ts) and hands the
 * book's position to the decision, so a count is always compared with everything booked.
 */

import type { CommandContext, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import type { CloseTill, OpenTill, TillCommand, TillFacts } from './commands.js';
import { countTotal, normalisedCount } from './denominations.js';
import { countedDifference } from './counting.js';
import type { TillEvent } from './events.js';

export interface TillState {
  readonly status: 'NONE' | 'OPEN' | 'CLOSED';
  readonly tillId: string;
  readonly teller: string;
  readonly workstation: string;
  readonly currency: string;
  /** The business day and session of the current (or last) opening. */
  readonly businessDay: string;
  readonly session: number;
  /** Version of the last event folded in; -1 before the first opening. */
  readonly version: number;
}

export const initialTillState: TillState = { status: 'NONE', tillId: '', teller: '', workstation: '', currency: '', businessDay: '', session: -1, version: -1 };

/** The till facts main adds in the command path; a command without them never came through it. */
export function requireTillFacts(facts: TillFacts | undefined): TillFacts {
  if (!facts) throw new DomainError('VALIDATION', 'The till could not be identified: sign in on the workstation the till belongs to.', 'till');
  return facts;
}

function open(command: OpenTill, state: TillState): TillEvent[] {
  const facts = requireTillFacts(command.till);
  if (state.status === 'OPEN') {
    throw new DomainError('TILL_ALREADY_OPEN', `Your ${command.currency} till is already open for ${state.businessDay}: close it before opening it again.`, 'till');
  }
  const counted = countTotal(command.currency, command.count);
  const expected = BigInt(facts.position);
  const difference = countedDifference(command, counted, expected, 'the last closing');
  return [
    {
      type: 'TillOpened',
      data: {
        tillId: facts.tillId,
        teller: facts.teller,
        workstation: facts.workstation,
        currency: command.currency,
        businessDay: facts.businessDay,
        // The opening's own version in the till's stream: unique per till, and known before it is appended.
        session: state.version + 1,
        expected: expected.toString(),
        count: normalisedCount(command.currency, command.count),
        counted: counted.toString(),
        difference: difference.toString(),
        ...optional(command),
      },
    },
  ];
}

function close(command: CloseTill, state: TillState): TillEvent[] {
  const facts = requireTillFacts(command.till);
  if (state.status !== 'OPEN') throw new DomainError('TILL_NOT_OPEN', `Your ${command.currency} till is not open: there is nothing to close.`, 'till');
  const counted = countTotal(command.currency, command.count);
  const position = BigInt(facts.position);
  const difference = countedDifference(command, counted, position, 'the till’s position');
  return [
    {
      type: 'TillClosed',
      data: {
        tillId: facts.tillId,
        currency: command.currency,
        businessDay: state.businessDay,
        session: state.session,
        position: position.toString(),
        count: normalisedCount(command.currency, command.count),
        counted: counted.toString(),
        difference: difference.toString(),
        ...optional(command),
      },
    },
  ];
}

const optional = (command: { reason?: string | undefined; signedOffBy?: string | undefined }) => ({
  ...(command.reason === undefined ? {} : { reason: command.reason }),
  ...(command.signedOffBy === undefined ? {} : { signedOffBy: command.signedOffBy }),
});

export function decideTill(command: TillCommand, state: TillState, _context: CommandContext): readonly TillEvent[] | DomainError {
  try {
    return command.type === 'OpenTill' ? open(command, state) : close(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

export function evolveTill(state: TillState, event: TillEvent): TillState {
  const version = state.version + 1;
  if (event.type === 'TillOpened') {
    const { tillId, teller, workstation, currency, businessDay, session } = event.data;
    return { status: 'OPEN', tillId, teller, workstation, currency, businessDay, session, version };
  }
  return { ...state, status: 'CLOSED', version };
}

export const tillDecider: Decider<TillCommand, TillEvent, TillState> = { initialState: initialTillState, decide: decideTill, evolve: evolveTill };
