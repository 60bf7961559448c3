/** Appends sync's own events (exceptions raised and resolved, stand-in overrides) to the store, as this workstation. */

import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { hashCommand } from '../ledger/commandPipeline.js';
import type { AppendResult, EventStore } from '../store/eventStore.js';

export interface SyncEventMeta {
  readonly commandId: string;
  readonly actor: string;
  /** Default: the command id (the event starts its own correlation). */
  readonly correlationId?: string;
  /** Default: the correlation id. */
  readonly causationId?: string;
  /** Default: the hash of the event, so appending the same event again under its id is a duplicate, not a conflict. */
  readonly commandHash?: string;
}

export type SyncEventWriter = (streamId: string, event: { type: string; data: Record<string, unknown> }, meta: SyncEventMeta) => Promise<AppendResult>;

export function createSyncEventWriter(deps: {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly clock: () => Date;
  readonly identity: { readonly deviceId: string; readonly branchId: string };
}): SyncEventWriter {
  return (streamId, event, meta) => {
    const correlationId = meta.correlationId ?? meta.commandId;
    return deps.store.append({
      streamId,
      expected: 'any',
      events: [{ ...deps.registry.encode(event), occurredAt: deps.clock().toISOString() }],
      meta: { commandId: meta.commandId, correlationId, causationId: meta.causationId ?? correlationId, actor: meta.actor, deviceId: deps.identity.deviceId, branchId: deps.identity.branchId },
      commandHash: meta.commandHash ?? hashCommand(event),
    });
  };
}
