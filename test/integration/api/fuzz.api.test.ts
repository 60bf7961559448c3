// Hostile input through the real API router of an in-memory host: every contract method gets mutated payloads (wrong
// types, huge and strange text, bad amounts, prototype-pollution keys, deep nesting), from a signed-out connection and
// from one signed in with every role. Each answer is a typed refusal or a result the contract allows; a refusal stores
// nothing; Object.prototype stays clean; the host keeps answering. The WebSocket framing gets malformed frames once.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiMethods, apiTopics, type MethodName } from '@fidelis/shared/api/contract.js';
import { apiResponseSchema, type ApiResponse } from '@fidelis/shared/api/errors.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createApiRouter, type ApiConnection, type ApiRouter } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { startBrowserServer, type BrowserServer } from '../../../main/serve/browserServer.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';
import { HUGE_STRING, VALID_EXAMPLES, deepArray, hostilePayload, mutatedPayload, prototypeIsClean, type ExampleContext } from '../../support/hostileArbitraries.js';

/** Runs per method for the signed-in connection: ~60 methods × this stays well under a minute on two cores. FIDELIS_FUZZ_RUNS digs deeper by hand. */
const RUNS_PER_METHOD = Number(process.env['FIDELIS_FUZZ_RUNS'] ?? 60);
/** Signed out, every non-public method is refused before its input is read: fewer runs show it. */
const RUNS_SIGNED_OUT = 8;
const METHODS = Object.keys(apiMethods) as MethodName[];
/** Failed sign-ins are recorded (and lock a user out): the only events a refused call may leave. */
const SIGN_IN_AUDIT = /^Fidelis\.Staff(SignInFailed|LockedOut)\./;

let host: Host;
let router: ApiRouter;
let signedIn: ApiConnection;
let signedOut: ApiConnection;
let ctx: ExampleContext;
let appended: EventEnvelope[] = [];
let watch: Subscription;

beforeAll(async () => {
  host = await createHost({ inMemory: true, settings: { processingMaxRetries: 1, processingRetryBaseMs: 1, ...TEST_STAFF_SETTINGS, signInMaxFailures: 100 } });
  router = createApiRouter(host);
  await router.ready;
  // `all` (every role) drives the fuzz; sign-in variants name `teller`, approvals `supervisor`, throwaway sessions `compliance`:
  // wrong passwords lock nobody the fuzz needs (the host allows 100 failures).
  await seedTestStaff(host, ['teller', 'supervisor', 'compliance', 'all']);
  const open = async (number: string) => (await host.execute({ type: 'OpenAccount', accountId: crypto.randomUUID(), number, holder: `Ada ${number}`, currency: 'USD', openingDeposit: '500.00' })).aggregateId;
  ctx = { accountId: await open('FZ-A'), otherAccountId: await open('FZ-B'), username: 'teller', password: STAFF_PASSWORD, approver: 'supervisor', day: new Date().toISOString().slice(0, 10) };
  signedIn = router.connect();
  expect(await signedIn.call('auth.signIn', { username: 'all', password: STAFF_PASSWORD })).toMatchObject({ ok: true });
  signedOut = router.connect();
  watch = host.store.appended$.subscribe((events) => appended.push(...events));
  await quiesce();
});

afterAll(async () => {
  watch?.unsubscribe();
  signedIn?.close();
  signedOut?.close();
  router?.close();
  await host?.close();
});

/** A short description of an input for a failure message (deep or bigint-holding values do not stringify). */
function summary(input: unknown): string {
  try {
    return (JSON.stringify(input) ?? String(input)).slice(0, 300);
  } catch {
    return `${typeof input} that does not stringify`;
  }
}

