/**
 * The ledger's own handlers: customer notifications and the fact events of SCENARIOS 18 (compliance alerts are
 * main/compliance/complianceAlertsHandler.ts).
 * Each keeps what it must remember in its own read-model slot and writes its effects keyed by event id, effects
 * first and memory second, so a redelivered event finds its effects done and changes nothing.
 */

import type { EventRegistry, StreamFacts } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { accountDecider, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import { accountFactOf, accountFactStreamOf } from '@fidelis/shared/ledger/readModels/accountFacts.js';
import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { notificationsFor, type NotificationDraft, type NotifiedAccount } from '@fidelis/shared/ledger/readModels/notifications.js';
import type { Logger } from '../log.js';
import type { ReadModelStore } from '../projections/readModelStore.js';
import { ConcurrencyError } from '../store/errors.js';
import type { AppendRequest, EventStore } from '../store/eventStore.js';
import type { HandlerDefinition } from './handler.js';

export const NOTIFICATIONS_SLOT = 'notifications';

export interface NotificationRecord extends NotificationDraft {
  readonly seq: number;
  /** How it went out; only the log today (a mail or SMS gateway is an integration for later). */
  readonly channel: 'log';
}

export function notificationsHandler(readModels: ReadModelStore, largeWithdrawal: () => string, logger: Logger): HandlerDefinition {
  return {
    name: 'notifications',
    categories: ['account'],
    eventTypes: ['AccountOpened', 'WithdrawalMade'],
    async handle(event, context) {
      let drafts: NotificationDraft[] = [];
      await context.memory.update<NotifiedAccount>(text(event.data, 'accountId'), (current) => {
        const result = notificationsFor(current, event, largeWithdrawal());
        drafts = result.notifications;
        return result.account;
      });
      for (const draft of drafts) {
        const record: NotificationRecord = { ...draft, seq: event.seq, channel: 'log' };
        if (await readModels.insertOnce(NOTIFICATIONS_SLOT, draft.id, { ...record }, event.seq)) {
          logger.info({ notification: draft.id, kind: draft.kind, accountId: draft.accountId, recipient: draft.recipient }, draft.message);
        }
      }
    },
  };
}

interface FactDeps {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly deviceId: string;
  readonly branchId: string;
}

/**
 * Fact events: after each save (commit) of an account, one `AccountFact` with its full state on
 * `fact-account-<id>`. Produced by a handler rather than inside the command so the account's own stream and
 * versions stay as the tutorial's scenarios expect; the fact's command id is derived from the event, so a
 * redelivery appends nothing new.
 */
export function accountFactsHandler(deps: FactDeps): HandlerDefinition {
  const states = new Map<string, { state: AccountState; facts: StreamFacts }>();
  // A batch's facts, appended together in `flush` so the store's group commit writes them in one transaction.
  let gathered: AppendRequest[] = [];
  // Whether the event at a `seq` ends its save (commit), where the batch shows it.
  let endsSave = new Map<number, boolean>();
  return {
    name: 'account-facts',
    categories: ['account'],
    prepare(envelopes) {
      endsSave = new Map();
      const bySeq = new Map(envelopes.map((envelope) => [envelope.seq, envelope]));
      // A commit's events take consecutive seqs: the save goes on only if the next seq is its stream's and command's.
      // The batch's last event may have its save's rest in the next batch: that one is read.
      for (const envelope of envelopes.slice(0, -1)) {
        const next = bySeq.get(envelope.seq + 1);
        endsSave.set(envelope.seq, !(next && next.streamId === envelope.streamId && next.meta.commandId === envelope.meta.commandId));
      }
    },
    async handle(event) {
      const cached = states.get(event.streamId);
      let state: AccountState;
      let facts: StreamFacts;
      let ends = endsSave.get(event.seq);
      if (cached !== undefined && cached.state.version === event.version - 1 && ends !== undefined) {
        // The event follows the state held, and the batch says where its save ends: nothing to read.
        state = accountDecider.evolve(cached.state, { type: event.type, data: event.data } as AccountEvent);
        facts = cached.facts;
      } else {
        const warm = cached !== undefined && cached.state.version < event.version;
        const from = warm ? cached.state.version + 1 : 0;
        const reader = createStreamReader(deps.registry, event.streamId, warm ? cached.facts : {});
        // One read: what follows the cached state, up to one event past this one (to see where its commit ends).
        const envelopes = await deps.store.readStream(event.streamId, { fromVersion: from, toVersion: event.version + 1 });
        state = warm ? cached.state : accountDecider.initialState;
        for (const envelope of envelopes) {
          if (envelope.version > event.version) break;
          const decoded = reader.decode(envelope);
          if (decoded) state = accountDecider.evolve(state, decoded as AccountEvent);
        }
        facts = reader.facts();
        const next = envelopes.find((e) => e.version === event.version + 1);
        ends ??= !(next && next.meta.commandId === event.meta.commandId);
      }
      states.set(event.streamId, { state, facts });
      if (states.size > 10_000) states.delete(states.keys().next().value as string);
      // One fact per save: a command that recorded several events gets its fact after the last of them.
      if (!ends) return;
      const fact = accountFactOf(state, event);
      if (!fact) return;
      const encoded = deps.registry.encode(fact);
      gathered.push({
        streamId: accountFactStreamOf(state.accountId),
        expected: 'any',
        events: [{ ...encoded, occurredAt: event.occurredAt }],
        meta: {
          commandId: `account-facts:${event.id}`,
          correlationId: event.meta.correlationId,
          causationId: event.id,
          // A fact is derived for the person whose save it states; the projection is the process.
          actor: event.meta.actor,
          process: 'account-facts',
          deviceId: deps.deviceId,
          branchId: deps.branchId,
        },
        commandHash: `account-facts:${event.id}`,
      });
    },
    async flush() {
      const requests = gathered;
      gathered = [];
      try {
        await appendTogether(deps.store, requests);
      } catch (error) {
        // The batch is delivered again from the checkpoint: what was cached may be ahead of what was written.
        states.clear();
        throw error;
      }
    },
  };
}

/**
 * Appends derived, idempotent requests in one group of the store's queue, each stream's in order: each names the
 * version it expects, so it is signed for the version it lands at and all reach the queue in the same turn. A batch
 * delivered again finds some already written (the store answers those as duplicates, and the next of their stream
 * misses its version): it is sent once more without them.
 */
async function appendTogether(store: EventStore, requests: readonly AppendRequest[], leaveOutWritten = false): Promise<void> {
  const written = leaveOutWritten ? await Promise.all(requests.map((request) => store.findByCommand(request.meta.commandId))) : [];
  const missing = requests.filter((_, index) => written[index] === undefined);
  const streams = [...new Set(missing.map((request) => request.streamId))];
  const versions = new Map(await Promise.all(streams.map(async (streamId) => [streamId, await store.streamVersion(streamId)] as const)));
  const outcomes = await Promise.allSettled(
    missing.map((request) => {
      const expected = versions.get(request.streamId)!;
      versions.set(request.streamId, expected + request.events.length);
      return store.append({ ...request, expected });
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (!failure) return;
  if (!leaveOutWritten && failure.reason instanceof ConcurrencyError) return appendTogether(store, requests, true);
  throw failure.reason;
}
