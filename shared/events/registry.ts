/** Maps domain events to stored type names and back, upcasting older versions one step at a time on read. */

import type { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { eventTypeName, parseEventTypeName } from './envelope.js';

export interface EventDefinition {
  /** The version written today. */
  readonly version: number;
  /** The payload schema of that version. */
  readonly schema: z.ZodType;
}

/** Lifts a payload from version `from` to `from + 1`. Pure: it sees only the payload. */
export interface Upcaster {
  readonly name: string;
  readonly from: number;
  up(data: Record<string, unknown>): Record<string, unknown>;
}

export interface EventRegistry {
  /** The stored type name and payload of a domain event, at today's version. */
  encode(event: DomainEvent): { type: string; data: Record<string, unknown> };
  /** The domain event behind a stored type and payload, upcast to today's version; undefined for a type this build does not know. */
  decode(type: string, data: Record<string, unknown>): DomainEvent | undefined;
  isKnown(type: string): boolean;
}

export class UpcasterChainError extends Error {
  override name = 'UpcasterChainError';
}

/** Builds the registry and checks every upcaster chain: no duplicates, no gaps, no cycles, each one reaching today's version. */
export function createEventRegistry(definitions: Record<string, EventDefinition>, upcasters: readonly Upcaster[] = []): EventRegistry {
  const steps = checkChains(definitions, upcasters);

  const decode = (type: string, data: Record<string, unknown>): DomainEvent | undefined => {
    const parsed = parseEventTypeName(type);
    const definition = parsed && definitions[parsed.name];
    if (!parsed || !definition || parsed.version > definition.version) return undefined;
    let payload = data;
    for (let version = parsed.version; version < definition.version; version++) {
      const step = steps.get(`${parsed.name}@${version}`);
      if (!step) return undefined;
      payload = step.up(payload);
    }
    return { type: parsed.name, data: definition.schema.parse(payload) };
  };

  return {
    encode(event) {
      const definition = definitions[event.type];
      if (!definition) throw new Error(`Event ${event.type} is not registered.`);
      return { type: eventTypeName(event.type, definition.version), data: definition.schema.parse(event.data) as Record<string, unknown> };
    },
    decode,
    isKnown(type) {
      const parsed = parseEventTypeName(type);
      const definition = parsed && definitions[parsed.name];
      return Boolean(definition && parsed.version <= definition.version && (parsed.version === definition.version || steps.has(`${parsed.name}@${parsed.version}`)));
    },
  };
}

function checkChains(definitions: Record<string, EventDefinition>, upcasters: readonly Upcaster[]): Map<string, Upcaster> {
  const steps = new Map<string, Upcaster>();
  for (const upcaster of upcasters) {
    const key = `${upcaster.name}@${upcaster.from}`;
    const definition = definitions[upcaster.name];
    if (!definition) throw new UpcasterChainError(`Upcaster for unknown event ${upcaster.name} v${upcaster.from}.`);
    if (steps.has(key)) throw new UpcasterChainError(`Two upcasters lift ${upcaster.name} from v${upcaster.from}.`);
    if (upcaster.from < 1) throw new UpcasterChainError(`${upcaster.name}: versions start at v1, an upcaster from v${upcaster.from} cannot exist.`);
    if (upcaster.from >= definition.version) {
      throw new UpcasterChainError(`${upcaster.name}: an upcaster from v${upcaster.from} goes past today's v${definition.version}, so the chain never converges.`);
    }
    steps.set(key, upcaster);
  }
  for (const [name, definition] of Object.entries(definitions)) {
    const lowest = Math.min(definition.version, ...upcasters.filter((u) => u.name === name).map((u) => u.from));
    for (let version = lowest; version < definition.version; version++) {
      if (!steps.has(`${name}@${version}`)) {
        throw new UpcasterChainError(`${name}: no upcaster from v${version} to v${version + 1}, so v${lowest} cannot reach today's v${definition.version}.`);
      }
    }
  }
  return steps;
}
