/**
 * Given / when / then over a Decider and over a whole host pipeline, so every test reads what a command did the same way:
 * accepted or rejected (code, field, message), the events of the last command, of the whole chain, and the state.
 */

import { randomUUID } from 'node:crypto';
import type { Host } from '../../main/host.js';
import type { CommandOutcome } from '../../main/ledger/commandPipeline.js';
import type { CommandContext, Decider, DomainEvent } from '@fidelis/shared/decider.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { parseEventTypeName, streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { AccountView } from '@fidelis/shared/accounts/index.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';

export interface Rejection {
  readonly code: string;
  readonly field: string | undefined;
  readonly message: string;
}

export interface ExpectedRejection {
  readonly code: string;
  readonly field?: string;
  /** A substring or pattern the message must contain. */
  readonly message?: string | RegExp;
}

/** A list of events read by what tests care about: how many, which types, the first and the last. */
export interface EventsView<T> {
  readonly all: readonly T[];
  readonly count: number;
  /** Unversioned names in order (`DepositMade`), also for stored envelopes (`Fidelis.DepositMade.v2`). */
  readonly types: readonly string[];
  readonly first: T | undefined;
  readonly last: T | undefined;
  ofType(type: string): T[];
}

export interface Then<T, S> {
  /** True when every command of the when-chain was accepted. */
  readonly accepted: boolean;
  readonly rejection: Rejection | undefined;
  /** Position in the when-chain of the refused command (the chain stops there). */
  readonly rejectedAt: number | undefined;
  /** Events of the last command that ran (none when it was refused). */
  readonly events: EventsView<T>;
  /** Events of every command of the when-chain. */
  readonly chain: EventsView<T>;
  /** Everything the aggregate holds afterwards: the given events followed by the chain's. */
  readonly history: EventsView<T>;
  readonly state: S;
  /** Throws, naming the rejection, unless the whole chain was accepted. */
  expectAccepted(): this;
  /** Throws unless the chain was refused with this code (and field, and message when given). */
  expectRejected(expected: ExpectedRejection): this;
}

const unversioned = (type: string): string => parseEventTypeName(type)?.name ?? type;

export function eventsView<T extends { readonly type: string }>(events: readonly T[]): EventsView<T> {
  return {
    all: events,
    count: events.length,
    types: events.map((e) => unversioned(e.type)),
    first: events[0],
    last: events.at(-1),
    ofType: (type) => events.filter((e) => unversioned(e.type) === unversioned(type)),
  };
}

const rejectionOf = (error: DomainError): Rejection => ({ code: error.code, field: error.field, message: error.message });

function describe(rejection: Rejection | undefined): string {
  return rejection ? `rejected with ${rejection.code} on ${rejection.field ?? '(no field)'}: ${rejection.message}` : 'accepted';
}

function makeThen<T extends { readonly type: string }, S, Extra extends object>(
  parts: { rejection: Rejection | undefined; rejectedAt: number | undefined; last: readonly T[]; chain: readonly T[]; history: readonly T[]; state: S },
  extra: Extra,
): Then<T, S> & Extra {
  const then: Then<T, S> & Extra = {
    ...extra,
    accepted: parts.rejection === undefined,
    rejection: parts.rejection,
    rejectedAt: parts.rejectedAt,
    events: eventsView(parts.last),
    chain: eventsView(parts.chain),
    history: eventsView(parts.history),
    state: parts.state,
    expectAccepted() {
      if (parts.rejection) throw new Error(`Expected the command to be accepted, but it was ${describe(parts.rejection)}`);
      return this;
    },
    expectRejected(expected) {
      const actual = parts.rejection;
      const messageOk =
        expected.message === undefined ||
        (actual !== undefined && (typeof expected.message === 'string' ? actual.message.includes(expected.message) : expected.message.test(actual.message)));
      if (!actual || actual.code !== expected.code || (expected.field !== undefined && actual.field !== expected.field) || !messageOk) {
        throw new Error(`Expected a rejection ${JSON.stringify({ ...expected, message: expected.message?.toString() })}, but the command was ${describe(actual)}`);
      }
      return this;
    },
  };
  return then;
}

// ---------------------------------------------------------------------------------------------------------------
// Over a decider: pure and synchronous.

export interface DeciderScenario<C, E extends DomainEvent, S> {
  /** Events that already happened. */
  given(...events: E[]): DeciderScenario<C, E, S>;
  /** Commands that already happened; each must be accepted. */
  givenCommands(...commands: C[]): DeciderScenario<C, E, S>;
  /** Sets or adjusts the state directly, for what no event sets yet (holds). */
  givenState(change: S | ((state: S) => S)): DeciderScenario<C, E, S>;
  /** Decides the commands in order, folding each one's events; stops at the first refusal. */
  when(...commands: C[]): { readonly then: Then<E, S> };
}

export const FIXED_NOW = '2026-01-15T09:30:00.000Z';

export function deciderScenario<C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  context: CommandContext = { now: FIXED_NOW },
): DeciderScenario<C, E, S> {
  const build = (state: S, history: readonly E[]): DeciderScenario<C, E, S> => ({
    given: (...events) => build(events.reduce(decider.evolve, state), [...history, ...events]),
    givenCommands(...commands) {
      let current = state;
      const events: E[] = [];
      for (const command of commands) {
        const decision = decider.decide(command, current, context);
        if (decision instanceof DomainError) {
          throw new Error(`A given command must be accepted, but ${JSON.stringify(command)} was ${describe(rejectionOf(decision))}`);
        }
        current = decision.reduce(decider.evolve, current);
        events.push(...decision);
      }
      return build(current, [...history, ...events]);
    },
    givenState: (change) => build(typeof change === 'function' ? (change as (state: S) => S)(state) : change, history),
    when(...commands) {
      let current = state;
      const chain: E[] = [];
      let last: readonly E[] = [];
      let rejection: Rejection | undefined;
      let rejectedAt: number | undefined;
      for (const [index, command] of commands.entries()) {
        const decision = decider.decide(command, current, context);
        if (decision instanceof DomainError) {
          rejection = rejectionOf(decision);
          rejectedAt = index;
          last = [];
          break;
        }
        last = decision;
        chain.push(...decision);
        current = decision.reduce(decider.evolve, current);
      }
      return { then: makeThen({ rejection, rejectedAt, last, chain, history: [...history, ...chain], state: current }, {}) };
    },
  });
  return build(decider.initialState, []);
}

