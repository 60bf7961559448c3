/** Raw appends for tests of the event store itself: events of any type, with metadata filled in. */

import { randomUUID } from 'node:crypto';
import type { AppendRequest, NewEvent } from '../../main/store/eventStore.js';
import type { ExpectedVersion } from '../../main/store/errors.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';

export const testMeta = (commandId: string = randomUUID()): EventMeta => ({
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: 'test',
  deviceId: 'test-device',
  branchId: 'BR001',
});

/** `count` events of a test type; each carries its index so reads can be checked against writes. */
export const testEvents = (count: number, label = 'e'): NewEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    type: 'Fidelis.TestHappened.v1',
    data: { label, index },
    occurredAt: '2026-01-15T09:30:00.000Z',
  }));

export function appendRequest(
  streamId: string,
  expected: ExpectedVersion,
  events: number | readonly NewEvent[] = 1,
  commandId: string = randomUUID(),
  commandHash = `hash-${commandId}`,
): AppendRequest {
  return { streamId, expected, events: typeof events === 'number' ? testEvents(events) : events, meta: testMeta(commandId), commandHash };
}

/** The DomainError a promise rejects with; fails when it resolves or rejects with anything else. */
export async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('Expected a DomainError, but the promise resolved');
}