/** What every answer must look like, whatever was sent. Returns a description of the first problem, or undefined. */
function problemWith(method: MethodName, response: ApiResponse): string | undefined {
  if (!apiResponseSchema.safeParse(response).success) return `not an ApiResponse: ${JSON.stringify(response).slice(0, 200)}`;
  if (response.ok) {
    const parsed = apiMethods[method].result.safeParse(response.result);
    return parsed.success ? undefined : `a result outside the contract: ${parsed.error.message.slice(0, 200)}`;
  }
  const { code, message } = response.error;
  if (code === 'INTERNAL') return `INTERNAL for hostile input: ${message}`;
  if (message.length > 400) return `a ${message.length}-character message (echoes the input?): ${message.slice(0, 120)}…`;
  if (/\n\s+at /.test(message)) return `a stack trace in the message: ${message.slice(0, 200)}`;
  return undefined;
}

/** Calls once on `connection`; a rejected promise (the router must never throw) fails the property. */
/** Background work of earlier calls done (handlers, the PayFlow queue's pass): what lands now, this call wrote. */
async function quiesce(): Promise<void> {
  await host.processing.settle();
  await host.payments.runQueue();
  await host.processing.settle();
}

/** The call before this one, to name it when something it did only shows afterwards (background work, pollution). */
let previous = 'none';

async function callAndCheck(connection: ApiConnection, method: MethodName, input: unknown): Promise<ApiResponse> {
  try {
    if (!prototypeIsClean()) throw new Error(`Object.prototype has ${Object.keys(Object.prototype).join(', ')}`);
    await quiesce();
  } catch (error) {
    throw new Error(`after ${previous}: ${String(error)}`);
  }
  previous = `${method} ${summary(input)}`;
  appended = [];
  let response: ApiResponse;
  try {
    response = await connection.call(method, input);
  } catch (error) {
    throw new Error(`${method} threw instead of answering: ${String(error)}`);
  }
  const problem = problemWith(method, response);
  if (problem) throw new Error(`${method}: ${problem}`);
  const stored = appended.filter((event) => !SIGN_IN_AUDIT.test(event.type));
  if (!response.ok && stored.length > 0) throw new Error(`${method} refused (${response.error.code}) but stored ${stored.map((e) => e.type).join(', ')}`);
  if (!prototypeIsClean()) throw new Error(`${method} polluted Object.prototype: ${Object.keys(Object.prototype).join(', ')}`);
  return response;
}

const payloadsFor = (method: MethodName): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 6, arbitrary: mutatedPayload(VALID_EXAMPLES[method]?.(ctx) ?? {}) }, { weight: 1, arbitrary: hostilePayload });

/**
 * A throwaway connection for auth.* methods, which change their connection's session: signed in half of the time, as
 * someone the sign-in variants never name (wrong unlock passwords count against them: the host allows 100 failures).
 */
async function freshConnection(signIn: boolean): Promise<ApiConnection> {
  const connection = router.connect();
  if (signIn) expect(await connection.call('auth.signIn', { username: 'compliance', password: STAFF_PASSWORD })).toMatchObject({ ok: true });
  return connection;
}

