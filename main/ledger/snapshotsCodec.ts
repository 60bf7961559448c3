/** Turns aggregate state into JSON and back (bigints as tagged decimal strings) and fingerprints its shape. */

const BIGINT_TAG = '$bigint';

/** JSON text of a state; a bigint becomes `{"$bigint":"123"}`, which no state field looks like. */
export function encodeState(state: unknown): string {
  return JSON.stringify(state, (_key, value: unknown) => (typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value));
}

export function decodeState<State>(text: string): State {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.keys(value);
      const tagged = (value as Record<string, unknown>)[BIGINT_TAG];
      if (entries.length === 1 && typeof tagged === 'string') return BigInt(tagged);
    }
    return value;
  }) as State;
}

/**
 * The state's schema version: a number people bump when evolve's meaning changes, plus a fingerprint of the
 * initial state's shape, so a field someone adds to the state retires old snapshots even if nobody bumps it.
 */
export function stateSchemaVersion(explicit: number, initialState: unknown): string {
  return `${explicit}.${fnv1a(shapeOf(initialState))}`;
}

function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${key}:${shapeOf((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return typeof value;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
