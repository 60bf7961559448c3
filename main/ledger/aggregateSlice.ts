/** What the pipeline needs to know of an aggregate: its decider, its stream category, and which stream a command targets. */

import type { Decider, DomainEvent } from '@fidelis/shared/decider.js';

export interface AggregateSlice<Command extends { type: string }, Event extends DomainEvent, State> {
  readonly category: string;
  readonly decider: Decider<Command, Event, State>;
  /** The id of the aggregate a command is for (the stream is `<category>-<id>`). */
  aggregateIdOf(command: Command): string;
}
