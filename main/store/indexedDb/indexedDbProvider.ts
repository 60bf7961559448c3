/** The one seam between the store and a platform's IndexedDB: what Dexie needs, and how to let go of it. */

export interface IndexedDbProvider {
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
  /** Where the data lives, for logs and errors. */
  readonly location: string;
}
