/**
 * Maps domain events to stored type names and back, upcasting older versions one step at a time on read.
 * Upcasters may need facts recorded earlier in the same stream (a v1 deposit is in the account's currency):
 * event definitions name the facts they record, and a stream reader hands them to the upcasters.
 */

import type { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { eventTypeName, parseEventTypeName } from './envelope.js';

/** Facts a stream recorded about itself (an account's currency), collected from its events in order. */
export type StreamFacts = Readonly<Record<string, string>>;

export interface EventDefinition {
  /** The version written today. */
  readonly version: number;
  /** The payload schema of that version. */
  readonly schema: z.ZodType;
  /** Facts this event records about its stream, for upcasters of later events (from today's payload). */
  readonly facts?: (data: Record<string, unknown>) => StreamFacts;
}

/** What an upcaster may know besides the payload: which stream it is in and what that stream recorded before. */
export interface UpcastContext {
  readonly streamId: string;
  readonly facts: StreamFacts;
}

/** Lifts a payload from version `from` to `to` = `from + 1`. Pure: it sees the payload and the stream's facts. */
export interface Upcaster {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** Stream facts this step reads; decoding without them fails loudly instead of guessing. */
  readonly needs?: readonly string[];
  up(data: Record<string, unknown>, context: UpcastContext): Record<string, unknown>;
}

export interface EventRegistry {
  /** The stored type name and payload of a domain event, at today's version. */
  encode(event: DomainEvent): { type: string; data: Record<string, unknown> };
  /**
   * The domain event behind a stored type and payload, upcast to today's version; undefined for a type this build
   * does not know. An event already at today's version is returned as stored: no copy, no upcaster call.
   */
  decode(type: string, data: Record<string, unknown>, context?: UpcastContext): DomainEvent | undefined;
  isKnown(type: string): boolean;
  /** True when decoding this type runs an upcaster that reads stream facts. */
  needsFacts(type: string): boolean;
  /** The stream facts an event records (today's payload), or undefined when it records none. */
  factsOf(event: DomainEvent): StreamFacts | undefined;
}

export class UpcasterChainError extends Error {
  override name = 'UpcasterChainError';
}

/** Raised when an old event is read without the stream facts its upcaster needs: a reader bug, never data loss. */
export class UpcastContextError extends Error {
  override name = 'UpcastContextError';
}

interface ParsedType {
  readonly name: string;
  readonly version: number;
  readonly definition: EventDefinition | undefined;
  /** The steps from the stored version to today's, empty when current; undefined when the chain cannot be walked. */
  readonly steps: readonly Upcaster[] | undefined;
  readonly needs: readonly string[];
}

/** Builds the registry and checks every upcaster chain: no duplicates, no gaps, no cycles, each one reaching today's version. */
export function createEventRegistry(definitions: Record<string, EventDefinition>, upcasters: readonly Upcaster[] = []): EventRegistry {
  const steps = checkUpcasterChains(definitions, upcasters);
  // Type strings repeat endlessly on read: parse each once.
  const parsedTypes = new Map<string, ParsedType | undefined>();

  const parse = (type: string): ParsedType | undefined => {
    if (parsedTypes.has(type)) return parsedTypes.get(type);
    const parsed = parseEventTypeName(type);
    let result: ParsedType | undefined;
    if (parsed) {
      const definition = Object.hasOwn(definitions, parsed.name) ? definitions[parsed.name] : undefined;
      let chain: Upcaster[] | undefined;
      if (definition && parsed.version <= definition.version) {
        chain = [];
        for (let version = parsed.version; version < definition.version; version++) {
          const step = steps.get(`${parsed.name}@${version}`);
          if (!step) {
            chain = undefined;
            break;
          }
          chain.push(step);
        }
      }
      result = { ...parsed, definition, steps: chain, needs: [...new Set((chain ?? []).flatMap((step) => step.needs ?? []))] };
    }
    parsedTypes.set(type, result);
    return result;
  };

  return {
    encode(event) {
      const definition = Object.hasOwn(definitions, event.type) ? definitions[event.type] : undefined;
      if (!definition) throw new Error(`Event ${event.type} is not registered.`);
      return { type: eventTypeName(event.type, definition.version), data: definition.schema.parse(event.data) as Record<string, unknown> };
    },

    decode(type, data, context) {
      const parsed = parse(type);
      if (!parsed?.definition || !parsed.steps) return undefined;
      // Stored payloads were validated when they were written at today's version: hand them over untouched.
      if (parsed.steps.length === 0) return { type: parsed.name, data };
      const missing = parsed.needs.filter((fact) => context?.facts[fact] === undefined);
      if (missing.length > 0) {
        throw new UpcastContextError(
          `${type} needs the stream's ${missing.join(', ')} to be read${context ? ` (stream ${context.streamId} has not recorded it)` : ''}: read it through a stream reader.`,
        );
      }
      const upcastContext = context ?? { streamId: '', facts: {} };
      const payload = parsed.steps.reduce((current, step) => step.up(current, upcastContext), data);
      return { type: parsed.name, data: parsed.definition.schema.parse(payload) };
    },

    isKnown: (type) => Boolean(parse(type)?.steps),
    needsFacts: (type) => (parse(type)?.needs.length ?? 0) > 0,

    factsOf(event) {
      const definition = Object.hasOwn(definitions, event.type) ? definitions[event.type] : undefined;
      return definition?.facts?.(event.data as Record<string, unknown>);
    },
  };
}

/** Every problem is found at start-up, with a message naming the event and versions, never halfway through a read. */
export function checkUpcasterChains(definitions: Record<string, EventDefinition>, upcasters: readonly Upcaster[]): Map<string, Upcaster> {
  const steps = new Map<string, Upcaster>();
  for (const upcaster of upcasters) {
    const label = `${upcaster.name} v${upcaster.from}→v${upcaster.to}`;
    const definition = Object.hasOwn(definitions, upcaster.name) ? definitions[upcaster.name] : undefined;
    if (!definition) throw new UpcasterChainError(`Upcaster ${label} is for an event this build does not define.`);
    if (!Number.isInteger(upcaster.from) || upcaster.from < 1) {
      throw new UpcasterChainError(`Upcaster ${label}: versions start at v1.`);
    }
    if (upcaster.to <= upcaster.from) {
      throw new UpcasterChainError(`Upcaster ${label} goes back to an earlier version: the chain would cycle.`);
    }
    if (upcaster.to !== upcaster.from + 1) {
      throw new UpcasterChainError(`Upcaster ${label} skips versions: upcasters lift one version at a time.`);
    }
    const key = `${upcaster.name}@${upcaster.from}`;
    if (steps.has(key)) throw new UpcasterChainError(`Two upcasters lift ${upcaster.name} from v${upcaster.from}: keep one.`);
    if (upcaster.to > definition.version) {
      throw new UpcasterChainError(
        `Upcaster ${label} goes past today's ${upcaster.name} v${definition.version}: the chain does not converge on the current version.`,
      );
    }
    steps.set(key, upcaster);
  }
  for (const [name, definition] of Object.entries(definitions)) {
    const froms = upcasters.filter((u) => u.name === name).map((u) => u.from);
    const lowest = Math.min(definition.version, ...froms);
    for (let version = lowest; version < definition.version; version++) {
      if (!steps.has(`${name}@${version}`)) {
        throw new UpcasterChainError(
          `${name}: no upcaster from v${version} to v${version + 1}, so a stored v${lowest} cannot reach today's v${definition.version} (gap in the chain).`,
        );
      }
    }
  }
  return steps;
}
