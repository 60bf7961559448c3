/** IDBDatabase: one connection to a database of the file; creates transactions, and stores during an upgrade. */

import type { ConnectionHandle, DatabaseState, Engine } from './engine.js';
import { idbError } from './errors.js';
import { EventNode, fire, nameList, VersionChangeEvent, type EventListenerLike, type NameList } from './events.js';
import { toKeyPath } from './keyPath.js';
import type { SqliteObjectStore } from './objectStore.js';
import { SqliteTransaction, type TransactionOwner } from './transaction.js';

export class SqliteDatabase extends EventNode implements ConnectionHandle, TransactionOwner {
  onabort: EventListenerLike | null = null;
  onclose: EventListenerLike | null = null;
  onerror: EventListenerLike | null = null;
  onversionchange: EventListenerLike | null = null;
  objectStoreNames: NameList;
  _closePending = false;
  _closed = false;
  /** @internal the upgrade transaction while it runs */
  _upgrade: SqliteTransaction | null = null;
  private readonly live = new Set<SqliteTransaction>();

  constructor(
    readonly _engine: Engine,
    readonly _state: DatabaseState,
    public version: number,
  ) {
    super();
    this.objectStoreNames = nameList(_state.meta?.stores.keys() ?? []);
  }

  get name(): string {
    return this._state.name;
  }

  _parentNode(): EventNode | null {
    return null;
  }

  transaction(storeNames: string | Iterable<string>, mode: IDBTransactionMode = 'readonly', options?: { durability?: string }): SqliteTransaction {
    if (mode !== 'readonly' && mode !== 'readwrite') throw new TypeError(`Invalid transaction mode: ${String(mode)}`);
    if (this._closePending) throw idbError('InvalidStateError', 'The connection is closing.');
    if (this._upgrade && this._upgrade._phase !== 'finished') throw idbError('InvalidStateError', 'An upgrade is running on this connection.');
    const names = new Set(typeof storeNames === 'string' ? [storeNames] : storeNames);
    if (names.size === 0) throw idbError('InvalidAccessError', 'A transaction needs at least one object store.');
    for (const name of names) if (!this.objectStoreNames.contains(name)) throw idbError('NotFoundError', `No object store named ${name}.`);
    const tx = new SqliteTransaction(this, names, mode, options?.durability ?? 'default');
    this.live.add(tx);
    this._engine.enqueue(tx);
    return tx;
  }

  /** @internal the factory starts the upgrade transaction through here */
  _track(tx: SqliteTransaction): void {
    this.live.add(tx);
  }

  createObjectStore(name: string, options: { keyPath?: unknown; autoIncrement?: boolean } | null = {}): SqliteObjectStore {
    const tx = this.activeUpgrade();
    const keyPath = options?.keyPath === undefined || options.keyPath === null ? null : toKeyPath(options.keyPath);
    const autoIncrement = Boolean(options?.autoIncrement);
    const meta = this._state.meta!;
    if (meta.stores.has(name)) throw idbError('ConstraintError', `An object store named ${name} exists.`);
    if (autoIncrement && (keyPath === '' || Array.isArray(keyPath))) throw idbError('InvalidAccessError', 'A key generator needs a non-empty, simple key path.');
    this._engine.catalog.createStore(meta, name, keyPath, autoIncrement);
    this.objectStoreNames = nameList(meta.stores.keys());
    tx._scope.add(name);
    return tx.objectStore(name);
  }

  deleteObjectStore(name: string): void {
    const tx = this.activeUpgrade();
    const meta = this._state.meta!;
    const store = meta.stores.get(name);
    if (!store) throw idbError('NotFoundError', `No object store named ${name}.`);
    this._engine.catalog.deleteStore(meta, store);
    this.objectStoreNames = nameList(meta.stores.keys());
    tx._forgetStore(name);
  }

  private activeUpgrade(): SqliteTransaction {
    const tx = this._upgrade;
    if (!tx || tx._phase === 'finished') throw idbError('InvalidStateError', 'Object stores change only in an upgrade.');
    tx._assertActive();
    return tx;
  }

  close(): void {
    this._closePending = true;
    this.closeWhenDone();
  }

  _transactionFinished(tx: SqliteTransaction): void {
    this.live.delete(tx);
    this.closeWhenDone();
  }

  private closeWhenDone(): void {
    if (!this._closePending || this._closed || this.live.size > 0) return;
    this._closed = true;
    this._state.connections.delete(this);
    this._engine.release();
  }

  _versionChange(oldVersion: number, newVersion: number | null): void {
    fire(this, new VersionChangeEvent('versionchange', oldVersion, newVersion));
  }

  get [Symbol.toStringTag](): string {
    return 'IDBDatabase';
  }
}
