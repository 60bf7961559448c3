/** fast-check generators of hostile input for the API and the CLI: wrong types, huge and strange text, bad amounts, pollution keys. */

import fc from 'fast-check';

/** One mebibyte of text: what a hostile client sends to see whether it is stored, echoed or chokes the process. */
export const HUGE_STRING = 'x'.repeat(1 << 20);

/** Text that has broken other software: direction overrides, zero-width, astral, lone surrogates, NUL, newlines, markup. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  '\u202Eevil\u202C',
  'a\u200Bb\u200C\u200D\uFEFF',
  '\u{1D54F}\u{1F600}\u{10FFFF}',
  '\uD800',
  'x\uDC00y',
  'nul\u0000byte',
  'line1\nline2',
  '\u2028\u2029',
  '<script>alert(1)</script>',
  "'; DROP TABLE commits; --",
  '../../../../etc/passwd',
  '%00%0a',
  '${process.exit()}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'toString',
  'ÅĂ̸̡̛ͅ', // combining marks
  '١٢٣٤', // Arabic-Indic digits
  '１２３', // full-width digits
];

/** Amount text a teller (or an attacker) might send: signs, exponents, separators, spaces, hex, far too many digits. */
export const HOSTILE_AMOUNT_STRINGS: readonly string[] = [
  '-1',
  '-0',
  '-0.00',
  '+5',
  '0',
  '0.00',
  '1e308',
  '1e3',
  'NaN',
  'Infinity',
  '-Infinity',
  `1${'0'.repeat(30)}`,
  `9${'9'.repeat(39)}`,
  `1${'0'.repeat(60)}`,
  '0.000000000000000001',
  '1,000.00',
  '1.000,00',
  ' 10 ',
  '10 ',
  '0x10',
  '0b101',
  '1_000',
  '.5',
  '5.',
  '1..2',
  '١٠',
  '１０',
  '10\u0000',
  '10\n',
  '',
];

/** Days and times at the edges of the calendar, impossible ones, and near misses of the ISO format. */
export const HOSTILE_DATES: readonly string[] = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '2026-1-1',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-11-26T24:00:00Z',
  '2026-11-26T10:00:00+14:00',
  '2026-11-26T10:00:00-12:00',
  '2026-11-26',
  '1970-01-01T00:00:00.000000001Z',
];

/** Numbers where a decimal string is expected (and where an integer is expected): floats, -0, huge, non-finite. */
export const HOSTILE_NUMBERS: readonly number[] = [-0, -1, 0.1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 31, 2 ** 53, 5e-324];

/** Objects whose pollution keys are OWN properties, as JSON.parse makes them (an object literal would set the prototype). */
export const POLLUTION_OBJECTS: readonly (() => unknown)[] = [
  () => JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  () => JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  () => JSON.parse('{"prototype":{"polluted":"yes"}}'),
  () => JSON.parse('{"__proto__":{"__proto__":{"polluted":"yes"}},"toString":"x","valueOf":1,"hasOwnProperty":null}'),
];

export const POLLUTION_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** An object nested `depth` deep ({a:{a:{…}}}), built without recursion so building it cannot overflow the stack. */
export function deepObject(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const fromThunks = (thunks: readonly (() => unknown)[]): fc.Arbitrary<unknown> => fc.constantFrom(...thunks).map((make) => make());

/** Strings: nasty constants, huge ones, and random text of every Unicode range (lone surrogates included). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(HUGE_STRING, `${'\u{1F600}'.repeat(1 << 16)}`, '\u0000'.repeat(4096), ' '.repeat(10_000)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS).map((s) => s.repeat(200)) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_DATES) },
);

/** Amounts: hostile text, numbers where text is expected, and random digit soup. */
export const hostileAmount: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_AMOUNT_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.stringMatching(/^-?\d{0,45}(\.\d{0,20})?$/) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }) },
);

