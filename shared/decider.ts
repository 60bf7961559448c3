/** The shape every aggregate slice implements: pure decide / evolve over an initial state. */

import type { DomainError } from './errors.js';

/** A domain event before it is stored: its unversioned name and its current-version payload. */
export interface DomainEvent<Name extends string = string, Data = unknown> {
  readonly type: Name;
  readonly data: Data;
}

/** What a command may know of the world: the decider itself never reads a clock. */
export interface CommandContext {
  readonly now: string;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  readonly initialState: State;
  decide(command: Command, state: State, context: CommandContext): readonly Event[] | DomainError;
  evolve(state: State, event: Event): State;
}
