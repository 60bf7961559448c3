/** The push payload's validation: the schema's answers exactly, through the fast path for the pushes workstations send. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventEnvelopeSchema } from '@fidelis/shared/events/envelope.js';
import { pushCommitSchema, pushRequestSchema } from '@fidelis/shared/sync/protocol.js';
import { parsePushRequest, wellFormedPush } from '@fidelis/shared/sync/pushRequest.js';
import { commitOf, deposited, opened } from '../../support/gatewayFixtures.js';

/** A JSON body as the gateway's parser gives it, with an own key set the way JSON.parse sets it (`__proto__` included). */
const withKey = (object: Record<string, unknown>, key: string, value: unknown) => {
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
};
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The schema's answer and parsePushRequest's agree, and a fast-path answer is one the schema gives. */
function expectSchemaAnswer(input: unknown) {
  const ours = parsePushRequest(input);
  const schema = pushRequestSchema.safeParse(input);
  expect(ours.success).toBe(schema.success);
  if (schema.success) {
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(schema.data));
    expect(ours.data).toStrictEqual(schema.data);
  } else expect(ours.error!.issues).toEqual(schema.error.issues);
  const checked = wellFormedPush(input);
  if (checked !== undefined) expect(JSON.stringify(checked)).toBe(JSON.stringify(schema.data));
}

/** Strings about the limits (64, 128, 200), counted in UTF-16 units and in code points, unicode and empty. */
const edgeText = fc.oneof(
  fc.constantFrom('', 'é', '😀', '\ud800', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(200), 'x'.repeat(201)),
  fc.constantFrom(63, 64, 65, 100, 101, 127, 128, 129, 199, 200, 201).map((n) => '😀'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2)),
);
const text = fc.oneof({ weight: 80, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: edgeText });
const count = fc.oneof({ weight: 80, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -0, -1, 1.5, 2 ** 53 - 1, 2 ** 53, 1e21, -1e21) });
const time = fc.oneof(
  { weight: 80, arbitrary: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(253402300799999) }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2024-02-29T23:59:59Z', '2023-02-29T10:00:00Z', '2026-11-26T10:00:00+01:00', '2026-11-26 10:00:00Z', '2026-11-26T24:00:00Z', '2026-11-26T10:00:00.123456789Z', '2026-11-26T10:00Z') },
);
const typeName = fc.oneof(
  { weight: 80, arbitrary: fc.constantFrom('Fidelis.DepositMade.v1', 'Fidelis.AccountOpened.v12') },
  { weight: 1, arbitrary: fc.constantFrom('Fidelis.depositMade.v1', 'Fidelis.DepositMade.v0', 'DepositMade', 'Fidelis.Deposit-Made.v1') },
);
/** Anything in place of a field: another type, null, an array, an object. */
const odd = fc.oneof(fc.constantFrom(null, true, 0, '', [], {}, [1], { a: 1 }), fc.string({ maxLength: 3 }));
const jsonRecord = fc.dictionary(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('0', '10', 'constructor', 'toJSON', 'commandId')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

/**
 * A body whose fields are each, one time in `oddness`, another type or left out (undefined, which JSON drops); bodies
 * with a low oddness are mostly well-formed, so both the fast path and the schema's refusals are exercised.
 */
function bodies(oddness: number) {
  const some = <T>(item: fc.Arbitrary<T>) => fc.oneof({ weight: oddness, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant([]) });
  const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: oddness, arbitrary: good }, { weight: 1, arbitrary: odd }, { weight: 1, arbitrary: fc.constant(undefined) });
  // Extra keys (stripped by the schema, kept by the meta's catchall), now and then an own `__proto__`.
  const extras = fc.oneof(
    { weight: oddness, arbitrary: fc.constant<[string, unknown][]>([]) },
    { weight: 2, arbitrary: fc.array(fc.tuple(fc.constantFrom('extra', '__proto__', '1', 'seq', 'zzz'), fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 }) },
  );
  const withExtras = (object: Record<string, unknown>, keys: [string, unknown][]) => keys.reduce((o, [k, v]) => withKey(o, k, v), { ...object });
  const meta = fc
    .tuple(fc.record({ commandId: field(text), correlationId: field(text), causationId: field(text), actor: field(text), deviceId: field(text), branchId: field(text) }), extras)
    .map(([m, keys]) => withExtras(m, keys));
  const data = fc.oneof({ weight: oddness, arbitrary: jsonRecord }, { weight: 1, arbitrary: jsonRecord.map((d) => withKey(d, '__proto__', { x: 1 })) });
  const envelope = fc
    .tuple(
      fc.record({
        id: field(text),
        type: field(typeName),
        streamId: field(text),
        version: field(count),
        seq: field(count),
        gpos: field(fc.oneof(fc.constant(null), count)),
        occurredAt: field(time),
        recordedAt: field(time),
        data: field(data),
        meta: field(meta),
      }),
      extras,
    )
    .map(([e, keys]) => withExtras(e, keys));
  const commit = fc
    .tuple(
      fc.record(
        { streamId: field(text), version: field(count), commandId: field(text), commandHash: field(text), events: field(some(envelope)), hash: field(text) },
        { requiredKeys: ['streamId', 'version', 'commandId', 'commandHash', 'events'] },
      ),
      extras,
    )
    .map(([c, keys]) => withExtras(c, keys));
  return fc.oneof({ weight: oddness, arbitrary: fc.record({ commits: some(commit) }) }, { weight: 1, arbitrary: odd });
}
const body = fc.oneof(bodies(8), bodies(400));

