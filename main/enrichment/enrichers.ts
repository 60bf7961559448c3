/**
 * Enrichers: functions that add metadata extensions (tenant id, request id, workstation…) to a command's meta,
 * which every event of the command carries. They run in registration order, each seeing what the earlier ones
 * added, and can only add extensions: the payload and the ledger's own meta fields are out of their reach.
 */

import type { EventMeta } from '@fidelis/shared/events/envelope.js';

/** A value an extension may hold: plain JSON scalars, so every store and the gateway keep it as is. */
export type MetaValue = string | number | boolean | null;

export interface EnrichmentInput {
  /** The command as validated, frozen: enrichers read it, never change it. */
  readonly command: Readonly<{ type: string } & Record<string, unknown>>;
  /** The meta so far: the ledger's fields plus what earlier enrichers added. */
  readonly meta: Readonly<EventMeta>;
}

export interface Enricher {
  readonly name: string;
  enrich(input: EnrichmentInput): Readonly<Record<string, MetaValue>>;
}

/** Fields the ledger sets itself: an enricher that tries to set one is a bug, reported at the first command. */
const RESERVED = new Set(['commandId', 'correlationId', 'causationId', 'actor', 'deviceId', 'branchId', 'commandType', 'command']);

export class EnricherError extends Error {
  override name = 'EnricherError';
}

export function applyEnrichers(enrichers: readonly Enricher[], command: { type: string } & Record<string, unknown>, meta: EventMeta): EventMeta {
  if (enrichers.length === 0) return meta;
  const frozenCommand = deepFreeze(structuredClone(command));
  let enriched: EventMeta = meta;
  for (const enricher of enrichers) {
    const added = enricher.enrich({ command: frozenCommand, meta: Object.freeze({ ...enriched }) });
    for (const [key, value] of Object.entries(added)) {
      if (RESERVED.has(key)) throw new EnricherError(`Enricher ${enricher.name} tried to set meta.${key}, which the ledger sets itself.`);
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        throw new EnricherError(`Enricher ${enricher.name} set meta.${key} to a ${typeof value}: extensions are strings, numbers, booleans or null.`);
      }
    }
    enriched = { ...enriched, ...added };
  }
  return enriched;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
