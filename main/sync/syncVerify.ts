/** `sync verify`: compares each stream's head and rolling content hash with the gateway's (derived streams: derivedStreams.ts). */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';
import type { DerivedReport } from './derivedStreams.js';
import type { GatewayClient } from './gatewayClient.js';

export interface StreamDifference {
  readonly streamId: string;
  readonly localVersion: number;
  readonly gatewayVersion: number;
}

export interface VerifyReport {
  readonly checked: number;
  readonly matching: number;
  readonly differing: StreamDifference[];
  readonly differingBefore?: StreamDifference[];
  readonly repaired?: number;
  readonly pulled?: number;
  /** The streams this workstation derives from replicated ones, against their sources (after any repair). */
  readonly derived?: DerivedReport;
  /** Derived streams rebuilt from their source by this verify. */
  readonly derivedRepaired?: number;
}

export async function verifyAgainstGateway(store: EventStore, gateway: GatewayClient, hashChain: (events: readonly EventEnvelope[]) => string): Promise<VerifyReport> {
  const heads = await gateway.streamHeads();
  const differing: StreamDifference[] = [];
  for (const head of heads) {
    // Local events past the gateway's head are unsynced work, not a difference.
    const events = await store.readStream(head.streamId, { toVersion: head.version });
    const localVersion = events.at(-1)?.version ?? -1;
    if (localVersion !== head.version || hashChain(events) !== head.hash) differing.push({ streamId: head.streamId, localVersion, gatewayVersion: head.version });
  }
  return { checked: heads.length, matching: heads.length - differing.length, differing };
}