/** Values of the wrong JSON type (and a few that only an in-process or structured-clone caller could send). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, 0, 1, -1, '', 'text', [], {}, [null], [{}], { length: 1 }),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(10n, new Date(Number.NaN), new Date(0)),
  fc.constantFrom(() => deepObject(10_000), () => deepArray(10_000), () => ['a', 'b', 'c'], () => new Array(1000).fill('x')).map((make) => make()),
  fromThunks(POLLUTION_OBJECTS),
);

/** Any hostile value for one field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileAmount },
  { weight: 3, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Whole payloads that are not the object a method expects. */
export const hostilePayload: fc.Arbitrary<unknown> = fc.oneof(
  wrongType,
  hostileString,
  fc.constantFrom(() => deepObject(10_000), () => deepArray(10_000)).map((make) => make()),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
);

/** A key a validator does not expect: pollution keys, nasty text, or random text. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 20 }));

/** One change to a payload: replace a field, add an unknown one, remove one, or hide pollution keys inside it. */
export type Mutation =
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'add'; readonly key: string; readonly value: unknown }
  | { readonly kind: 'remove'; readonly pick: number }
  /** Pollution keys as own properties of the payload or of one of its nested objects (`approval`, `beneficiary`). */
  | { readonly kind: 'pollute'; readonly source: string; readonly pick: number }
  | { readonly kind: 'whole'; readonly value: unknown }
  /** Every start-like field (from, date, asOf) to `early`, every end-like one (to) to `late`: periods of millennia. */
  | { readonly kind: 'period'; readonly early: string; readonly late: string };

const POLLUTION_JSON: readonly string[] = ['{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"prototype":{"polluted":"yes"}}'];

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), key: hostileKey, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pollute' as const), source: fc.constantFrom(...POLLUTION_JSON), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostilePayload }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('period' as const), early: fc.constantFrom('0000-01-01', '0001-01-01', '1900-01-01'), late: fc.constantFrom('9999-12-31', '2999-01-01') }) },
);

/** Paths to every field of a JSON-like payload, nested objects included (so `beneficiary.name` gets its turn). */
function fieldPaths(value: unknown, prefix: readonly string[] = []): string[][] {
  // Only a valid payload's own few levels: a hostile value may already sit here, 10,000 levels deep.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || prefix.length >= 3) return [];
  const paths: string[][] = [];
  for (const [key, child] of Object.entries(value)) {
    paths.push([...prefix, key]);
    paths.push(...fieldPaths(child, [...prefix, key]));
  }
  return paths;
}

/** The object holding the last key of `path` (the root when a level on the way is no longer an object). */
function parentOf(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return node;
    node = next as Record<string, unknown>;
  }
  return node;
}

/** Applies mutations to a copy of a valid payload; the original is left alone. Own-property writes only (defineProperty). */
export function applyMutations(valid: Readonly<Record<string, unknown>>, mutations: readonly Mutation[]): unknown {
  let payload: unknown = structuredClone(valid);
  for (const mutation of mutations) {
    if (mutation.kind === 'whole') {
      payload = mutation.value;
      continue;
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) continue;
    const root = payload as Record<string, unknown>;
    const paths = fieldPaths(root);
    switch (mutation.kind) {
      case 'replace': {
        if (paths.length === 0) {
          defineOwn(root, 'unexpected', mutation.value);
          break;
        }
        const path = paths[mutation.pick % paths.length]!;
        defineOwn(parentOf(root, path), path.at(-1)!, mutation.value);
        break;
      }
      case 'add':
        defineOwn(root, mutation.key, mutation.value);
        break;
      case 'remove': {
        if (paths.length === 0) break;
        const path = paths[mutation.pick % paths.length]!;
        delete parentOf(root, path)[path.at(-1)!];
        break;
      }
      case 'period': {
        const time = (day: string, key: string) => (typeof root[key] === 'string' && (root[key] as string).includes('T') ? `${day}T00:00:00Z` : day);
        for (const key of ['from', 'date', 'asOf']) if (key in root) root[key] = time(mutation.early, key);
        if ('to' in root) root.to = time(mutation.late, 'to');
        if ('date' in root && !('from' in root)) {
          delete root.date;
          root.from = mutation.early;
          root.to = mutation.late;
        }
        break;
      }
      case 'pollute': {
        const nested = paths
          .map((path) => parentOf(root, path)[path.at(-1)!])
          .filter((value): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value));
        const targets = [root, ...nested];
        const target = targets[mutation.pick % targets.length]!;
        const polluted = JSON.parse(mutation.source) as Record<string, unknown>;
        for (const key of Object.keys(polluted)) defineOwn(target, key, polluted[key]);
        break;
      }
    }
  }
  return payload;
}