describe('hostile API payloads', () => {
  it('has a hand-written valid example for every contract method, and each passes its input schema', () => {
    const missing = METHODS.filter((method) => VALID_EXAMPLES[method] === undefined);
    expect(missing, 'add a valid example to VALID_EXAMPLES in test/support/hostileArbitraries.ts').toEqual([]);
    for (const method of METHODS) {
      const parsed = apiMethods[method].input.safeParse(VALID_EXAMPLES[method]!(ctx));
      expect(parsed.success, `${method}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
  });

  for (const method of METHODS) {
    const authMethod = method.startsWith('auth.');
    it(`${method}: answers every mutated payload, signed in with every role, with a typed refusal or a contract result, and stores nothing it refused`, async () => {
      expect(VALID_EXAMPLES[method], `no valid example for ${method}`).toBeDefined();
      await fc.assert(
        fc.asyncProperty(payloadsFor(method), fc.boolean(), async (input, signIn) => {
          if (!authMethod) return void (await callAndCheck(signedIn, method, input));
          const connection = await freshConnection(signIn);
          try {
            await callAndCheck(connection, method, input);
          } finally {
            connection.close();
          }
        }),
        { numRuns: RUNS_PER_METHOD, timeout: 10_000 },
      );
    });
  }

  it('refuses every non-public method of a signed-out connection with UNAUTHENTICATED, whatever the payload, storing nothing', async () => {
    const guarded = METHODS.filter((method) => apiMethods[method].permission !== 'public');
    expect(guarded.length).toBeGreaterThan(20);
    for (const method of guarded) {
      await fc.assert(
        fc.asyncProperty(payloadsFor(method), async (input) => {
          const response = await callAndCheck(signedOut, method, input);
          expect(response.ok ? 'ok' : response.error.code, method).toBe('UNAUTHENTICATED');
        }),
        { numRuns: RUNS_SIGNED_OUT },
      );
    }
  });

  it('refuses the inputs the fuzzing found (enormous amounts, a dashboard period of millennia) on their fields, storing nothing', async () => {
    const cases: [MethodName, Record<string, unknown>, string, string][] = [
      ['account.deposit', { accountId: ctx.accountId, amount: `1${'0'.repeat(30)}` }, 'INVALID_AMOUNT', 'amount'],
      ['account.open', { number: 'FZ-BIG', holder: 'Big', currency: 'USD', openingDeposit: '9'.repeat(20) }, 'INVALID_AMOUNT', 'openingDeposit'],
      ['account.open', { number: 'FZ-BIG', holder: 'Big', currency: 'USD', overdraftLimit: '1000000000000000' }, 'INVALID_AMOUNT', 'overdraftLimit'],
      ['transfers.start', { fromAccountId: ctx.accountId, toAccountId: ctx.otherAccountId, amount: '1e308' }, 'INVALID_AMOUNT', 'amount'],
      ['dashboard.activity', { from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' }, 'VALIDATION', 'to'],
    ];
    for (const [method, input, code, field] of cases) {
      const response = await callAndCheck(signedIn, method, input);
      expect(response, method).toMatchObject({ ok: false, error: { code, field } });
    }
  });

  it('refuses a huge method name and hostile topic parameters with short typed refusals', async () => {
    for (const connection of [signedIn, signedOut]) {
      const unknown = await connection.call(HUGE_STRING, {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(unknown.ok ? 0 : unknown.error.message.length).toBeLessThan(400);
      for (const topic of [...Object.keys(apiTopics), '__proto__', 'constructor', HUGE_STRING]) {
        fc.assert(
          fc.property(hostilePayload, (params) => {
            const { response, unsubscribe } = connection.subscribe(topic, params, () => undefined);
            unsubscribe();
            expect(apiResponseSchema.safeParse(response).success).toBe(true);
            if (!response.ok) {
              expect(response.error.code).not.toBe('INTERNAL');
              expect(response.error.message.length).toBeLessThan(400);
            }
          }),
          { numRuns: 15 },
        );
      }
    }
    // Signed out, a real topic with valid parameters is refused too: live data is for signed-in readers only.
    expect(signedOut.subscribe('store', {}, () => undefined).response).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(prototypeIsClean()).toBe(true);
  });

  it('still answers a valid call once the barrage is over, signed in, with the seeded accounts intact', async () => {
    const response = await signedIn.call('account.get', { accountId: ctx.accountId });
    expect(response).toMatchObject({ ok: true, result: { account: { accountId: ctx.accountId, currency: 'USD' } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('hostile WebSocket frames', () => {
  let server: BrowserServer;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'fidelis-fuzz-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fidelis</title>');
    server = await startBrowserServer({ router, logger: host.logger, staticDir });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const socketUrl = () => `${server.origin.replace('http', 'ws')}/api?token=${server.token}`;

  async function openSocket(): Promise<WebSocket> {
    const socket = new WebSocket(socketUrl(), { origin: server.origin, maxPayload: 4 << 20 });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return socket;
  }

  /** Sends one frame; resolves with the server's answer frame, or with the close code when it hangs up instead. */
  async function exchange(frame: string | Buffer, binary = false): Promise<{ answer?: unknown; closed?: number }> {
    const socket = await openSocket();
    const outcome = new Promise<{ answer?: unknown; closed?: number }>((resolve) => {
      socket.once('message', (data) => resolve({ answer: JSON.parse(String(data)) }));
      socket.once('close', (code) => resolve({ closed: code }));
    });
    socket.send(frame, { binary });
    const result = await outcome;
    socket.terminate();
    return result;
  }

  const call = (input: unknown, method = 'accounts.list') => JSON.stringify({ kind: 'call', id: 1, method, input });

  it('hangs up on malformed, oversized and wrongly shaped frames, answers hostile inputs with refusals, and keeps serving', async () => {
    const malformed: (string | Buffer)[] = [
      'not json',
      '',
      '{"kind":"call"',
      'null',
      '[]',
      '42',
      '"call"',
      JSON.stringify({ kind: 'call', id: -1, method: 'accounts.list', input: {} }),
      JSON.stringify({ kind: 'call', id: 1.5, method: 'accounts.list', input: {} }),
      JSON.stringify({ kind: 'call', id: 1, method: 'x'.repeat(101), input: {} }),
      JSON.stringify({ kind: 'call', id: 1, method: 42, input: {} }),
      JSON.stringify({ kind: 'subscribe', id: 1, topic: ['store'] }),
      JSON.stringify({ kind: 'nonsense', id: 1 }),
      '{"__proto__":{"polluted":"yes"},"kind":"call","id":1,"method":"accounts.list"}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      'x'.repeat((1 << 20) + 10),
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    ];
    for (const frame of malformed) {
      const { closed, answer } = await exchange(frame, Buffer.isBuffer(frame));
      expect(answer, `answered ${String(frame).slice(0, 60)}`).toBeUndefined();
      expect([1008, 1009], `close code for ${String(frame).slice(0, 60)}`).toContain(closed);
    }
    // Well-formed frames whose input is hostile: a refusal on the same id, and the socket stays open.
    // Deep nesting is written as text: JSON.stringify itself would overflow the stack on it.
    const nestedInput = (open: string, close: string, depth: number) => `{"kind":"call","id":1,"method":"accounts.list","input":${open.repeat(depth)}${close.repeat(depth)}}`;
    const wellFormed = [
      nestedInput('[', ']', 100_000),
      nestedInput('{"a":', '}', 10_000).replace(/\{"a":\}/, '{"a":{}}'),
      ...[HUGE_STRING.slice(0, 900_000), JSON.parse('{"__proto__":{"polluted":"yes"}}'), { search: '\u0000\uD800' }, deepArray(1_000)].map((input) => call(input)),
    ];
    for (const frame of wellFormed) {
      const { answer } = await exchange(frame);
      expect(answer).toMatchObject({ kind: 'response', id: 1, response: { ok: false } });
      const error = (answer as { response: { error: { code: string; message: string } } }).response.error;
      expect(error.code).not.toBe('INTERNAL');
      expect(error.message.length).toBeLessThan(400);
    }
    expect(prototypeIsClean()).toBe(true);
    // The server is still up: a new connection signs in and reads.
    const socket = await openSocket();
    const answers: unknown[] = [];
    socket.on('message', (data) => answers.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ kind: 'call', id: 7, method: 'auth.signIn', input: { username: 'all', password: STAFF_PASSWORD } }));
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toMatchObject({ kind: 'response', id: 7, response: { ok: true } });
    socket.send(JSON.stringify({ kind: 'call', id: 8, method: 'account.get', input: { accountId: ctx.accountId } }));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers[1]).toMatchObject({ kind: 'response', id: 8, response: { ok: true, result: { account: { accountId: ctx.accountId } } } });
    socket.terminate();
  });
});
