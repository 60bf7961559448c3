/**
 * Streams a workstation derives for itself from a replicated one (the account fact stream, `fact-account-<id>` from
 * `account-<id>`): what sync removes with the commits a rebase overtook, and what `sync verify` checks against their
 * source and rebuilds when they disagree.
 */

import type { RxCollection } from 'rxdb';
import { accountDecider, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import { categoryOf, type EventEnvelope, type EventMeta } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { accountFactOf, FACT_CATEGORY } from '@fidelis/shared/ledger/readModels/accountFacts.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { EventStore } from '../store/eventStore.js';
import { localCommitsFrom } from './localCommits.js';

/** A derived stream that does not say what its source says. */
export interface DerivedDifference {
  readonly streamId: string;
  readonly sourceStreamId: string;
  /** Events it holds, and events its source implies. */
  readonly held: number;
  readonly expected: number;
}

export interface DerivedReport {
  readonly checked: number;
  readonly matching: number;
  readonly differing: DerivedDifference[];
}

export interface DerivedStreams {
  /** Local commits derived from `overtaken` (one stream's provisional commits from some version on): they go with them. */
  derivedFrom(overtaken: readonly CommitDocument[]): Promise<string[]>;
  /** Compares the derived streams of these source streams with what their sources imply. */
  check(sourceStreamIds: readonly string[]): Promise<DerivedReport>;
  /** Replaces each differing derived stream with what its source implies. */
  repair(differing: readonly DerivedDifference[]): Promise<void>;
}

export interface DerivedStreamsDeps {
  readonly store: EventStore;
  readonly commits: RxCollection<CommitDocument>;
  readonly registry: EventRegistry;
  readonly identity: { readonly deviceId: string; readonly branchId: string };
}

/** The account's fact per save (a commit: a run of events of one command), as the account-facts handler derives it. */
function expectedAccountFacts(registry: EventRegistry, source: readonly EventEnvelope[]): { data: Record<string, unknown>; type: string; cause: EventEnvelope }[] {
  const facts: { data: Record<string, unknown>; type: string; cause: EventEnvelope }[] = [];
  const reader = createStreamReader(registry, source[0]?.streamId ?? '');
  let state: AccountState = accountDecider.initialState;
  source.forEach((envelope, i) => {
    const decoded = reader.decode(envelope);
    if (decoded) state = accountDecider.evolve(state, decoded as AccountEvent);
    if (source[i + 1]?.meta.commandId === envelope.meta.commandId) return;
    // The fact names its source by id and by the event's name as decided (not the stored, versioned type).
    const fact = accountFactOf(state, { id: envelope.id, type: decoded?.type ?? envelope.type });
    if (fact) facts.push({ ...registry.encode(fact), cause: envelope });
  });
  return facts;
}

const derivedIdOf = (sourceStreamId: string): string | undefined => (categoryOf(sourceStreamId) === 'account' ? `${FACT_CATEGORY}-${sourceStreamId}` : undefined);

export function createDerivedStreams(deps: DerivedStreamsDeps): DerivedStreams {
  const { store, registry } = deps;

  async function compare(sourceStreamId: string, streamId: string): Promise<DerivedDifference | undefined> {
    const expected = expectedAccountFacts(registry, await store.readStream(sourceStreamId));
    const held = await store.readStream(streamId);
    const same = held.length === expected.length && held.every((e, i) => e.type === expected[i]!.type && JSON.stringify(e.data) === JSON.stringify(expected[i]!.data));
    return same ? undefined : { streamId, sourceStreamId, held: held.length, expected: expected.length };
  }

  return {
    async derivedFrom(overtaken) {
      const sourceStreamId = overtaken[0]?.streamId;
      const streamId = sourceStreamId === undefined ? undefined : derivedIdOf(sourceStreamId);
      if (streamId === undefined) return [];
      const sources = new Set(overtaken.flatMap((c) => c.events.map((e) => e.id)));
      // Derived in source order: from the first commit derived from an overtaken one, the rest of the stream is too.
      const derived = await localCommitsFrom(deps.commits, streamId, 0);
      const first = derived.findIndex((c) => c.events.some((e) => sources.has(e.meta.causationId)));
      return first < 0 ? [] : derived.slice(first).map((c) => c.id);
    },

    async check(sourceStreamIds) {
      const differing: DerivedDifference[] = [];
      let checked = 0;
      for (const sourceStreamId of sourceStreamIds) {
        const streamId = derivedIdOf(sourceStreamId);
        if (streamId === undefined) continue;
        checked++;
        const difference = await compare(sourceStreamId, streamId);
        if (difference) differing.push(difference);
      }
      return { checked, matching: checked - differing.length, differing };
    },

    async repair(differing) {
      for (const { streamId, sourceStreamId } of differing) {
        const held = await localCommitsFrom(deps.commits, streamId, 0);
        await store.applyRemote({ supersede: held.map((c) => c.id), commits: [] });
        for (const fact of expectedAccountFacts(registry, await store.readStream(sourceStreamId))) {
          const { cause } = fact;
          // The same command id the handler gives it: the handler, meeting the source event again, appends nothing twice.
          const commandId = `account-facts:${cause.id}`;
          const meta: EventMeta = { commandId, correlationId: cause.meta.correlationId, causationId: cause.id, actor: cause.meta.actor, process: 'account-facts', deviceId: deps.identity.deviceId, branchId: deps.identity.branchId };
          await store.append({ streamId, expected: 'any', events: [{ type: fact.type, data: fact.data, occurredAt: cause.occurredAt }], meta, commandHash: commandId });
        }
      }
    },
  };
}