/** Sets an own property even for `__proto__` (a plain assignment would replace the prototype instead). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** A valid payload mutated by one to three hostile changes. */
export const mutatedPayload = (valid: Readonly<Record<string, unknown>>): fc.Arbitrary<unknown> =>
  fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }).map((mutations) => applyMutations(valid, mutations));

/** True while nothing has been written onto Object.prototype (the symptom of a prototype-pollution bug). */
export function prototypeIsClean(): boolean {
  const probe: Record<string, unknown> = {};
  return probe.polluted === undefined && Object.keys(Object.prototype).length === 0 && Object.getOwnPropertyNames(Object.prototype).every((name) => name !== 'polluted');
}

// ---- CLI ------------------------------------------------------------------------------------------------------

/** Hostile values for a CLI option's value. */
export const hostileArgValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_AMOUNT_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS).filter((s) => !s.includes('\u0000')) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '\u{1F600}'.repeat(10_000)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('--json', '-h', '--', '-', '--data-dir') },
);

/** Flags a command does not have, or mangled ones. */
export const hostileFlag: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('--__proto__', '--constructor', '--prototype', '--toString', '--', '-', '---amount', '--amount=', '-x', '-abc', '--no-json', '--json=yes', '--data-dir='),
  fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => `--${s}`),
);

// ---- valid payloads, one per API method -----------------------------------------------------------------------

/** What the valid examples refer to: real ids of the host under test, so a mutated payload can reach deep code. */
export interface ExampleContext {
  readonly accountId: string;
  readonly otherAccountId: string;
  /** A staff user's username and password (sign-in variants use them; nobody minds if they get locked out). */
  readonly username: string;
  readonly password: string;
  /** Another staff user who may approve (dual control), with the same password. */
  readonly approver: string;
  /** A day with activity, YYYY-MM-DD. */
  readonly day: string;
}

/**
 * One valid input per API method, by hand. The fuzz test fails for a contract method missing here: a new method must
 * say what a valid call looks like before it ships, so its hostile variants get sent too.
 */
