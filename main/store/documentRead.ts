/**
 * Reads a collection's stored documents below RxDB's document layer: the plain stored versions, no RxDocument built
 * and nothing left in RxDB's document or query caches. For reads whose results are used once and dropped (a slot's
 * pages being deleted, a batch's documents it keeps in a cache of its own), where RxDB's caches only add garbage and
 * entries that outlive the read.
 */

import { normalizeMangoQuery, prepareQuery, type MangoQuery, type MangoQuerySelector, type RxCollection, type RxDocumentData } from 'rxdb';

/** The stored, not deleted, documents with these primary keys (those that exist), by primary key. */
export async function readDocumentsById<T>(collection: RxCollection<T>, ids: readonly string[]): Promise<Map<string, RxDocumentData<T>>> {
  const primary = collection.schema.primaryPath as string;
  const found = ids.length === 0 ? [] : await collection.storageInstance.findDocumentsById([...ids], false);
  return new Map(found.map((doc) => [(doc as Record<string, unknown>)[primary] as string, doc]));
}

/** The stored, not deleted, documents a query selects (as `collection.find(query)` would, without its caches). */
export async function queryDocuments<T>(collection: RxCollection<T>, query: MangoQuery<T>): Promise<RxDocumentData<T>[]> {
  const schema = collection.schema.jsonSchema;
  const normalized = normalizeMangoQuery(schema, query);
  // What RxQuery adds before the storage sees a query: deleted documents are kept in the storage, never returned.
  normalized.selector = { ...normalized.selector, _deleted: { $eq: false } } as MangoQuerySelector<RxDocumentData<T>>;
  if (normalized.index) normalized.index = ['_deleted', ...normalized.index];
  const { documents } = await collection.storageInstance.query(prepareQuery(schema, normalized as never));
  return documents;
}
