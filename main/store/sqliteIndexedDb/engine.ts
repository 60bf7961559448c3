/**
 * One SQLite file holding every IndexedDB database of a directory, and the transaction scheduler over it.
 *
 * Writing transactions (readwrite, versionchange) run one at a time, each inside a SAVEPOINT of an outer SQLite
 * transaction, so an abort rolls back exactly its own writes. A writer that finishes releases its savepoint and joins
 * the commit group; the next writer may start at once (even on the same stores: it sees the group's writes). The group
 * is committed with one COMMIT — one fsync — when no writer is running, and only then does each member's `complete`
 * fire. A readonly transaction waits for the group of any writer on its stores, as IndexedDB makes it wait for that
 * writer to finish.
 *
 * A group whose every member asked for `relaxed` durability (IndexedDB's own hint: data that can be derived again)
 * commits without the fsync. The WAL is a log: the next fsync'd commit makes every frame before it durable, and
 * after a power loss SQLite recovers a prefix of the commits, never a later commit without an earlier one. So what a
 * relaxed group loses on a power cut is only its own tail of derived writes, never anything a durable commit saw.
 */

import { closeSync, fdatasyncSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openSqlite, type DataKey } from '../sqliteCipher.js';
import { Catalog, type DatabaseMeta } from './catalog.js';
import { idbError } from './errors.js';
import { Records } from './records.js';

export const SQLITE_FILE_NAME = 'indexeddb.sqlite';

export type TransactionMode = 'readonly' | 'readwrite' | 'versionchange';

/** waiting → running → (writers: committing →) finished. */
export type TransactionPhase = 'waiting' | 'running' | 'committing' | 'finished';

/** What the scheduler knows of a transaction. */
export interface ScheduledTransaction {
  readonly mode: TransactionMode;
  /** IndexedDB's durability hint: `relaxed` may skip the fsync (see above); anything else is fsync'd at commit. */
  readonly durability: string;
  readonly _scope: ReadonlySet<string>;
  readonly _database: DatabaseState;
  _phase: TransactionPhase;
  /** The scheduler admitted it: run its requests. */
  _started(): void;
  /** Its writes are durable: fire `complete`. */
  _committed(): void;
  /** The COMMIT holding its writes failed: they are gone; abort it with this error. */
  _commitFailed(error: DOMException): void;
}

/** What the factory needs of an open connection. */
export interface ConnectionHandle {
  readonly _closePending: boolean;
  readonly _closed: boolean;
  _versionChange(oldVersion: number, newVersion: number | null): void;
}

/** One IndexedDB database name in the file: its schema (once created), connections and unfinished transactions. */
export interface DatabaseState {
  readonly name: string;
  meta: DatabaseMeta | undefined;
  readonly connections: Set<ConnectionHandle>;
  /** Unfinished transactions, in creation order (IndexedDB orders overlapping ones by creation). */
  readonly transactions: ScheduledTransaction[];
  /** Opens and deletes of this name run one after another. */
  queue: Promise<void>;
}

/** A group commits once it holds this many transactions, or has waited this long for writers still running. */
const MAX_GROUP = 256;
const MAX_GROUP_MS = 20;

const isWriter = (tx: ScheduledTransaction) => tx.mode !== 'readonly';

function overlaps(a: ScheduledTransaction, b: ScheduledTransaction): boolean {
  if (a.mode === 'versionchange' || b.mode === 'versionchange') return true;
  for (const name of a._scope) if (b._scope.has(name)) return true;
  return false;
}

const engines = new Map<string, Engine>();

/**
 * The engine of the SQLite file in `directory`, shared by every factory of that directory in this process; encrypted
 * with `key` when one is given (the first opening in the process decides).
 */
export function engineFor(directory: string, key?: DataKey): Engine {
  const path = join(resolve(directory), SQLITE_FILE_NAME);
  let engine = engines.get(path);
  if (!engine) {
    mkdirSync(resolve(directory), { recursive: true });
    engine = new Engine(path, () => engines.delete(path), key);
    engines.set(path, engine);
  }
  return engine;
}

export class Engine {
  readonly sqlite: BetterSqlite3.Database;
  readonly catalog: Catalog;
  readonly records: Records;
  private readonly databases = new Map<string, DatabaseState>();
  private readonly waiting: ScheduledTransaction[] = [];
  private writer: ScheduledTransaction | null = null;
  private group: ScheduledTransaction[] = [];
  private groupStartedAt = 0;
  private inTransaction = false;
  /** The running writer has begun: its savepoint is open. */
  private savepointOpen = false;
  private flushScheduled = false;
  /** The WAL file, opened at the first commit that syncs it. */
  private walFd: number | undefined;
  /** WAL syncs so far: one per group that held a transaction not marked relaxed. */
  syncs = 0;
  /** Open connections and requests in flight; at zero, with nothing left to commit, the file is closed. */
  private users = 0;
  private closed = false;
  private readonly control: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', BetterSqlite3.Statement>;

