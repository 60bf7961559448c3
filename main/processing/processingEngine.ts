/**
 * The processing engine: runs every projection and handler as its own subscription, keeps inline projections up
 * to date before a command returns, rebuilds projections blue/green, and serves the dead-letter queues.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { handlerConsumer, type ExecuteCommand, type HandlerDefinition } from '../handlers/handler.js';
import type { Logger } from '../log.js';
import { parseSlot, projectionConsumer, projectionSubscriptionName, slotName, type ProjectionDefinition } from '../projections/projection.js';
import type { ReadModelStore } from '../projections/readModelStore.js';
import type { EventStore } from '../store/eventStore.js';
import type { Checkpoints } from './checkpoints.js';
import { createCommitGate } from './commitGate.js';
import type { DeadLetter, DeadLetterStore } from './deadLetters.js';
import { createEventDecoder } from './eventDecoder.js';
import type { PriorityLanes } from './priorityLanes.js';
import { createSharedPages, envelopeBytes, takeWithin } from './sharedPages.js';
import { errorMessage, startSubscription, type ProcessingOptions, type Subscription, type SubscriptionDeps, type SubscriptionMode, type SubscriptionStatus } from './subscription.js';

export interface RebuildProgress {
  readonly projection: string;
  readonly position: number;
  readonly head: number;
  readonly dispatched: number;
}

export interface RebuildReport {
  readonly projection: string;
  readonly version: number;
  readonly slot: string;
  readonly previousSlot: string;
  /** Events handed to the projection, upcast to today's versions. */
  readonly dispatched: number;
  /** Events of types this build does not know. */
  readonly skippedUnknown: number;
  /** Events of types the projection does not read. */
  readonly ignored: number;
  readonly position: number;
}

export interface ReplayReport {
  readonly replayed: readonly string[];
  readonly failed?: { readonly id: string; readonly reason: string };
  /** Records still queued for the subscription. */
  readonly remaining: number;
}

export interface DeadLetterQueues {
  list(subscription?: string): Promise<DeadLetter[]>;
  inspect(id: string): Promise<DeadLetter>;
  /** Replays one record and then the records of its stream held behind it, in order, until one fails. */
  replay(id: string): Promise<ReplayReport>;
  replayAll(subscription: string): Promise<ReplayReport>;
  purge(subscription: string): Promise<number>;
}

