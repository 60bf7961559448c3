/** Dead-letter queues, one per subscription: events a subscriber failed on after every retry, and the events of their streams held behind them. */

import type { RxCollection } from 'rxdb';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { DeadLetterDocument, DeadLetterStatus } from './processingSchemas.js';

export type DeadLetter = DeadLetterDocument;

export interface DeadLetterStore {
  /** Records an event; a record already there for the same subscription and event is kept as it is. */
  park(subscription: string, event: EventEnvelope, status: DeadLetterStatus, reason: string, stack: string, retryCount: number): Promise<DeadLetter>;
  list(subscription?: string): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** The queue of one stream in one subscription, oldest first. */
  ofStream(subscription: string, streamId: string): Promise<DeadLetter[]>;
  update(id: string, changes: Partial<Pick<DeadLetter, 'status' | 'reason' | 'stack' | 'retryCount' | 'failedAt'>>): Promise<void>;
  remove(id: string): Promise<void>;
  purge(subscription: string): Promise<number>;
  depth(subscription: string): Promise<number>;
  /** Streams with anything queued in a subscription: their later events must wait. */
  blockedStreams(subscription: string): Promise<Set<string>>;
}

export const deadLetterId = (subscription: string, eventId: string): string => `${subscription}|${eventId}`;

export function createDeadLetterStore(collection: RxCollection<DeadLetterDocument>, now: () => Date): DeadLetterStore {
  const ofSubscription = (subscription: string) =>
    collection.find({ selector: { subscription }, sort: [{ subscription: 'asc' }, { seq: 'asc' }] });

  return {
    async park(subscription, event, status, reason, stack, retryCount) {
      const record: DeadLetter = {
        id: deadLetterId(subscription, event.id),
        subscription,
        eventId: event.id,
        seq: event.seq,
        streamId: event.streamId,
        eventType: event.type,
        event,
        status,
        reason,
        stack,
        retryCount,
        failedAt: now().toISOString(),
      };
      const existing = await collection.findOne(record.id).exec();
      if (existing) return existing.toMutableJSON();
      await collection.insert(record);
      return record;
    },
    async list(subscription) {
      const docs = subscription === undefined
        ? await collection.find({ sort: [{ subscription: 'asc' }, { seq: 'asc' }] }).exec()
        : await ofSubscription(subscription).exec();
      return docs.map((d) => d.toMutableJSON());
    },
    async get(id) {
      return (await collection.findOne(id).exec())?.toMutableJSON();
    },
    async ofStream(subscription, streamId) {
      const docs = await collection.find({ selector: { subscription, streamId }, sort: [{ subscription: 'asc' }, { seq: 'asc' }] }).exec();
      return docs.map((d) => d.toMutableJSON());
    },
    async update(id, changes) {
      await collection.findOne(id).patch(changes);
    },
    async remove(id) {
      await collection.findOne(id).remove();
    },
    async purge(subscription) {
      const docs = await ofSubscription(subscription).exec();
      if (docs.length > 0) await collection.bulkRemove(docs.map((d) => d.id));
      return docs.length;
    },
    async depth(subscription) {
      return collection.count({ selector: { subscription } }).exec();
    },
    async blockedStreams(subscription) {
      return new Set((await ofSubscription(subscription).exec()).map((d) => d.streamId));
    },
  };
}
