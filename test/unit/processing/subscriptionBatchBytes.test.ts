/**
 * A subscription catching up over large events takes fewer of them per batch: the envelopes one batch holds never weigh
 * more than its bound (one event heavier than the bound is a batch of its own), and every event is still handled once,
 * in `seq` order.
 */

import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { Checkpoints } from '../../../main/processing/checkpoints.js';
import type { DeadLetterStore } from '../../../main/processing/deadLetters.js';
import type { EventDecoder } from '../../../main/processing/eventDecoder.js';
import { createSharedPages, envelopeBytes } from '../../../main/processing/sharedPages.js';
import { startSubscription, type Consumer } from '../../../main/processing/subscription.js';
import type { EventStore } from '../../../main/store/eventStore.js';
import type { Logger } from '../../../main/log.js';

/** Events of every size from ~100 bytes to ~6 KB, one of them far over the bound. */
const events: EventEnvelope[] = Array.from({ length: 120 }, (_, i) => {
  const seq = i + 1;
  const note = 'x'.repeat(seq === 77 ? 20_000 : (seq * 37) % 6_000);
  return { id: `event-${seq}`, seq, streamId: `s-${seq % 5}`, version: 0, type: 'Noted.v1', data: { note }, meta: {}, occurredAt: '', recordedAt: '' } as unknown as EventEnvelope;
});

const store = {
  appended$: new Subject<EventEnvelope[]>(),
  headSeq: () => events.length,
  readAll: async (afterSeq: number, limit: number) => events.filter((e) => e.seq > afterSeq).slice(0, limit),
} as unknown as EventStore;
const logger = { warn() {}, error() {}, info() {}, debug() {} } as unknown as Logger;

describe('a subscription batch', () => {
  it('holds at most its weight in envelopes, and still hands over every event once, in order', async () => {
    const BOUND = 16_000;
    const batches: EventEnvelope[][] = [];
    const handled: number[] = [];
    const consumer: Consumer = {
      name: 'weigher',
      kind: 'handler',
      mode: 'async',
      beginBatch: () => ({
        prepare: async (envelopes) => void batches.push([...envelopes]),
        handle: async (event) => void handled.push(event.seq),
        commit: async () => undefined,
      }),
    };
    const subscription = await startSubscription(
      {
        store,
        decoder: { decode: async (e: EventEnvelope) => ({ ...e }) as unknown as LedgerEvent } as EventDecoder,
        checkpoints: { load: async () => undefined, save: async () => undefined } as unknown as Checkpoints,
        deadLetters: { blockedStreams: async () => new Set<string>(), depth: async () => 0 } as unknown as DeadLetterStore,
        pages: createSharedPages(store, 50),
        options: { batchSize: 50, batchBytes: BOUND, maxRetries: 0, retryBaseMs: 1, lagWarning: 1_000 },
        logger,
        now: () => new Date(),
      },
      consumer,
      { position: 0, slot: '' },
    );
    await subscription.waitFor(events.length);
    await subscription.stop();

    expect(handled).toEqual(events.map((e) => e.seq));
    expect(batches.length).toBeGreaterThan(events.length / 50);
    for (const batch of batches) {
      const weight = batch.reduce((sum, e) => sum + envelopeBytes(e), 0);
      if (batch.length > 1) expect(weight).toBeLessThanOrEqual(BOUND);
    }
    // The heavy event went alone.
    expect(batches.find((b) => b.some((e) => e.seq === 77))!.map((e) => e.seq)).toEqual([77]);
  });
});
