/**
 * IDBTransaction: a queue of requests run one per task (so promise continuations run between them, as in a browser),
 * auto-committing when a task finds the queue empty. The engine decides when it starts and when its writes are durable.
 */

import type { DatabaseState, Engine, ScheduledTransaction, TransactionMode, TransactionPhase } from './engine.js';
import { idbError } from './errors.js';
import { EventNode, fire, IdbEvent, nameList, type EventListenerLike, type NameList } from './events.js';
import { SqliteObjectStore } from './objectStore.js';
import { SqliteRequest } from './request.js';

/** A request's work, or (with no request) a failure that aborts the transaction when its turn comes. */
type PendingRequest = { readonly request: SqliteRequest; readonly operation: () => unknown } | { readonly request: null; readonly abortWith: DOMException };

/** The connection side a transaction needs (implemented by SqliteDatabase). */
export interface TransactionOwner extends EventNode {
  readonly _engine: Engine;
  readonly _state: DatabaseState;
  objectStoreNames: NameList;
  _transactionFinished(tx: SqliteTransaction): void;
}

/** What an upgrade adds around its transaction (the factory's open steps). */
export interface UpgradeSteps {
  /** Runs as the transaction starts, inside its savepoint: creates the database, sets the new version. */
  begin(): void;
  /** Fires `upgradeneeded`; true when a handler threw. */
  fireUpgradeNeeded(): boolean;
  /** After `complete` or `abort` was fired. */
  finished(committed: boolean): void;
}

/** Turns anything a request's work threw into the DOMException IndexedDB reports. */
const asDomError = (error: unknown): DOMException =>
  error instanceof DOMException ? error : idbError('UnknownError', error instanceof Error ? error.message : String(error));

export class SqliteTransaction extends EventNode implements ScheduledTransaction {
  onabort: EventListenerLike | null = null;
  oncomplete: EventListenerLike | null = null;
  onerror: EventListenerLike | null = null;
  error: DOMException | null = null;
  readonly durability: string;
  _phase: TransactionPhase = 'waiting';
  readonly _database: DatabaseState;
  private readonly requests: PendingRequest[] = [];
  private nextRequest = 0;
  private commitRequested = false;
  private stepScheduled = false;
  private readonly handles = new Map<string, SqliteObjectStore>();
  private readonly fixedNames: NameList;

  constructor(
    readonly db: TransactionOwner,
    readonly _scope: Set<string>,
    readonly mode: TransactionMode,
    durability: string,
    private readonly upgrade?: UpgradeSteps,
  ) {
    super();
    this._database = db._state;
    this.durability = durability;
    this.fixedNames = nameList(_scope);
  }

  get objectStoreNames(): NameList {
    // An upgrade sees stores come and go as it creates and deletes them.
    return this.mode === 'versionchange' ? this.db.objectStoreNames : this.fixedNames;
  }

  get _engine(): Engine {
    return this.db._engine;
  }

  _parentNode(): EventNode | null {
    return this.db;
  }

  objectStore(name: string): SqliteObjectStore {
    if (this._phase === 'finished') throw idbError('InvalidStateError', 'The transaction has finished.');
    let handle = this.handles.get(name);
    if (handle && !handle._deleted) return handle;
    const meta = this._database.meta?.stores.get(name);
    if (!meta || !this._scope.has(name)) throw idbError('NotFoundError', `No object store named ${name} in this transaction.`);
    handle = new SqliteObjectStore(this, meta);
    this.handles.set(name, handle);
    return handle;
  }

  abort(): void {
    if (this._phase === 'committing' || this._phase === 'finished') throw idbError('InvalidStateError', 'The transaction is already committing or finished.');
    this._abort(null);
  }

  commit(): void {
    this._assertActive();
    this.commitRequested = true;
    if (this._phase === 'running') this.scheduleStep();
  }

  /** @internal request placement is allowed until the transaction commits */
  _assertActive(): void {
    if (this._phase === 'committing' || this._phase === 'finished' || this.commitRequested) {
      throw idbError('TransactionInactiveError', 'The transaction is not active.');
    }
  }

