/** Metadata for a command caused by an event: same correlation as the event, causation pointing at it. */

import type { EventEnvelope } from './envelope.js';

export interface CausedCommandMeta {
  readonly correlationId: string;
  readonly causationId: string;
  readonly commandId?: string;
  readonly actor?: string;
}

/**
 * What a handler or process manager passes as meta when an event makes it issue a command. `commandId`, when
 * derived from the event (e.g. `${handler}:${event.id}`), makes redelivery of that event append nothing twice.
 */
export function metaCausedBy(event: Pick<EventEnvelope, 'id' | 'meta'>, options: { commandId?: string; actor?: string } = {}): CausedCommandMeta {
  return {
    correlationId: event.meta.correlationId,
    causationId: event.id,
    ...(options.commandId === undefined ? {} : { commandId: options.commandId }),
    ...(options.actor === undefined ? {} : { actor: options.actor }),
  };
}
