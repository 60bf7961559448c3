/** The one seam between the store and a platform's IndexedDB: what Dexie needs, and how to let go of it. */

export interface IndexedDbProvider {
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
  /** Where the data lives, for logs and errors. */
  readonly location: string;
  /**
   * The SQLite files (full paths) this provider keeps its data in, in no particular order: what integrity checks and
   * backups cover. Absent for providers with no files (memory).
   */
  files?(): readonly string[];
}