/** Well-formed pushes as a workstation sends them. */
const sentPush = fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 20 }).map((commits) => ({
  commits: commits.map(([n, first], i) => commitOf(`account-P${n}`, first ? 0 : n + 1, [first ? opened(`P${n}`) : deposited(`P${n}`, String(i + 1))])),
}));

describe('push payload validation', () => {
  it('answers as pushRequestSchema does for any body: the same data, key order included, or the same issues', () => {
    fc.assert(
      fc.property(body, (raw) => expectSchemaAnswer(roundTrip(raw))),
      { numRuns: 4000 },
    );
  });

  it('takes its fast path only for bodies the schema accepts, and gives back what the schema does', () => {
    let fast = 0;
    let accepted = 0;
    fc.assert(
      fc.property(body, (raw) => {
        const input = roundTrip(raw);
        const checked = wellFormedPush(input);
        const schema = pushRequestSchema.safeParse(input);
        if (schema.success) accepted++;
        if (checked === undefined) return;
        fast++;
        expect(schema.success).toBe(true);
        expect(JSON.stringify(checked)).toBe(JSON.stringify(schema.data));
      }),
      { numRuns: 4000 },
    );
    // Well-formed bodies come often enough for this to say something, and most take the fast path.
    expect(fast).toBeGreaterThan(700);
    expect(fast / accepted).toBeGreaterThan(0.8);
  });

  it('answers as the schema does at every limit: string lengths in units and code points, counts, list sizes', () => {
    const base = () => roundTrip({ commits: [commitOf('account-L1', 0, [opened('L1')])] }) as { commits: Record<string, unknown>[] };
    const texts = ['', 'é', '😀', '\ud800', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(200), 'x'.repeat(201)];
    for (const n of [63, 64, 65, 127, 128, 129, 199, 200, 201]) texts.push('😀'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2), '😀'.repeat(n));
    const numbers = [0, -0, -1, 1, 1.5, 2 ** 53 - 1, 2 ** 53, null, '1'];
    const cases: [string, unknown[]][] = [
      ...['streamId', 'commandId', 'commandHash', 'hash'].map((key): [string, unknown[]] => [key, texts]),
      ...['events.0.id', 'events.0.streamId', ...['commandId', 'correlationId', 'causationId', 'actor', 'deviceId', 'branchId'].map((k) => `events.0.meta.${k}`)].map((key): [string, unknown[]] => [key, texts]),
      ['version', numbers],
      ...['version', 'seq', 'gpos'].map((key): [string, unknown[]] => [`events.0.${key}`, numbers]),
    ];
    for (const [path, values] of cases) {
      for (const value of values) {
        const input = base();
        const keys = path.split('.');
        const owner = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, input.commits[0]!);
        owner[keys.at(-1)!] = value;
        expectSchemaAnswer(input);
      }
    }
    for (const size of [1000, 1001]) {
      const many = base();
      many.commits = Array.from({ length: size }, () => many.commits[0]!);
      expectSchemaAnswer(many);
      const events = base();
      events.commits[0]!.events = Array.from({ length: size }, () => (events.commits[0]!.events as unknown[])[0]);
      expectSchemaAnswer(events);
    }
  });

  it('takes the fast path for every push a workstation sends', () => {
    fc.assert(
      fc.property(sentPush, (push) => {
        const input = roundTrip(push);
        expect(wellFormedPush(input)).toStrictEqual(pushRequestSchema.parse(input));
      }),
      { numRuns: 200 },
    );
  });

  it('covers every field the schemas name: a field added there must be checked (and kept) by the fast path too', () => {
    expect(Object.keys(pushRequestSchema.shape)).toEqual(['commits']);
    expect(Object.keys(pushCommitSchema.shape)).toEqual(['streamId', 'version', 'commandId', 'commandHash', 'events', 'hash']);
    expect(Object.keys(eventEnvelopeSchema.shape)).toEqual(['id', 'type', 'streamId', 'version', 'seq', 'gpos', 'occurredAt', 'recordedAt', 'data', 'meta']);
    expect(Object.keys(eventEnvelopeSchema.shape.meta.shape)).toEqual(['commandId', 'correlationId', 'causationId', 'actor', 'deviceId', 'branchId']);
  });

  it('refuses a bad payload with the schema’s issue: its path and message', () => {
    const good = roundTrip({ commits: [commitOf('account-V1', 0, [opened('V1')])] }) as { commits: [{ events: [Record<string, unknown>] }] };
    good.commits[0].events[0].type = 'Fidelis.depositMade.v1';
    const refused = parsePushRequest(good);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({ path: ['commits', 0, 'events', 0, 'type'], message: 'type must look like Fidelis.<Event>.v<N>' });
    expect(parsePushRequest({ commits: [] }).error!.issues[0]).toMatchObject({ path: ['commits'], code: 'too_small' });
    expect(parsePushRequest(undefined).success).toBe(false);
  });
});
