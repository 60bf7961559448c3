/** IDBFactory over one directory's SQLite file: open (with upgrades), deleteDatabase, cmp, databases. */

import type { DataKey } from '../sqliteCipher.js';
import { engineFor, type DatabaseState, type Engine, type ScheduledTransaction } from './engine.js';
import { idbError } from './errors.js';
import { fire, IdbEvent, nameList, VersionChangeEvent } from './events.js';
import { compareKeys } from './keys.js';
import { SqliteDatabase } from './database.js';
import { SqliteOpenRequest } from './request.js';
import { SqliteTransaction } from './transaction.js';

/** How often an upgrade or delete checks whether the other connections have closed. */
const CLOSE_POLL_MS = 5;

function toVersion(version: unknown): number | undefined {
  if (version === undefined) return undefined;
  const value = Number(version);
  if (!Number.isFinite(value) || value < 1 || value > Number.MAX_SAFE_INTEGER) throw new TypeError('The version must be a positive integer.');
  return Math.floor(value);
}

function failRequest(request: SqliteOpenRequest, error: DOMException): void {
  request._fail(error);
  fire(request, new IdbEvent('error', { bubbles: true, cancelable: true }));
}

/** Tells the other open connections a version change is coming, then waits until they have all closed. */
function othersClosed(state: DatabaseState, except: SqliteDatabase | undefined, request: SqliteOpenRequest, oldVersion: number, newVersion: number | null): Promise<void> {
  const others = [...state.connections].filter((connection) => connection !== except && !connection._closed);
  for (const other of others) if (!other._closePending) other._versionChange(oldVersion, newVersion);
  return new Promise((resolve) => {
    let blockedFired = false;
    const check = () => {
      if (others.every((other) => other._closed)) return resolve();
      if (!blockedFired) {
        blockedFired = true;
        fire(request, new VersionChangeEvent('blocked', oldVersion, newVersion));
      }
      setTimeout(check, CLOSE_POLL_MS);
    };
    setImmediate(check);
  });
}

export class SqliteFactory {
  constructor(
    private readonly directory: string,
    /** The file's key when it is encrypted at rest. */
    private readonly key?: DataKey,
  ) {}

  cmp(first: unknown, second: unknown): number {
    return compareKeys(first, second);
  }

  async databases(): Promise<{ name: string; version: number }[]> {
    const engine = engineFor(this.directory, this.key);
    engine.retain();
    try {
      return engine.catalog.databases();
    } finally {
      engine.release();
    }
  }

  open(name: string, version?: number): SqliteOpenRequest {
    const requested = toVersion(version);
    const request = new SqliteOpenRequest();
    this.queue(String(name), request, (engine, state) => this.runOpen(engine, state, requested, request));
    return request;
  }

  deleteDatabase(name: string): SqliteOpenRequest {
    const request = new SqliteOpenRequest();
    this.queue(String(name), request, (engine, state) => this.runDelete(engine, state, request));
    return request;
  }

  /** Opens and deletes of one name run one after another, each holding the file open until it is done. */
  private queue(name: string, request: SqliteOpenRequest, run: (engine: Engine, state: DatabaseState) => Promise<void>): void {
    let engine: Engine;
    try {
      engine = engineFor(this.directory, this.key);
      engine.retain();
    } catch (error) {
      setImmediate(() => failRequest(request, idbError('UnknownError', `Cannot open the IndexedDB file in ${this.directory}: ${(error as Error).message}`)));
      return;
    }
    const state = engine.database(name);
    state.queue = state.queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => run(engine, state))
      .catch((error: unknown) => failRequest(request, idbError('UnknownError', (error as Error).message)))
      .finally(() => engine.release());
  }

  private async runOpen(engine: Engine, state: DatabaseState, requested: number | undefined, request: SqliteOpenRequest): Promise<void> {
    const current = state.meta?.version ?? 0;
    const version = requested ?? (current || 1);
    if (current > version) {
      failRequest(request, idbError('VersionError', `The database is at version ${current}, above the ${version} asked for.`));
      return;
    }
    const connection = new SqliteDatabase(engine, state, current);
    // The connection keeps the file open until it closes (it releases then).
    engine.retain();
    state.connections.add(connection);
    if (current === version) {
      request._succeed(connection);
      fire(request, new IdbEvent('success'));
      return;
    }
    await othersClosed(state, connection, request, current, version);
    await this.upgrade(engine, state, connection, request, current, version);
  }

  /** Runs the versionchange transaction; resolves once the open request has its success or error. */
  private upgrade(engine: Engine, state: DatabaseState, connection: SqliteDatabase, request: SqliteOpenRequest, oldVersion: number, newVersion: number): Promise<void> {
    return new Promise((resolve) => {
      const scope = new Set(state.meta?.stores.keys() ?? []);
      const tx = new SqliteTransaction(connection, scope, 'versionchange', 'default', {
        begin() {
          state.meta ??= engine.catalog.createDatabase(state.name);
          engine.catalog.setVersion(state.meta, newVersion);
          connection.version = newVersion;
        },
        fireUpgradeNeeded() {
          request._succeed(connection);
          request.transaction = tx;
          return fire(request, new VersionChangeEvent('upgradeneeded', oldVersion, newVersion));
        },
        finished(committed) {
          connection._upgrade = null;
          request.transaction = null;
          if (committed && !connection._closePending) {
            request._succeed(connection);
            fire(request, new IdbEvent('success'));
          } else {
            // The rollback restored the schema in the file; the connection forgets what the upgrade did.
            connection.version = oldVersion;
            connection.objectStoreNames = nameList(state.meta?.stores.keys() ?? []);
            connection.close();
            failRequest(request, idbError('AbortError', 'The upgrade was aborted.'));
          }
          resolve();
        },
      });
      connection._upgrade = tx;
      connection._track(tx);
      engine.enqueue(tx);
    });
  }

  private async runDelete(engine: Engine, state: DatabaseState, request: SqliteOpenRequest): Promise<void> {
    const oldVersion = state.meta?.version ?? 0;
    if (state.meta) {
      await othersClosed(state, undefined, request, oldVersion, null);
      const error = await dropDatabase(engine, state);
      if (error) {
        failRequest(request, error);
        return;
      }
    }
    request._succeed(undefined);
    fire(request, new VersionChangeEvent('success', oldVersion, null));
  }

  get [Symbol.toStringTag](): string {
    return 'IDBFactory';
  }
}

/** Drops the database's tables and catalog rows as one writer of the engine; resolves with the error if the commit failed. */
function dropDatabase(engine: Engine, state: DatabaseState): Promise<DOMException | undefined> {
  return new Promise((resolve) => {
    const job: ScheduledTransaction = {
      mode: 'versionchange',
      durability: 'strict',
      _scope: new Set(),
      _database: state,
      _phase: 'waiting',
      _started() {
        setImmediate(() => {
          try {
            engine.beginWrite();
            engine.catalog.deleteDatabase(state.meta!);
          } catch (error) {
            engine.aborted(job);
            engine.reloadSchema(state);
            resolve(idbError('UnknownError', `The database could not be deleted: ${(error as Error).message}`));
            return;
          }
          state.meta = undefined;
          engine.requestsDone(job);
        });
      },
      _committed: () => resolve(undefined),
      _commitFailed(error) {
        engine.reloadSchema(state);
        resolve(error);
      },
    };
    engine.enqueue(job);
  });
}
