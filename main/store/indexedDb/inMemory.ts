/** IndexedDB in RAM (fake-indexeddb, with the cursor fix from patches/): tests and throw-away demos. */

import { createRequire } from 'node:module';
import type { IndexedDbProvider } from './indexedDbProvider.js';

type FakeIndexedDb = typeof import('fake-indexeddb');

// fake-indexeddb is a devDependency: loaded only when an in-memory store opens, so the desktop app, which always
// opens its data dir, neither ships nor loads it. `require` keeps this call synchronous for its callers.
const load = (): FakeIndexedDb => createRequire(import.meta.url)('fake-indexeddb') as FakeIndexedDb;

export function inMemoryIndexedDb(): IndexedDbProvider {
  const { IDBFactory, IDBKeyRange } = load();
  // A fresh factory per store: two in-memory hosts in one process never see each other's data.
  return { indexedDB: new IDBFactory(), IDBKeyRange, location: 'memory' };
}
