/** RFC 8785 canonical JSON (the `canonicalize` package): the one byte form hashed by the ledger chain and by command idempotency. */

import canonicalizeModule from 'canonicalize';

// The package is CommonJS whose module.exports is the function, which is what a default import yields at run time;
// its typings declare an ES default export instead, so under NodeNext TypeScript would see a namespace.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/**
 * Keys sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms, undefined members left out.
 * For the JSON values events and commands hold, this is byte for byte the form the chain was first computed with,
 * so every stored hash still verifies. A value with no JSON form (undefined, a function) is a programming error.
 */
export function canonicalJson(value: unknown): string {
  // Plain data (all an event or a command holds) is written here, the rest by the package, which has the last word.
  const text = plainJson(value) ?? canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form.');
  return text;
}

/** What plainJson answers for a value it leaves to the package. */
const NOT_PLAIN = undefined;

/**
 * The package's text for plain data, in half its time (the gateway hashes every pushed event): null, booleans, finite
 * numbers, strings, dense arrays and objects (prototype Object.prototype or null, no toJSON) of those; an undefined
 * member is left out of an object and written null in an array, as the package does. Anything else (a symbol, a
 * bigint, NaN, a Date, a hole…) answers NOT_PLAIN. Member texts are appended to one string, keys are
 * insertion-sorted in place and their quoted forms reused, where the package built a string per member and quoted
 * every key with JSON.stringify.
 */
function plainJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      // A finite number's JSON form is its ECMAScript string (-0 included: "0").
      return Number.isFinite(value) ? String(value) : NOT_PLAIN;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? plainArray(value) : plainObject(value);
    default:
      return NOT_PLAIN;
  }
}

function plainArray(array: readonly unknown[]): string | undefined {
  if (Object.getPrototypeOf(array) !== Array.prototype || (array as { toJSON?: unknown }).toJSON !== undefined) return NOT_PLAIN;
  let text = '[';
  for (let i = 0; i < array.length; i++) {
    const member = array[i];
    // The package's reduce skips a hole, comma and all: only dense arrays (all JSON.parse makes) are written here.
    if (member === undefined && !(i in array)) return NOT_PLAIN;
    const json = member === undefined ? 'null' : plainJson(member);
    if (json === NOT_PLAIN) return NOT_PLAIN;
    text += i === 0 ? json : `,${json}`;
  }
  return `${text}]`;
}

function plainObject(object: object): string | undefined {
  const prototype = Object.getPrototypeOf(object) as unknown;
  if ((prototype !== Object.prototype && prototype !== null) || (object as { toJSON?: unknown }).toJSON !== undefined) return NOT_PLAIN;
  const record = object as Record<string, unknown>;
  const keys = sortKeys(Object.keys(record));
  let text = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    const json = plainJson(member);
    if (json === NOT_PLAIN) return NOT_PLAIN;
    const name = memberName(key);
    text += text.length === 1 ? name + json : `,${name}${json}`;
  }
  return `${text}}`;
}

/** In UTF-16 code unit order, as the package's default sort; insertion sort for the few keys of an event's objects. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** `"key":` per key: the same few names recur in every event, bounded so odd data cannot grow it. */
const memberNames = new Map<string, string>();
function memberName(key: string): string {
  let name = memberNames.get(key);
  if (name === undefined) {
    name = `${quoted(key)}:`;
    if (memberNames.size < 1024) memberNames.set(key, name);
  }
  return name;
}

/**
 * JSON.stringify's form of a string. A short one with nothing JSON escapes (control characters, quote, backslash,
 * surrogates, which JSON.stringify writes as \u escapes when lone) is only wrapped in quotes, without the call.
 */
function quoted(text: string): string {
  if (text.length > 64) return JSON.stringify(text);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}
