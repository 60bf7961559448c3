/** Finds the movement a reversal names in the account's own stream, so its amount and kind come from the ledger, never the caller. */

import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { ACCOUNT_CATEGORY, type AccountState, type ReversalOriginal } from '@fidelis/shared/accounts/index.js';
import type { EventStore } from '../store/eventStore.js';

/** Versions read per page, newest first: the movement reversed is most often a recent one. */
const PAGE = 256;

const textOf = (data: Record<string, unknown>, field: string): string | undefined => {
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The event `eventId` of the account's stream, upcast to today's version, or undefined when the stream has no such
 * event (an id of another account's event is not found here either: the original must belong to this account).
 */
export async function findReversalOriginal(
  store: EventStore,
  registry: EventRegistry,
  account: AccountState,
  accountId: string,
  eventId: string,
): Promise<ReversalOriginal | undefined> {
  if (account.status === 'NONE') return undefined;
  const streamId = streamIdOf(ACCOUNT_CATEGORY, accountId);
  for (let toVersion = await store.streamVersion(streamId); toVersion >= 0; toVersion -= PAGE) {
    const page = await store.readStream(streamId, { fromVersion: Math.max(0, toVersion - PAGE + 1), toVersion });
    const envelope = page.find((candidate) => candidate.id === eventId);
    if (!envelope) continue;
    // The stream's currency is its one fact: deposits recorded before v3 are upcast with it, as every fold does.
    const event = createStreamReader(registry, streamId, { currency: account.currency }).decode(envelope);
    if (!event) return undefined;
    const data = event.data as Record<string, unknown>;
    const amount = textOf(data, 'amount');
    const currency = textOf(data, 'currency');
    const sourceType = textOf(data, 'sourceType');
    const channel = textOf(data, 'channel');
    const reference = textOf(data, 'reference');
    const tillId = textOf(data, 'tillId');
    const tillSession = typeof data.tillSession === 'number' ? data.tillSession : undefined;
    return {
      eventId: envelope.id,
      type: event.type,
      version: envelope.version,
      accountId: textOf(data, 'accountId') ?? '',
      ...(amount === undefined ? {} : { amount }),
      ...(currency === undefined ? {} : { currency }),
      ...(sourceType === undefined ? {} : { sourceType }),
      ...(channel === undefined ? {} : { channel }),
      ...(reference === undefined ? {} : { reference }),
      ...(tillId === undefined ? {} : { tillId }),
      ...(tillSession === undefined ? {} : { tillSession }),
    };
  }
  return undefined;
}
