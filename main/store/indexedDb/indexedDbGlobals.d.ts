// The part of the IndexedDB API that main/ names. main/ compiles without the DOM library, and IndexedDB is the one web
// API it uses (through indexeddbshim, fake-indexeddb or main/store/sqliteIndexedDb): declared here as far as main uses
// it, so `window` or `document` in main/ still fails to compile. Libraries' own references to these names land here.

type IDBValidKey = number | string | Date | ArrayBuffer | ArrayBufferView | IDBValidKey[];
type IDBTransactionMode = 'readonly' | 'readwrite' | 'versionchange';
type IDBCursorDirection = 'next' | 'nextunique' | 'prev' | 'prevunique';
type IDBQuery = IDBValidKey | IDBKeyRange | null;
type IDBHandler<Target> = ((this: Target, event: Event) => unknown) | null;

interface IDBFactory {
  open(name: string, version?: number): IDBOpenDBRequest;
  databases(): Promise<{ name?: string; version?: number }[]>;
  deleteDatabase(name: string): IDBRequest<undefined>;
  cmp(first: unknown, second: unknown): number;
}

interface IDBKeyRange {
  readonly lower: unknown;
  readonly upper: unknown;
  readonly lowerOpen: boolean;
  readonly upperOpen: boolean;
  includes(key: unknown): boolean;
}

// A var, as in the DOM library: the constructor is a property of globalThis where an IndexedDB is installed.
declare var IDBKeyRange: {
  readonly prototype: IDBKeyRange;
  bound(lower: unknown, upper: unknown, lowerOpen?: boolean, upperOpen?: boolean): IDBKeyRange;
  only(value: unknown): IDBKeyRange;
  lowerBound(lower: unknown, open?: boolean): IDBKeyRange;
  upperBound(upper: unknown, open?: boolean): IDBKeyRange;
};

interface IDBDatabase {
  readonly name: string;
  readonly version: number;
  readonly objectStoreNames: ArrayLike<string> & Iterable<string>;
  createObjectStore(name: string, options?: { keyPath?: string | string[] | null; autoIncrement?: boolean }): IDBObjectStore;
  transaction(storeNames: string | string[], mode?: IDBTransactionMode): IDBTransaction;
  close(): void;
}

interface IDBTransaction {
  readonly mode: IDBTransactionMode;
  readonly error: DOMException | null;
  objectStore(name: string): IDBObjectStore;
  abort(): void;
  oncomplete: IDBHandler<IDBTransaction>;
  onerror: IDBHandler<IDBTransaction>;
  onabort: IDBHandler<IDBTransaction>;
}

interface IDBRequest<T = unknown> {
  readonly result: T;
  readonly error: DOMException | null;
  onsuccess: IDBHandler<IDBRequest<T>>;
  onerror: IDBHandler<IDBRequest<T>>;
}

interface IDBOpenDBRequest extends IDBRequest<IDBDatabase> {
  onupgradeneeded: IDBHandler<IDBOpenDBRequest>;
  onblocked: IDBHandler<IDBOpenDBRequest>;
}

interface IDBObjectStore {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexNames: ArrayLike<string> & Iterable<string>;
  index(name: string): IDBIndex;
  createIndex(name: string, keyPath: string | string[], options?: { unique?: boolean; multiEntry?: boolean }): IDBIndex;
  get(query: IDBValidKey | IDBKeyRange): IDBRequest<unknown>;
  getAll(query?: IDBQuery, count?: number): IDBRequest<unknown[]>;
  getAllKeys(query?: IDBQuery, count?: number): IDBRequest<IDBValidKey[]>;
  count(query?: IDBQuery): IDBRequest<number>;
  put(value: unknown, key?: IDBValidKey): IDBRequest<IDBValidKey>;
}

interface IDBIndex {
  readonly name: string;
  readonly keyPath: string | string[];
  readonly unique: boolean;
  readonly multiEntry: boolean;
  get(query: IDBValidKey | IDBKeyRange): IDBRequest<unknown>;
  getAll(query?: IDBQuery, count?: number): IDBRequest<unknown[]>;
  getKey(query: IDBValidKey | IDBKeyRange): IDBRequest<IDBValidKey | undefined>;
  openCursor(query?: IDBQuery, direction?: IDBCursorDirection): IDBRequest<IDBCursorWithValue | null>;
}

interface IDBCursor {
  readonly key: IDBValidKey;
  readonly primaryKey: IDBValidKey;
  readonly direction: IDBCursorDirection;
  continue(key?: IDBValidKey): void;
}

interface IDBCursorWithValue extends IDBCursor {
  readonly value: unknown;
}