export const VALID_EXAMPLES: Readonly<Record<string, (ctx: ExampleContext) => Record<string, unknown>>> = {
  'system.capabilities': () => ({}),

  'auth.status': () => ({}),
  'auth.bootstrap': () => ({ username: 'second.admin', displayName: 'Second Admin', password: 'correct horse battery' }),
  'auth.signIn': (ctx) => ({ username: ctx.username, password: ctx.password }),
  'auth.signOut': () => ({}),
  'auth.unlock': (ctx) => ({ password: ctx.password }),
  'auth.lock': () => ({}),
  'auth.resume': () => ({ token: 'not-a-real-session-token' }),
  // A wrong current password: the throwaway session's person keeps the password the fuzz signs in with.
  'auth.changePassword': () => ({ currentPassword: 'not the current one', newPassword: 'another passphrase 1' }),

  'staff.list': () => ({}),
  'staff.provision': () => ({ username: 'new.teller', displayName: 'New Teller', roles: ['teller'], password: 'correct horse battery' }),
  'staff.disable': () => ({ username: 'nobody.here' }),
  'staff.enable': () => ({ username: 'nobody.here', reason: 'fuzz' }),
  'staff.changeRoles': () => ({ username: 'nobody.here', roles: ['teller'] }),
  'staff.resetPassword': () => ({ username: 'nobody.here', password: 'one time passphrase' }),

  'accounts.list': () => ({ search: 'Ada', offset: 0, limit: 10 }),
  'account.get': (ctx) => ({ accountId: ctx.accountId, atVersion: 0 }),
  'account.timeline': (ctx) => ({ accountId: ctx.accountId, toVersion: 1, offset: 0, limit: 5 }),
  'account.open': () => ({ number: 'FZ-0001', holder: 'Fuzz Holder', currency: 'USD', openingDeposit: '10.00', overdraftLimit: '0', commandId: 'fuzz-open-1' }),
  'account.deposit': (ctx) => ({ accountId: ctx.accountId, amount: '12.34', sourceType: 'cash', reference: 'fuzz', commandId: 'fuzz-dep-1' }),
  'account.withdraw': (ctx) => ({ accountId: ctx.accountId, amount: '1.00', reference: 'fuzz', commandId: 'fuzz-wd-1', approval: { username: ctx.approver, password: ctx.password } }),
  'account.close': (ctx) => ({ accountId: ctx.otherAccountId, reason: 'fuzz', commandId: 'fuzz-close-1' }),
  'account.reverse': (ctx) => ({ accountId: ctx.accountId, originalEventId: '00000000-0000-4000-8000-000000000000', reason: 'keyed twice', commandId: 'fuzz-rev-1' }),

  'customers.register': () => ({
    kind: 'PERSON',
    legalName: 'Fuzz Person',
    address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
    dateOfBirth: '1980-01-01',
    identification: { type: 'DRIVERS_LICENSE', number: 'D1234567', issuer: 'IL', expiry: '2030-01-01' },
    tin: '123-45-6789',
    tinType: 'SSN',
    occupation: 'Clerk',
    commandId: 'fuzz-cus-1',
  }),
  'customers.update': (ctx) => ({ customerId: `acct-${ctx.accountId}`, changes: { occupation: 'Baker', address: { line1: '2 Elm St', city: 'Springfield', country: 'US' } }, commandId: 'fuzz-cus-2' }),
  'customers.get': (ctx) => ({ customerId: `acct-${ctx.accountId}` }),
  'customers.search': () => ({ search: 'Ada', offset: 0, limit: 10 }),
  'customers.owners': (ctx) => ({ account: ctx.accountId }),

  'dashboard.activity': (ctx) => ({ from: `${ctx.day}T00:00:00Z`, to: `${ctx.day}T23:59:59Z` }),

  'alerts.list': () => ({ status: 'all', offset: 0, limit: 10 }),
  'alerts.acknowledge': () => ({ alertId: 'no-such-alert', note: 'seen' }),

  'ops.subscriptions': () => ({}),
  'ops.deadLetters': () => ({ subscription: 'alerts', offset: 0, limit: 10 }),
  'ops.replayDeadLetter': () => ({ id: 'no-such-dead-letter' }),
  'ops.replayAllDeadLetters': () => ({ subscription: 'alerts' }),
  'ops.purgeDeadLetters': () => ({ subscription: 'alerts', confirm: true }),
  'ops.rebuilds': () => ({}),
  'ops.startRebuild': () => ({ projection: 'no-such-projection' }),
  'ops.verify': () => ({}),

  'explorer.streams': () => ({ category: 'account', offset: 0, limit: 10 }),
  'explorer.types': () => ({}),
  'explorer.search': (ctx) => ({ text: 'Deposit', streamId: `account-${ctx.accountId}`, offset: 0, limit: 10 }),
  'explorer.trace': () => ({ correlationId: 'no-such-correlation' }),
  'explorer.event': (ctx) => ({ streamId: `account-${ctx.accountId}`, version: 0 }),

  'receipts.get': (ctx) => ({ accountId: ctx.accountId, version: 0 }),

  'transfers.list': (ctx) => ({ accountId: ctx.accountId, offset: 0, limit: 10 }),
  'transfers.start': (ctx) => ({ fromAccountId: ctx.accountId, toAccountId: ctx.otherAccountId, amount: '1.00', reference: 'fuzz', commandId: 'fuzz-tr-1', approval: { username: ctx.approver, password: ctx.password } }),

  // Refused by main (the fuzzed ledger holds events: LEDGER_NOT_EMPTY) before any gateway is called.
  'sync.join': () => ({ gatewayUrl: 'http://127.0.0.1:9', deviceId: 'fuzz-device', secret: 'fuzz-secret-fuzz-secret' }),
  'sync.joinProgress': () => ({}),
  'sync.status': () => ({}),
  'sync.now': () => ({}),
  'sync.exceptions': () => ({ includeResolved: true }),
  'sync.resolve': () => ({ commandId: 'no-such-command', resolution: 'retry', supervisor: 'Sam', note: 'fuzz' }),
  // Refused by main (no gateway URL): a configured sync would start its loop against nothing for the rest of the run.
  'sync.configure': () => ({ gatewayUrl: 'not a url', deviceId: 'fuzz-device' }),

  'reports.preview': (ctx) => ({ kind: 'statement', date: ctx.day, accountId: ctx.accountId, limit: 5 }),
  'reports.export': (ctx) => ({ kind: 'trial-balance', date: ctx.day, format: 'csv' }),
  'reports.job': () => ({ jobId: 'no-such-job' }),
  'reports.folder': () => ({}),

  'payments.list': () => ({ limit: 10 }),
  'payments.send': (ctx) => ({ accountId: ctx.accountId, amount: '5.00', beneficiary: { name: 'Bob', accountNumber: 'DE89370400440532013000', bankCode: 'COBADEFF' }, memo: 'fuzz', commandId: 'fuzz-pay-1' }),
  'payments.status': () => ({}),
  'payments.reconcile': (ctx) => ({ date: ctx.day }),
  'payments.reconciliation': (ctx) => ({ date: ctx.day, status: 'all' }),
  'payments.resolveItem': () => ({ itemId: 'no-such-item', note: 'fuzz' }),
  'payments.configure': () => ({ url: 'not a url' }),

  'rates.record': (ctx) => ({ day: ctx.day, currency: 'JPY', usdPerUnit: '0.0067', commandId: 'fuzz-rate-1' }),
  'rates.list': () => ({ limit: 10 }),

  'till.mine': () => ({}),
  'till.open': () => ({ currency: 'USD', count: { '20.00': 5 }, commandId: 'fuzz-till-1' }),
  'till.close': () => ({ currency: 'USD', count: { '20.00': 5 }, commandId: 'fuzz-till-2' }),
  'till.returnCash': () => ({ currency: 'USD', amount: '20.00', commandId: 'fuzz-till-3' }),
  'vault.issueCash': () => ({ teller: 'tom', currency: 'USD', amount: '20.00', commandId: 'fuzz-vault-1' }),
  'vault.receiveShipment': () => ({ currency: 'USD', amount: '1000.00', reference: 'CC-1', commandId: 'fuzz-vault-2' }),
  'vault.shipCash': () => ({ currency: 'USD', amount: '10.00', reference: 'CC-2', commandId: 'fuzz-vault-3' }),
  'vault.count': () => ({ currency: 'USD', count: { '20.00': 50 }, commandId: 'fuzz-vault-4' }),
  'branchDay.status': () => ({}),
  'branchDay.close': () => ({ commandId: 'fuzz-day-1' }),

  'safety.status': () => ({}),
  'safety.backup': () => ({}),
};
