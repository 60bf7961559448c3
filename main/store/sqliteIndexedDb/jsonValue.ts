/**
 * Values are kept as JSON text, not structured-clone encodings: RxDB documents are JSON. A value JSON would change
 * silently (a Date, a Map, NaN, undefined in an array, a class instance) is refused with a DataCloneError instead.
 */

import { idbError } from './errors.js';

function isJsonData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonData(value[i])) return false;
        return true;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) {
        const inner = (value as Record<string, unknown>)[key];
        // An undefined property is left out, as JSON leaves it out: the document reads back the same.
        if (inner !== undefined && !isJsonData(inner)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** The value as JSON text; DataCloneError for a value JSON cannot keep as it is. */
export function serializeValue(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw idbError('DataCloneError', `The value cannot be stored: ${(error as Error).message}`);
  }
  if (text === undefined || !isJsonData(value)) {
    throw idbError('DataCloneError', 'This IndexedDB keeps values as JSON: store plain objects, arrays, strings, finite numbers, booleans and null.');
  }
  return text;
}
