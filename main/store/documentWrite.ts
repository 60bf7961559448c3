/**
 * Writes a set of documents of one collection — new ones, changed ones and removals — in one storage write (one
 * IndexedDB transaction), from the stored versions the caller already holds: no read first, no insert-then-update.
 */

import { getWrittenDocumentsFromBulkWriteResponse, type BulkWriteRow, type RxCollection, type RxDocumentData, type RxStorageWriteErrorConflict } from 'rxdb';

/** A document to write: `previous` is its stored version (absent for a new one); `data` undefined removes it. */
export interface DocumentChange<T> {
  readonly previous: RxDocumentData<T> | undefined;
  readonly data: T | undefined;
}

/** What is stored now, by primary key: the written versions (for the next write), undefined for the removed ones. */
export type Written<T> = Map<string, RxDocumentData<T> | undefined>;

function rowOf<T>(change: DocumentChange<T>): BulkWriteRow<T> | undefined {
  const { previous, data } = change;
  if (data === undefined) return previous ? { previous, document: { ...previous, _deleted: true } } : undefined;
  // The storage wrapper sets the revision and write time; the attachments and meta carry over.
  const document = { ...data, _deleted: false, _attachments: previous?._attachments ?? {}, _meta: previous?._meta ?? { lwt: 0 }, _rev: previous?._rev ?? '' } as RxDocumentData<T>;
  return previous ? { previous, document } : { document };
}

export async function writeDocuments<T>(collection: RxCollection<T>, changes: readonly DocumentChange<T>[], context: string): Promise<Written<T>> {
  const primary = collection.schema.primaryPath as string;
  const idOf = (doc: unknown) => (doc as Record<string, unknown>)[primary] as string;
  const wanted = new Map(changes.map((change) => [idOf(change.data ?? change.previous), change.data]));
  const written: Written<T> = new Map();
  let rows = changes.map(rowOf).filter((row): row is BulkWriteRow<T> => row !== undefined);
  for (let round = 0; rows.length > 0; round++) {
    const result = await collection.storageInstance.bulkWrite(rows, context);
    for (const doc of getWrittenDocumentsFromBulkWriteResponse(primary, rows, result)) written.set(idOf(doc), doc._deleted ? undefined : doc);
    // A document written meanwhile by another path (a staff change through put) is written over, once, from what is stored now.
    const conflicts = result.error.filter((e): e is RxStorageWriteErrorConflict<T> => e.status === 409 && 'documentInDb' in e && round === 0);
    if (conflicts.length !== result.error.length) {
      throw new Error(`The ${collection.name} write was refused for ${result.error.map((e) => `${e.documentId} (${e.status})`).join(', ')}.`);
    }
    rows = conflicts.flatMap((conflict) => {
      const data = wanted.get(conflict.documentId);
      const stored = conflict.documentInDb;
      if (data === undefined && stored._deleted) {
        written.set(conflict.documentId, undefined);
        return [];
      }
      return [rowOf<T>({ previous: stored, data })!];
    });
  }
  return written;
}