  constructor(
    readonly path: string,
    private readonly onClose: () => void,
    key?: DataKey,
  ) {
    this.sqlite = openSqlite(path, key);
    // Durable at commit, power loss included; WAL lets the one writer append without rewriting pages in place.
    // The engine syncs the WAL itself after each group that needs it (SQLite cannot change its safety level per
    // transaction): NORMAL appends a commit without syncing; the sync after it makes it, and all before it, durable.
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    // RxDB's indexes scatter each commit over hundreds of pages: checkpointing every 40 MB instead of every 4 MB copies
    // a page rewritten by many commits to the database file once (measured: a fifth fewer bytes written per import).
    this.sqlite.pragma('wal_autocheckpoint = 10000');
    this.sqlite.pragma('busy_timeout = 1000');
    // An encrypted page is decrypted and checked each time it is read from the file: a larger cache keeps the working
    // set decrypted (measured at 20,000 events: a full scan cost +25% CPU over plain with 16 MB, nothing with 64 MB).
    this.sqlite.pragma(`cache_size = ${key ? -64000 : -16000}`);
    this.sqlite.pragma('temp_store = MEMORY');
    this.catalog = new Catalog(this.sqlite);
    this.records = new Records(this.sqlite);
    this.control = {
      begin: this.sqlite.prepare('BEGIN IMMEDIATE'),
      savepoint: this.sqlite.prepare('SAVEPOINT idb_transaction'),
      release: this.sqlite.prepare('RELEASE idb_transaction'),
      rollbackTo: this.sqlite.prepare('ROLLBACK TO idb_transaction'),
      commit: this.sqlite.prepare('COMMIT'),
      rollback: this.sqlite.prepare('ROLLBACK'),
    };
  }

  /** The state of a database name, its schema read from the file the first time. */
  database(name: string): DatabaseState {
    let state = this.databases.get(name);
    if (!state) {
      state = { name, meta: this.catalog.load(name), connections: new Set(), transactions: [], queue: Promise.resolve() };
      this.databases.set(name, state);
    }
    return state;
  }

  /** Reads the schema again after a rollback undid changes to it. */
  reloadSchema(state: DatabaseState): void {
    state.meta = this.catalog.load(state.name);
  }

  retain(): void {
    if (this.closed) throw idbError('InvalidStateError', 'This IndexedDB file is closed.');
    this.users++;
  }

  release(): void {
    this.users--;
    this.closeIfIdle();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  enqueue(tx: ScheduledTransaction): void {
    tx._database.transactions.push(tx);
    this.waiting.push(tx);
    this.schedule();
  }

  /** Starts every waiting transaction IndexedDB's ordering rules (and the single writer slot) allow. */
  schedule(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const tx = this.waiting[i]!;
      if (this.canStart(tx)) {
        this.waiting.splice(i, 1);
        this.start(tx);
      } else {
        i++;
      }
    }
  }

  private groupFull(): boolean {
    return this.group.length >= MAX_GROUP || (this.group.length > 0 && performance.now() - this.groupStartedAt > MAX_GROUP_MS);
  }

  private canStart(tx: ScheduledTransaction): boolean {
    const writes = isWriter(tx);
    if (writes && (this.writer !== null || this.groupFull())) return false;
    for (const other of tx._database.transactions) {
      if (other === tx) break;
      if (other._phase === 'finished' || !overlaps(other, tx)) continue;
      if (other.mode === 'readonly' && tx.mode === 'readonly') continue;
      // A writer may follow a writer whose commit is pending: both commit in one group, in order.
      if (other._phase === 'committing' && writes) continue;
      return false;
    }
    return true;
  }

  private start(tx: ScheduledTransaction): void {
    if (isWriter(tx)) this.writer = tx;
    tx._phase = 'running';
    tx._started();
  }

  /**
   * Opens the running writer's savepoint (and the group's SQLite transaction), as the writer begins its work in a task
   * of its own: a file SQLite cannot lock fails that transaction, never the caller that created it.
   */
  beginWrite(): void {
    try {
      if (!this.inTransaction) {
        this.control.begin.run();
        this.inTransaction = true;
      }
      this.control.savepoint.run();
    } catch (cause) {
      // Another process holding the file (the data-dir lock should prevent it), a full or failing disk.
      throw idbError('UnknownError', `SQLite refused to start the transaction: ${(cause as Error).message}`);
    }
    this.savepointOpen = true;
  }

