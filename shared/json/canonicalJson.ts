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
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form.');
  return text;
}