// ---------------------------------------------------------------------------------------------------------------
// Over a whole host: validation, idempotency, the store and the read back, as a caller sees them.

const STEP = Symbol('pipelineStep');

/** A command with the metadata a caller may give it (command id, actor…). */
export interface PipelineStep {
  readonly [STEP]: true;
  readonly request: unknown;
  readonly meta: CommandMetaInput;
}

export const withMeta = (request: unknown, meta: CommandMetaInput): PipelineStep => ({ [STEP]: true, request, meta });

const toStep = (command: unknown): PipelineStep =>
  command && typeof command === 'object' && STEP in command ? (command as PipelineStep) : withMeta(command, {});

export interface PipelineThen<S> extends Then<EventEnvelope, S> {
  /** What the host returned for each accepted command of the chain. */
  readonly outcomes: readonly CommandOutcome[];
  readonly outcome: CommandOutcome | undefined;
}

export interface PipelineScenario<S> {
  /** Commands run through the host first; each must be accepted. */
  given(...commands: unknown[]): PipelineScenario<S>;
  /** Events appended as stored (type names such as `Fidelis.DepositMade.v1`), as an older build would have written them. */
  givenEvents(streamId: string, ...events: { type: string; data: Record<string, unknown> }[]): PipelineScenario<S>;
  when(...commands: unknown[]): Promise<{ readonly then: PipelineThen<S> }>;
}

export interface PipelineScenarioOptions<S> {
  /** The aggregate a request is for; default: its `accountId`. */
  readonly aggregateIdOf?: (request: unknown) => string | undefined;
  /** Its stream; default `account-<id>`. */
  readonly streamIdOf?: (aggregateId: string) => string;
  /** The state a test reads afterwards; default: the account view from `host.getAccount`. */
  readonly stateOf: (host: Host, aggregateId: string) => Promise<S>;
}

const accountIdOf = (request: unknown): string | undefined => {
  const id = request && typeof request === 'object' ? (request as { accountId?: unknown }).accountId : undefined;
  return typeof id === 'string' ? id : undefined;
};

type GivenStep = { kind: 'command'; step: PipelineStep } | { kind: 'events'; streamId: string; events: { type: string; data: Record<string, unknown> }[] };

export function pipelineScenario(host: Host): PipelineScenario<AccountView | undefined>;
export function pipelineScenario<S>(host: Host, options: PipelineScenarioOptions<S>): PipelineScenario<S>;
export function pipelineScenario<S>(host: Host, options?: PipelineScenarioOptions<S>): PipelineScenario<S> {
  const aggregateIdOf = options?.aggregateIdOf ?? accountIdOf;
  const streamOf = options?.streamIdOf ?? ((id: string) => streamIdOf('account', id));
  const stateOf = options?.stateOf ?? ((h: Host, id: string) => h.getAccount(id) as Promise<S>);

  const build = (givens: readonly GivenStep[]): PipelineScenario<S> => ({
    given: (...commands) => build([...givens, ...commands.map((c): GivenStep => ({ kind: 'command', step: toStep(c) }))]),
    givenEvents: (streamId, ...events) => build([...givens, { kind: 'events', streamId, events }]),
    async when(...commands) {
      let aggregateId: string | undefined;
      for (const given of givens) {
        if (given.kind === 'events') {
          await host.store.append({
            streamId: given.streamId,
            expected: 'any',
            events: given.events.map((e) => ({ ...e, occurredAt: new Date().toISOString() })),
            meta: { commandId: `given-${randomUUID()}`, correlationId: 'given', causationId: 'given', actor: 'test', deviceId: 'test', branchId: 'test' },
            commandHash: 'given',
          });
          continue;
        }
        try {
          const outcome = await host.execute(given.step.request, given.step.meta);
          aggregateId = outcome.aggregateId;
        } catch (error) {
          if (error instanceof DomainError) {
            throw new Error(`A given command must be accepted, but ${JSON.stringify(given.step.request)} was ${describe(rejectionOf(error))}`);
          }
          throw error;
        }
      }

      const outcomes: CommandOutcome[] = [];
      const chain: EventEnvelope[] = [];
      let last: readonly EventEnvelope[] = [];
      let rejection: Rejection | undefined;
      let rejectedAt: number | undefined;
      for (const [index, command] of commands.map(toStep).entries()) {
        aggregateId = aggregateIdOf(command.request) ?? aggregateId;
        try {
          const outcome = await host.execute(command.request, command.meta);
          outcomes.push(outcome);
          aggregateId = outcome.aggregateId;
          last = outcome.events;
          chain.push(...outcome.events);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          rejection = rejectionOf(error);
          rejectedAt = index;
          last = [];
          break;
        }
      }
      const history = aggregateId === undefined ? [] : await host.readStream(streamOf(aggregateId));
      const state = aggregateId === undefined ? (undefined as S) : await stateOf(host, aggregateId);
      return { then: makeThen({ rejection, rejectedAt, last, chain, history, state }, { outcomes, outcome: outcomes.at(-1) }) };
    },
  });
  return build([]);
}