  /** The transaction has run all its requests: a reader is done, a writer's work joins the commit group. */
  requestsDone(tx: ScheduledTransaction): void {
    if (isWriter(tx)) {
      try {
        this.control.release.run();
      } catch (cause) {
        // A damaged page or a failing disk met at the savepoint's end: the caller aborts the writer with this error.
        throw idbError('UnknownError', `SQLite could not keep the transaction's writes: ${(cause as Error).message}`);
      }
      this.savepointOpen = false;
      this.writer = null;
      tx._phase = 'committing';
      if (this.group.length === 0) this.groupStartedAt = performance.now();
      this.group.push(tx);
      this.scheduleFlush();
    } else {
      this.finish(tx);
    }
    this.schedule();
  }

  /** The transaction aborted: its writes, if it was the running writer, are rolled back. */
  aborted(tx: ScheduledTransaction): void {
    const index = this.waiting.indexOf(tx);
    if (index >= 0) this.waiting.splice(index, 1);
    if (this.writer === tx) {
      if (this.savepointOpen) this.rollBackSavepoint();
      this.writer = null;
      if (this.group.length === 0) this.rollBackOuter();
    }
    this.finish(tx);
    this.scheduleFlush();
    this.schedule();
  }

  private rollBackSavepoint(): void {
    this.savepointOpen = false;
    try {
      this.control.rollbackTo.run();
      this.control.release.run();
    } catch (cause) {
      // SQLite refused even the rollback: only giving up the whole outer transaction is sure to leave nothing of the
      // writer behind, and the group waiting to commit goes with it.
      this.abandonGroup(idbError('UnknownError', `A rollback failed, nothing of these transactions was kept: ${(cause as Error).message}`));
    }
  }

  /** Rolls back the outer transaction and fails every transaction of the group in it. */
  private abandonGroup(error: DOMException): void {
    this.rollBackOuter();
    const group = this.group;
    this.group = [];
    this.fail(group, error);
  }

  private finish(tx: ScheduledTransaction): void {
    tx._phase = 'finished';
    const list = tx._database.transactions;
    const index = list.indexOf(tx);
    if (index >= 0) list.splice(index, 1);
  }

  /** Ends the outer SQLite transaction, if one is open, keeping nothing of it. */
  private rollBackOuter(): void {
    try {
      if (this.sqlite.inTransaction) this.control.rollback.run();
    } catch {
      // The failure reported is the one that led here. Should SQLite still hold the transaction open, the next
      // writer's BEGIN is refused and that writer aborts: nothing is written into a transaction left half-undone.
    }
    this.inTransaction = false;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the current task: writers that become ready meanwhile join this group.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    // A running writer's writes are inside the outer transaction: it must finish (or abort) first.
    if (this.writer || this.group.length === 0) {
      this.closeIfIdle();
      return;
    }
    try {
      this.control.commit.run();
    } catch (cause) {
      this.abandonGroup(idbError('UnknownError', `The commit failed, nothing of these transactions was kept: ${(cause as Error).message}`));
      return;
    }
    const group = this.group;
    this.group = [];
    this.inTransaction = false;
    if (!group.every((tx) => tx.durability === 'relaxed')) {
      try {
        this.syncWal();
      } catch (cause) {
        // Written, but the disk would not confirm it: no caller may be told it is durable.
        this.fail(group, idbError('UnknownError', `The disk did not confirm the commit; it may not survive a power cut: ${(cause as Error).message}`));
        return;
      }
    }
    for (const tx of group) {
      this.finish(tx);
      tx._committed();
    }
    this.schedule();
    this.closeIfIdle();
  }

  private fail(group: readonly ScheduledTransaction[], error: DOMException): void {
    for (const tx of group) {
      this.finish(tx);
      tx._commitFailed(error);
    }
    this.schedule();
  }

  /** What synchronous=FULL does at each commit: the WAL's sync makes this commit, and every one before it, durable. */
  private syncWal(): void {
    // The WAL exists once a commit has gone through it, and stays (same file) while this connection is open.
    this.walFd ??= openSync(`${this.path}-wal`, 'r');
    fdatasyncSync(this.walFd);
    this.syncs++;
  }

  private closeIfIdle(): void {
    if (this.closed || this.users > 0 || this.writer || this.group.length > 0 || this.waiting.length > 0 || this.flushScheduled) return;
    this.rollBackOuter();
    this.closed = true;
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.sqlite.close();
    this.onClose();
  }
}
