/** Key paths: validating them, reading a key out of a value, and writing a generated key into one. */

import { idbError } from './errors.js';

export type KeyPath = string | string[];

const IDENTIFIER = /^[$_\p{ID_Start}][$_\u200C\u200D\p{ID_Continue}]*$/u;

const isValidPath = (path: unknown): path is string => typeof path === 'string' && (path === '' || path.split('.').every((part) => IDENTIFIER.test(part)));

/** The key path as IndexedDB takes it (a string, or a non-empty sequence of strings); SyntaxError otherwise. */
export function toKeyPath(value: unknown): KeyPath {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && Symbol.iterator in value && typeof value !== 'string')) {
    const paths = Array.from(value as Iterable<unknown>, String);
    if (paths.length === 0 || !paths.every(isValidPath)) throw idbError('SyntaxError', 'Invalid key path.');
    return paths;
  }
  const path = String(value);
  if (!isValidPath(path)) throw idbError('SyntaxError', `Invalid key path: ${path}`);
  return path;
}

/** Marks a key path that does not resolve in a value. */
export const NO_VALUE: unique symbol = Symbol('no value at key path');

function property(value: unknown, name: string): unknown {
  if ((typeof value === 'string' || Array.isArray(value)) && name === 'length') return value.length;
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return NO_VALUE;
  const found = (value as Record<string, unknown>)[name];
  return found === undefined ? NO_VALUE : found;
}

function evaluatePath(value: unknown, path: string): unknown {
  if (path === '') return value;
  // Most paths are one name: no split, no array.
  if (!path.includes('.')) return property(value, path);
  let current = value;
  for (const part of path.split('.')) {
    current = property(current, part);
    if (current === NO_VALUE) return NO_VALUE;
  }
  return current;
}

/** The value at the key path (an array of values for a compound path), or NO_VALUE. Not yet checked to be a key. */
export function evaluateKeyPath(value: unknown, keyPath: KeyPath): unknown {
  if (typeof keyPath === 'string') return evaluatePath(value, keyPath);
  const parts: unknown[] = [];
  for (const path of keyPath) {
    const part = evaluatePath(value, path);
    if (part === NO_VALUE) return NO_VALUE;
    parts.push(part);
  }
  return parts;
}

/** Whether a generated key can be written at the key path: every step before the last is an object or missing. */
export function canInjectKey(value: unknown, keyPath: string): boolean {
  let current = value;
  for (const part of keyPath.split('.')) {
    if (typeof current !== 'object' || current === null) return false;
    if (!Object.hasOwn(current, part)) return true;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

/** Writes a generated key at the key path, creating the objects on the way. */
export function injectKey(value: Record<string, unknown>, keyPath: string, key: number): void {
  const parts = keyPath.split('.');
  let current = value;
  for (const part of parts.slice(0, -1)) {
    if (!Object.hasOwn(current, part)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts.at(-1)!] = key;
}