  /** @internal queues a request's work; `request` is given when a cursor reuses its request */
  _place(source: unknown, operation: () => unknown, request = new SqliteRequest(source, this)): SqliteRequest {
    this._assertActive();
    request.readyState = 'pending';
    this.requests.push({ request, operation });
    if (this._phase === 'running') this.scheduleStep();
    return request;
  }

  /** @internal aborts once the requests placed so far have run, with no event of its own (IndexedDB's index creation) */
  _abortInTurn(error: DOMException): void {
    this.requests.push({ request: null, abortWith: error });
    if (this._phase === 'running') this.scheduleStep();
  }

  /** @internal a store deleted by the upgrade loses its handle */
  _forgetStore(name: string): void {
    this.handles.get(name)?._markDeleted();
    this.handles.delete(name);
  }

  _started(): void {
    this.stepScheduled = true;
    setImmediate(() => this.begin());
  }

  /** A writer opens its savepoint first; an upgrade then creates or versions the database and fires upgradeneeded. */
  private begin(): void {
    this.stepScheduled = false;
    if (this._phase !== 'running') return;
    try {
      if (this.mode !== 'readonly') this._engine.beginWrite();
      this.upgrade?.begin();
    } catch (error) {
      this._abort(asDomError(error));
      return;
    }
    if (this.upgrade?.fireUpgradeNeeded()) this._abort(idbError('AbortError', 'An upgradeneeded handler threw.'));
    else this.step();
  }

  private scheduleStep(): void {
    if (this.stepScheduled) return;
    this.stepScheduled = true;
    setImmediate(() => this.step());
  }

  /** Runs the next request and fires its event; with none left, the transaction is done. */
  private step(): void {
    this.stepScheduled = false;
    if (this._phase !== 'running') return;
    const next = this.requests[this.nextRequest];
    if (!next) {
      this.requests.length = 0;
      this.nextRequest = 0;
      try {
        this._engine.requestsDone(this);
      } catch (error) {
        this._abort(asDomError(error));
        return;
      }
      // A reader is finished now; a writer's `complete` waits for its group's commit.
      if (this.mode === 'readonly') this.completed();
      return;
    }
    this.nextRequest++;
    if (next.request === null) {
      this._abort(next.abortWith);
      return;
    }
    let event: IdbEvent;
    try {
      next.request._succeed(next.operation());
      event = new IdbEvent('success');
    } catch (error) {
      next.request._fail(asDomError(error));
      event = new IdbEvent('error', { bubbles: true, cancelable: true });
    }
    const threw = fire(next.request, event);
    if (this._phase !== 'running') return;
    if (threw) this._abort(idbError('AbortError', `A ${event.type} handler threw.`));
    else if (event.type === 'error' && !event.defaultPrevented) this._abort(next.request._error);
    else this.scheduleStep();
  }

  _committed(): void {
    this.completed();
  }

  private completed(): void {
    fire(this, new IdbEvent('complete'));
    this.upgrade?.finished(true);
    this.db._transactionFinished(this);
  }

  _commitFailed(error: DOMException): void {
    this.error = error;
    // The failed COMMIT took the upgrade's schema changes with it.
    if (this.mode === 'versionchange') this._engine.reloadSchema(this._database);
    this.aborted([]);
  }

  /** @internal aborts with `error` (null when the caller asked for it): rolls back, fails pending requests, fires `abort` */
  _abort(error: DOMException | null): void {
    if (this._phase === 'finished' || this._phase === 'committing') return;
    this.error = error;
    const pending = this.requests.slice(this.nextRequest);
    this.requests.length = 0;
    this.nextRequest = 0;
    this._engine.aborted(this);
    if (this.mode === 'versionchange') this._engine.reloadSchema(this._database);
    for (const { request } of pending) request?._fail(idbError('AbortError', 'The transaction was aborted.'));
    setImmediate(() => this.aborted(pending));
  }

  private aborted(pending: PendingRequest[]): void {
    for (const { request } of pending) if (request) fire(request, new IdbEvent('error', { bubbles: true, cancelable: true }));
    fire(this, new IdbEvent('abort', { bubbles: true }));
    this.upgrade?.finished(false);
    this.db._transactionFinished(this);
  }

  get [Symbol.toStringTag](): string {
    return 'IDBTransaction';
  }
}
