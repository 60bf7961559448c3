/** IndexedDB in RAM (fake-indexeddb, with the cursor fix from patches/): unit tests and throw-away demos. */

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { IndexedDbProvider } from './indexedDbProvider.js';

export function inMemoryIndexedDb(): IndexedDbProvider {
  // A fresh factory per store: two in-memory hosts in one process never see each other's data.
  return { indexedDB: new IDBFactory(), IDBKeyRange, location: 'memory' };
}
