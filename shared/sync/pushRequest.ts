/**
 * The push payload's validation as the gateway runs it: pushRequestSchema's answer, with a hand-written fast path
 * for the well-formed pushes workstations send. zod took ~3 µs an event there (a checks pipeline and an issue list
 * per field, a copy of every object); the fast path checks the same rules straight. It only ever says yes: a
 * payload it is unsure of, well-formed or not, goes to the schema, so every refusal (and its message) is zod's.
 */

import type { z } from 'zod';
import { eventEnvelopeSchema, parseEventTypeName, type EventEnvelope } from '../events/envelope.js';
import { MAX_COMMIT_EVENTS, MAX_PUSH_COMMITS, pushRequestSchema, type PushCommit, type PushRequest } from './protocol.js';

/**
 * pushRequestSchema.safeParse(body) for a body JSON.parse gave: the same data (the same keys in the same order,
 * unknown keys stripped where the schema strips them) or, via the schema, the same issues.
 */
export function parsePushRequest(body: unknown): z.ZodSafeParseResult<PushRequest> {
  const checked = wellFormedPush(body);
  return checked ? { success: true, data: checked } : pushRequestSchema.safeParse(body);
}

/** The schema's own ISO datetime pattern (z.iso.datetime()), so the two cannot drift apart. */
const DATETIME = (eventEnvelopeSchema.shape.occurredAt._zod.def as { pattern: RegExp }).pattern;
/** The keys eventMetaSchema names; any other is kept after them, as its catchall does. */
const META_KEYS = new Set(Object.keys(eventEnvelopeSchema.shape.meta.shape));

type Json = Record<string, unknown>;

/**
 * A plain JSON object. Only Object.prototype's: the schema's plain-object test allows a little more, which then
 * goes to the schema.
 */
const isJsonObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Lengths are in UTF-16 units here where zod counts code points: within [min, max] units the code point count is too
 * (a code point is one unit or two, and min is at most 1); a string outside goes to the schema.
 */
const isText = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
const isCount = (value: unknown, min: number): value is number => Number.isSafeInteger(value) && (value as number) >= min;

/** The request as the schema would give it back, or undefined to ask the schema (exported for its tests). */
export function wellFormedPush(body: unknown): PushRequest | undefined {
  if (!isJsonObject(body)) return undefined;
  const commits = body.commits;
  if (!Array.isArray(commits) || commits.length < 1 || commits.length > MAX_PUSH_COMMITS) return undefined;
  const checked = everyOrNone(commits, wellFormedCommit);
  return checked && { commits: checked };
}

/** Each item as `check` gives it back, or undefined as soon as one is not well formed. */
function everyOrNone<T>(items: readonly unknown[], check: (item: unknown) => T | undefined): T[] | undefined {
  const checked: T[] = [];
  for (const item of items) {
    const one = check(item);
    if (one === undefined) return undefined;
    checked.push(one);
  }
  return checked;
}

function wellFormedCommit(commit: unknown): PushCommit | undefined {
  if (!isJsonObject(commit)) return undefined;
  const { streamId, version, commandId, commandHash, events, hash } = commit;
  if (!isText(streamId, 1, 200) || !isCount(version, 0) || !isText(commandId, 1, 128) || !isText(commandHash, 0, 64)) return undefined;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_COMMIT_EVENTS) return undefined;
  const envelopes = everyOrNone(events, wellFormedEnvelope);
  if (!envelopes) return undefined;
  // The optional hash: left out when absent, as the schema leaves it out.
  if (!('hash' in commit)) return { streamId, version, commandId, commandHash, events: envelopes };
  return isText(hash, 0, 64) ? { streamId, version, commandId, commandHash, events: envelopes, hash } : undefined;
}

function wellFormedEnvelope(event: unknown): EventEnvelope | undefined {
  if (!isJsonObject(event)) return undefined;
  const { id, type, streamId, version, seq, gpos, occurredAt, recordedAt, data, meta } = event;
  if (!isText(id, 1, Infinity) || typeof type !== 'string' || parseEventTypeName(type) === undefined || !isText(streamId, 1, Infinity)) return undefined;
  if (!isCount(version, 0) || !isCount(seq, 1) || (gpos !== null && !isCount(gpos, 1))) return undefined;
  if (typeof occurredAt !== 'string' || !DATETIME.test(occurredAt) || typeof recordedAt !== 'string' || !DATETIME.test(recordedAt)) return undefined;
  // The schema's record copies data without an own __proto__ key: with none, data itself is that copy's equal.
  if (!isJsonObject(data) || Object.hasOwn(data, '__proto__')) return undefined;
  const checkedMeta = wellFormedMeta(meta);
  if (!checkedMeta) return undefined;
  return { id, type, streamId, version, seq, gpos, occurredAt, recordedAt, data, meta: checkedMeta };
}

function wellFormedMeta(meta: unknown): EventEnvelope['meta'] | undefined {
  if (!isJsonObject(meta)) return undefined;
  const { commandId, correlationId, causationId, actor, deviceId, branchId } = meta;
  if (!isText(commandId, 1, Infinity) || !isText(correlationId, 1, Infinity) || !isText(causationId, 1, Infinity)) return undefined;
  if (!isText(actor, 1, Infinity) || !isText(deviceId, 1, Infinity) || !isText(branchId, 1, Infinity)) return undefined;
  const checked: EventEnvelope['meta'] = { commandId, correlationId, causationId, actor, deviceId, branchId };
  // The catchall's keys follow the named ones in the input's order; it never copies a __proto__ key.
  for (const key in meta) if (!META_KEYS.has(key) && key !== '__proto__') checked[key] = meta[key];
  return checked;
}
