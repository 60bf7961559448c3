/** The fingerprint of an aggregate state's shape, which retires snapshots taken of another shape (the text is shared/json/bigintJson.ts). */

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