export interface Processing {
  readonly lanes: PriorityLanes;
  readonly deadLetters: DeadLetterQueues;
  /** Adds a handler or process manager; it starts from its checkpoint (the beginning when new). */
  subscribe(definition: HandlerDefinition): Promise<void>;
  addProjection(definition: ProjectionDefinition): Promise<void>;
  /** Stops a subscription and forgets it (its checkpoint, dead letters and documents stay, for when it comes back). */
  remove(name: string): Promise<void>;
  /** The slot readers of a projection read now (the old build while a new one catches up). */
  slotOf(projection: string): string;
  /**
   * The slot to read a projection from, once it holds every event appended before the call when it is inline: a reader
   * sees what the commands before it did. An async projection's slot at once, as far as it has got.
   */
  readableSlot(projection: string): Promise<string>;
  /** The projections' names; those folded inline with commands, or in the background, with `mode`. */
  projectionNames(mode?: SubscriptionMode): string[];
  /** Resolves once every inline projection has handled everything up to `seq`. */
  waitForInline(seq: number): Promise<void>;
  /** Resolves once the named subscription has handled everything up to `seq` (at once when it is paused or stopped). */
  waitFor(name: string, seq: number): Promise<void>;
  /** Resolves once every running subscription has caught up with the store (including events handlers appended meanwhile) and old builds are deleted. */
  settle(): Promise<void>;
  status(): Promise<SubscriptionStatus[]>;
  /** Rebuilds one projection, or every one, blue/green; nothing once stop() has begun. */
  rebuild(projection?: string, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildReport[]>;
  stop(options?: { drainMs?: number }): Promise<void>;
}

export interface ProcessingDeps {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly checkpoints: Checkpoints;
  readonly deadLetters: DeadLetterStore;
  readonly readModels: ReadModelStore;
  readonly lanes: PriorityLanes;
  readonly options: ProcessingOptions;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly execute: ExecuteCommand;
}

/** The longest a background subscriber's finished batch waits for the others running beside it before it is written. */
const COMMIT_GATE_WAIT_MS = 50;

/** Events a rebuild folds per batch at least: each batch costs a read of its documents and a durable write, whatever its size. */
const REBUILD_BATCH = 2_000;
/**
 * What a rebuild batch's envelopes may weigh at most, by their JSON's length: 2,000 typical events weigh ~1.2 MB; larger
 * events make smaller batches (the next read asks for as many as the last ones' weight says fit).
 */
const REBUILD_BYTES = 4 * 1024 * 1024;

interface ProjectionRuntime {
  readonly definition: ProjectionDefinition;
  readonly subscription: Subscription;
  building?: Promise<RebuildReport>;
}

export function createProcessing(deps: ProcessingDeps): Processing {
  const { store, checkpoints, deadLetters, readModels, lanes, options, logger } = deps;
  const decoder = createEventDecoder(store, deps.registry);
  const gate = createCommitGate(COMMIT_GATE_WAIT_MS, () => lanes.liveWithin(COMMIT_GATE_WAIT_MS));
  const riding = store.writing$?.subscribe(() => gate.ride());
  const pages = createSharedPages(store, options.batchSize);
  const subscriptionDeps: SubscriptionDeps = { store, decoder, checkpoints, deadLetters, pages, options, logger, now: deps.now, lanes, gate };
  const subscriptions = new Map<string, Subscription>();
  const projections = new Map<string, ProjectionRuntime>();
  let stopping = false;
  /** Old builds being deleted in the background; stop() waits for them (a closed database must not be written). */
  const cleanups = new Set<Promise<unknown>>();

  const subscriptionOf = (name: string): Subscription => {
    const subscription = subscriptions.get(name);
    if (!subscription) throw new DomainError('NOT_FOUND', `No subscription ${name}. Run fidelis subscriptions status for the list.`, 'subscription');
    return subscription;
  };
  const runtimeOf = (projection: string): ProjectionRuntime => {
    const runtime = projections.get(projection);
    if (!runtime) throw new DomainError('NOT_FOUND', `No projection ${projection}.`, 'projection');
    return runtime;
  };

  async function rebuildInto(runtime: ProjectionRuntime, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildReport> {
    const { definition, subscription } = runtime;
    const previousSlot = subscription.slot();
    const previous = parseSlot(previousSlot);
    const slot = slotName(definition.name, definition.version, (previous?.build ?? 0) + 1);
    await readModels.clearForBuild(slot);
    const consumer = projectionConsumer(definition, readModels, () => slot, `rebuild:${definition.name}`);
    const wanted = {
      categories: definition.categories && new Set(definition.categories),
      types: definition.eventTypes && new Set(definition.eventTypes),
    };
    let position = 0;
    let dispatched = 0;
    let skippedUnknown = 0;
    let ignored = 0;
    const most = Math.max(options.batchSize, REBUILD_BATCH);
    let readLimit = most;

    const replayBatch = async (head: number): Promise<void> => {
      const read = await store.readAll(position, readLimit);
      const weights = read.map(envelopeBytes);
      const events = takeWithin(read, weights, 0, read.length, head, REBUILD_BYTES);
      // As many as the events just read say fit in the weight (at least one, at most the batch).
      const bytes = weights.reduce((sum, w) => sum + w, 0);
      if (read.length > 0) readLimit = Math.max(1, Math.min(most, Math.floor((read.length * REBUILD_BYTES) / Math.max(1, bytes))));
      if (events.length === 0) {
        position = head;
        return;
      }
      const batch = consumer.beginBatch();
      // The documents the batch will touch, read in one query rather than one per event.
      await batch.prepare?.(events.filter((e) => deps.registry.isKnown(e.type) && isWanted(e, wanted)));
      for (const envelope of events) {
        if (!deps.registry.isKnown(envelope.type)) skippedUnknown++;
        else if (!isWanted(envelope, wanted)) ignored++;
        else {
          const event = await decoder.decode(envelope);
          if (!event) skippedUnknown++;
          else {
            // A rebuild that cannot fold an event stops: the old build keeps serving, and the error says which event.
            try {
              await batch.handle(event, { attempt: 0, replay: false });
            } catch (error) {
              throw new Error(`Rebuilding ${definition.name} failed on event ${envelope.id} (seq ${envelope.seq}, ${envelope.type}): ${errorMessage(error)}`, { cause: error });
            }
            dispatched++;
          }
        }
        position = envelope.seq;
      }
      await batch.commit();
      onProgress?.({ projection: definition.name, position, head: store.headSeq(), dispatched });
    };

    // Between batches the rebuild gives way to teller commands. It issues none of its own, so it needs no bulk lane
    // (lanes.run): entering one would switch on async context tracking, which every promise of the process then pays for.
    while (position < store.headSeq()) {
      await lanes.yieldToLive();
      await replayBatch(store.headSeq());
    }
    // The switch: the live subscription handles nothing while the new build takes the last events and becomes the one read.
    await subscription.exclusive(async () => {
      while (position < store.headSeq()) await replayBatch(store.headSeq());
      await checkpoints.save(subscription.name, { position, slot });
      // Every event folded cleanly into the new build, the parked ones included: their queue is obsolete.
      await deadLetters.purge(subscription.name);
      await subscription.moveTo(slot, position);
    });
    subscription.resume();
    if (previousSlot !== slot) {
      const cleanup = readModels
        .retire(previousSlot)
        .catch((error: unknown) => logger.warn({ slot: previousSlot, error: errorMessage(error) }, 'old read model build not removed'))
        .finally(() => cleanups.delete(cleanup));
      cleanups.add(cleanup);
    }
    const report = { projection: definition.name, version: definition.version, slot, previousSlot, dispatched, skippedUnknown, ignored, position };
    logger.info(report, 'projection rebuilt');
    return report;
  }

  function startBuild(runtime: ProjectionRuntime, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildReport> {
    if (runtime.building) return runtime.building;
    const building = rebuildInto(runtime, onProgress).finally(() => {
      runtime.building = undefined;
    });
    runtime.building = building;
    return building;
  }

  async function replayRecords(subscription: Subscription, records: readonly DeadLetter[]): Promise<{ replayed: string[]; failed?: { id: string; reason: string } }> {
    const replayed: string[] = [];
    for (const record of records) {
      try {
        const batch = subscription.consumer.beginBatch();
        const event = await decoder.decode(record.event);
        if (event) await batch.handle(event, { attempt: record.retryCount + 1, replay: true });
        await batch.commit();
        await deadLetters.remove(record.id);
        replayed.push(record.id);
      } catch (error) {
        await deadLetters.update(record.id, {
          status: 'parked',
          reason: errorMessage(error),
          stack: error instanceof Error ? (error.stack ?? '') : '',
          retryCount: record.retryCount + 1,
          failedAt: deps.now().toISOString(),
        });
        return { replayed, failed: { id: record.id, reason: errorMessage(error) } };
      }
    }
    return { replayed };
  }

  async function replayStream(subscription: Subscription, streamId: string, fromId?: string): Promise<{ replayed: string[]; failed?: { id: string; reason: string } }> {
    const queue = await deadLetters.ofStream(subscription.name, streamId);
    if (fromId !== undefined && queue[0]?.id !== fromId) {
      throw new DomainError('VALIDATION', `Events of a stream are replayed in order: replay ${queue[0]?.id} first.`, 'id');
    }
    const result = await replayRecords(subscription, queue);
    if (!result.failed) subscription.unblock(streamId);
    return result;
  }

  const deadLetterQueues: DeadLetterQueues = {
    list: (subscription) => deadLetters.list(subscription),
    async inspect(id) {
      const record = await deadLetters.get(id);
      if (!record) throw new DomainError('NOT_FOUND', `No dead letter ${id}. Run fidelis dlq list for the queue.`, 'id');
      return record;
    },
    async replay(id) {
      const record = await deadLetterQueues.inspect(id);
      const subscription = subscriptionOf(record.subscription);
      const result = await subscription.exclusive(() => replayStream(subscription, record.streamId, id));
      return { ...result, remaining: await deadLetters.depth(subscription.name) };
    },
    async replayAll(name) {
      const subscription = subscriptionOf(name);
      return subscription.exclusive(async () => {
        const replayed: string[] = [];
        let failed: { id: string; reason: string } | undefined;
        const streams = [...new Set((await deadLetters.list(name)).map((r) => r.streamId))];
        for (const streamId of streams) {
          const result = await replayStream(subscription, streamId);
          replayed.push(...result.replayed);
          failed ??= result.failed;
        }
        return { replayed, ...(failed ? { failed } : {}), remaining: await deadLetters.depth(name) };
      });
    },
    async purge(name) {
      const subscription = subscriptionOf(name);
      return subscription.exclusive(async () => {
        const removed = await deadLetters.purge(name);
        subscription.unblock();
        logger.warn({ subscription: name, removed }, 'dead-letter queue purged');
        return removed;
      });
    },
  };

  const processing: Processing = {
    lanes,
    deadLetters: deadLetterQueues,

    async subscribe(definition) {
      if (subscriptions.has(definition.name)) throw new Error(`A subscription named ${definition.name} is already running.`);
      const consumer = handlerConsumer(definition, deps.execute, logger, readModels);
      const checkpoint = await checkpoints.load(definition.name);
      subscriptions.set(definition.name, await startSubscription(subscriptionDeps, consumer, { position: checkpoint?.position ?? 0, slot: '' }));
    },

    async addProjection(definition) {
      const name = projectionSubscriptionName(definition.name);
      if (subscriptions.has(name)) throw new Error(`A projection named ${definition.name} is already running.`);
      const checkpoint = await checkpoints.load(name);
      const current = checkpoint && parseSlot(checkpoint.slot);
      const upToDate = current !== undefined && current.version === definition.version;
      // A new store starts the first build right here; anything else to build is built beside what serves now.
      const fresh = !checkpoint && store.headSeq() === 0;
      const slot = upToDate ? checkpoint!.slot : fresh ? slotName(definition.name, definition.version, 1) : (checkpoint?.slot ?? slotName(definition.name, definition.version, 0));
      if (fresh) {
        // Built from an empty store (a new branch, a workstation joining one): documents not written yet need no read.
        await readModels.clearForBuild(slot);
        await checkpoints.save(name, { position: 0, slot });
      }
      // The consumer asks the subscription for its slot at each batch: a rebuild switches it.
      const slotHolder: { current?: Subscription } = {};
      const consumer = projectionConsumer(definition, readModels, () => slotHolder.current!.slot());
      const subscription = await startSubscription(subscriptionDeps, consumer, { position: checkpoint?.position ?? 0, slot, paused: !upToDate && !fresh });
      slotHolder.current = subscription;
      subscriptions.set(name, subscription);
      const runtime: ProjectionRuntime = { definition, subscription };
      projections.set(definition.name, runtime);
      if (!upToDate && !fresh) {
        logger.info({ projection: definition.name, serving: slot, version: definition.version }, 'building a new version of a projection in the background');
        startBuild(runtime).catch((error: unknown) => logger.error({ projection: definition.name, error: errorMessage(error) }, 'projection build failed'));
      }
    },

    async remove(name) {
      const projection = projections.get(name);
      const subscriptionName = projection ? projection.subscription.name : name;
      const subscription = subscriptionOf(subscriptionName);
      await projection?.building?.catch(() => undefined);
      await subscription.stop();
      subscriptions.delete(subscriptionName);
      projections.delete(name);
    },

    slotOf: (projection) => runtimeOf(projection).subscription.slot(),

    async readableSlot(projection) {
      const { definition, subscription } = runtimeOf(projection);
      if (definition.mode === 'inline') await subscription.waitFor(store.headSeq());
      return subscription.slot();
    },

    projectionNames: (mode) => [...projections.values()].filter((p) => mode === undefined || p.definition.mode === mode).map((p) => p.definition.name),

    async waitForInline(seq) {
      await Promise.all([...subscriptions.values()].filter((s) => s.consumer.mode === 'inline').map((s) => s.waitFor(seq)));
    },

    async waitFor(name, seq) {
      await subscriptionOf(name).waitFor(seq);
    },

    async settle() {
      for (;;) {
        const head = store.headSeq();
        await Promise.all([...projections.values()].map((p) => p.building?.catch(() => undefined)));
        await Promise.all([...subscriptions.values()].map((s) => s.waitFor(head)));
        // Old builds being deleted too: settled means no background work left.
        await Promise.all([...cleanups]);
        await store.drain();
        if (store.headSeq() === head) return;
      }
    },

    async status() {
      return Promise.all([...subscriptions.values()].map((s) => s.status()));
    },

    async rebuild(projection, onProgress) {
      // A closing ledger starts no build: the builds in flight finish, and stop() waits for them.
      if (stopping) return [];
      const targets = projection === undefined ? [...projections.values()] : [projections.get(projection)];
      const reports: RebuildReport[] = [];
      for (const runtime of targets) {
        if (!runtime) throw new DomainError('NOT_FOUND', `No projection ${projection}. Projections: ${[...projections.keys()].join(', ')}.`, 'projection');
        if (runtime.building) await runtime.building.catch(() => undefined);
        reports.push(await startBuild(runtime, onProgress));
      }
      return reports;
    },

    async stop({ drainMs = 5_000 } = {}) {
      if (stopping) return;
      stopping = true;
      await Promise.all([...projections.values()].map((p) => p.building?.catch(() => undefined)));
      await Promise.all([...cleanups]);
      const head = store.headSeq();
      const deadline = Date.now() + drainMs;
      await Promise.all([...subscriptions.values()].map((s) => s.stop(drainMs > 0 ? { drainTo: head, deadline } : {})));
      riding?.unsubscribe();
    },
  };
  return processing;
}

function isWanted(envelope: EventEnvelope, wanted: { categories?: Set<string> | undefined; types?: Set<string> | undefined }): boolean {
  if (wanted.categories) {
    const dash = envelope.streamId.indexOf('-');
    if (!wanted.categories.has(dash < 0 ? envelope.streamId : envelope.streamId.slice(0, dash))) return false;
  }
  if (wanted.types) {
    const match = /^Fidelis\.([A-Za-z0-9]+)\.v\d+$/.exec(envelope.type);
    if (!match || !wanted.types.has(match[1]!)) return false;
  }
  return true;
}
